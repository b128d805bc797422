//! Remapped keys: the config's `[keys]` table decides what a key does in the list, while the
//! keys every mode relies on (Ctrl-c, Esc, counts) stay put.

use std::collections::BTreeMap;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::action::Action;
use stockroom::app::keymap::action_for;
use stockroom::app::state::Layer;
use stockroom::app::state::{Inspector, State};
use stockroom::app::update::update;
use stockroom::keys::{Bindings, KeyList};

use crate::support::states::partly_loaded;

fn with_keys(entries: &[(&str, &str)]) -> State {
    let table: BTreeMap<String, KeyList> = entries
        .iter()
        .map(|(name, key)| (name.to_string(), KeyList::One(key.to_string())))
        .collect();
    let mut state = partly_loaded();
    match Bindings::build(&table) {
        Ok(bindings) => state.bindings = Arc::new(bindings),
        Err(problems) => panic!("{problems:?}"),
    }
    state
}

fn press(state: &State, code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
    action_for(KeyEvent::new(code, modifiers), state)
}

#[test]
fn a_remapped_command_answers_its_new_key_and_not_its_old_one() {
    let state = with_keys(&[("quit", "ctrl-q"), ("down", "n"), ("new", "ctrl-n")]);
    let none = KeyModifiers::NONE;
    assert_eq!(
        press(&state, KeyCode::Char('q'), KeyModifiers::CONTROL),
        Some(Action::Quit)
    );
    assert_eq!(press(&state, KeyCode::Char('q'), none), None);
    assert_eq!(
        press(&state, KeyCode::Char('n'), none),
        Some(Action::SelectNext)
    );
    assert_eq!(press(&state, KeyCode::Char('j'), none), None);
    assert_eq!(
        press(&state, KeyCode::Char('n'), KeyModifiers::CONTROL),
        Some(Action::NewProduct)
    );
    // Untouched commands keep their defaults.
    assert_eq!(
        press(&state, KeyCode::Char('k'), none),
        Some(Action::SelectPrev)
    );
}

#[test]
fn ctrl_c_esc_and_counts_cannot_be_taken_away() {
    let state = with_keys(&[("quit", "x"), ("back", "ctrl-h")]);
    assert_eq!(
        press(&state, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Action::Quit)
    );
    assert_eq!(
        press(&state, KeyCode::Esc, KeyModifiers::NONE),
        Some(Action::Back)
    );
    assert_eq!(
        press(&state, KeyCode::Char('5'), KeyModifiers::NONE),
        Some(Action::CountDigit(5))
    );
}

#[test]
fn uppercase_keys_match_with_or_without_the_shift_the_terminal_reports() {
    let state = with_keys(&[("last", "L"), ("ledger", "ctrl-l")]);
    for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
        assert_eq!(
            press(&state, KeyCode::Char('L'), modifiers),
            Some(Action::SelectLast)
        );
        assert_eq!(
            press(&state, KeyCode::Char('?'), modifiers),
            Some(Action::ToggleHelp)
        );
    }
}

#[test]
fn in_the_inspector_a_remapped_stock_key_still_changes_nothing() {
    let mut state = with_keys(&[("add_stock", "a")]);
    assert_eq!(
        press(&state, KeyCode::Char('a'), KeyModifiers::NONE),
        Some(Action::AdjustStock { sign: 1 })
    );
    state.push(Layer::Ledger(Inspector::default()));
    assert_eq!(press(&state, KeyCode::Char('a'), KeyModifiers::NONE), None);
    assert_eq!(press(&state, KeyCode::Char('+'), KeyModifiers::NONE), None);
}

#[test]
fn the_help_and_the_hints_line_show_the_keys_as_bound() {
    use crate::support::screens::{render, text};
    let mut state = with_keys(&[("quit", "ctrl-q"), ("filter", "f"), ("help", "f2")]);
    let screen = text(&render(&state, 100, 30));
    let hints = screen.lines().nth(28).unwrap_or_default().to_owned();
    assert!(hints.contains("Ctrl-q quit"), "{hints}");
    assert!(
        hints.contains("f filter") && hints.contains("F2 help"),
        "{hints}"
    );
    assert!(
        !hints.contains("  q quit") && !hints.contains("  / filter"),
        "{hints}"
    );

    update(&mut state, Action::ToggleHelp);
    let screen = text(&render(&state, 100, 30));
    assert!(screen.contains("+ -  5+ 5-"), "{screen}");
    let row = |label: &str| {
        screen
            .lines()
            .find(|line| line.contains(label))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(row("quit").contains("Ctrl-q  Ctrl-c"), "{screen}");
    assert!(row("filter as you type").contains("│ f "), "{screen}");
    assert!(screen.contains("F2 or Esc closes"), "{screen}");
    let hints = screen.lines().nth(28).unwrap_or_default().to_owned();
    assert!(
        hints.contains("F2 / Esc close help") && hints.contains("Ctrl-q quit"),
        "{hints}"
    );
}

#[test]
fn counts_and_moves_follow_the_bound_keys_in_the_help_and_the_basket() {
    use crate::support::screens::{render, text};
    let mut state = with_keys(&[("add_stock", "a"), ("down", "n"), ("new", "ctrl-n")]);
    update(&mut state, Action::ToggleHelp);
    let screen = text(&render(&state, 100, 30));
    assert!(screen.contains("a -  5a 5-"), "{screen}");
    update(&mut state, Action::Back);
    update(&mut state, Action::AdjustStock { sign: 1 });
    update(&mut state, Action::OpenBasket);
    let screen = text(&render(&state, 100, 30));
    let hints = screen.lines().nth(28).unwrap_or_default().to_owned();
    assert!(hints.contains("n/k move"), "{hints}");
}

#[test]
fn alt_and_shifted_arrows_run_what_the_plain_key_runs_unless_bound_themselves() {
    let state = with_keys(&[("ledger", "alt-l")]);
    assert_eq!(
        press(&state, KeyCode::Char('j'), KeyModifiers::ALT),
        Some(Action::SelectNext)
    );
    assert_eq!(
        press(&state, KeyCode::Down, KeyModifiers::SHIFT),
        Some(Action::SelectNext)
    );
    assert_eq!(
        press(&state, KeyCode::Char('l'), KeyModifiers::ALT),
        Some(Action::OpenLedger)
    );
    // A digit with Alt is not a count.
    assert_eq!(press(&state, KeyCode::Char('5'), KeyModifiers::ALT), None);
}
