//! Help for the screen it is opened over, and hints that name only keys that do something.

use std::collections::BTreeMap;
use std::sync::Arc;

use stockroom::app::state::{BasketView, Inspector, Layer, State};
use stockroom::keys::{Bindings, KeyList};

use crate::support::editing::basket_open;
use crate::support::screens::{render, state, text};

fn hints(state: &State, columns: u16) -> String {
    text(&render(state, columns, 24))
        .lines()
        .nth(22)
        .unwrap_or_default()
        .to_owned()
}

fn unbound(state: &mut State, commands: &[&str]) {
    let table: BTreeMap<String, KeyList> = commands
        .iter()
        .map(|name| (name.to_string(), KeyList::Many(Vec::new())))
        .collect();
    state.bindings = Arc::new(Bindings::build(&table).unwrap());
}

#[test]
fn help_over_the_basket_explains_its_own_keys() {
    let mut state = basket_open();
    assert!(matches!(state.top(), Layer::Basket(BasketView { .. })));
    state.push(Layer::Help);
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Keys · Basket"), "{screen}");
    assert!(screen.contains("drop the selected change"), "{screen}");
    assert!(
        screen.contains("a/o") && screen.contains("overwrite"),
        "{screen}"
    );
    assert!(
        !screen.contains("warehouse / columns"),
        "the list's keys are left out:\n{screen}"
    );
}

#[test]
fn help_over_the_ledger_explains_its_own_keys() {
    let mut state = state();
    state.push(Layer::Ledger(Inspector::default()));
    state.push(Layer::Help);
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Keys · Requests"), "{screen}");
    assert!(screen.contains("export the ledger"), "{screen}");
    assert!(
        screen.contains("filter: words in any field or body"),
        "{screen}"
    );
}

#[test]
fn the_list_help_is_unchanged_over_the_list() {
    let mut state = state();
    state.push(Layer::Help);
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("warehouse / columns"), "{screen}");
    assert!(!screen.contains("On this screen"), "{screen}");
}

#[test]
fn no_hint_names_an_unbound_key() {
    let mut state = state();
    unbound(&mut state, &["filter", "copy", "help"]);
    state.push(Layer::Ledger(Inspector::default()));
    let line = hints(&state, 120);
    assert!(line.contains("Enter open"), "{line}");
    assert!(!line.contains("/ filter"), "{line}");
    assert!(!line.contains("y copy"), "{line}");
    assert!(!line.contains("? help"), "{line}");

    state.push(Layer::Help);
    let screen = text(&render(&state, 120, 30));
    assert!(!screen.contains("filter: words"), "{screen}");
    assert!(screen.contains("the request in full"), "{screen}");
}

#[test]
fn a_long_error_wraps_upward_and_ends_on_the_hints_line() {
    let mut state = state();
    state.message = Some(stockroom::app::state::Message {
        severity: stockroom::app::state::Severity::Error,
        text: "The store refused the request because the API key has no write permission; \
               ask the store owner to grant products:write"
            .into(),
    });
    let line = hints(&state, 80);
    assert!(line.contains("products:write"), "{line}");
    let screen = text(&render(&state, 80, 24));
    let rows: Vec<&str> = screen.lines().skip(21).take(2).map(str::trim).collect();
    assert!(rows[0].starts_with("The store refused"), "{screen}");
    let whole = rows.join(" ");
    assert!(
        whole.contains("no write permission; ask the store owner"),
        "nothing cut:\n{screen}"
    );
}
