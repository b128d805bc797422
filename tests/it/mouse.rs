//! The mouse, when the config turns it on: the wheel scrolls what is under the pointer, a
//! click selects a row and a click on the selected row opens it.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::mouse::action_for;
use stockroom::app::state::{Focus, State};
use stockroom::app::update::update;

use crate::support::states::{compute_views, partly_loaded};

fn mouse(state: &mut State, kind: MouseEventKind, column: u16, row: u16) -> Vec<Effect> {
    let event = MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    match action_for(event, state) {
        Some(action) => update(state, action),
        None => vec![],
    }
}

fn click(state: &mut State, column: u16, row: u16) -> Vec<Effect> {
    mouse(state, MouseEventKind::Down(MouseButton::Left), column, row)
}

#[test]
fn a_click_selects_the_row_under_it_and_a_second_click_opens_it() {
    let mut state = partly_loaded();
    // 80x24: the list's border on line 0, its header on line 1, the first product on line 2.
    click(&mut state, 10, 6);
    assert_eq!(state.session.listing.selected, 4);
    assert!(!state.detail_open());
    let effects = click(&mut state, 10, 6);
    assert!(state.detail_open());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadProduct { .. })),
        "{effects:?}"
    );
}

#[test]
fn clicks_on_borders_headers_and_below_the_last_row_do_nothing() {
    let mut state = partly_loaded();
    state.session.listing.selected = 3;
    for row in [0, 1, 21, 22, 23] {
        click(&mut state, 10, row);
        assert_eq!(state.session.listing.selected, 3, "line {row}");
    }
    // Filtered to ten rows (SKU0040 to SKU0049): lines 2 to 11 hold them, 12 and below are empty.
    update(&mut state, Action::StartSearch);
    for c in "sku:SKU004".chars() {
        let effects = update(&mut state, Action::SearchInput(c));
        compute_views(&mut state, effects);
    }
    let effects = update(&mut state, Action::SearchSubmit);
    compute_views(&mut state, effects);
    assert_eq!(state.session.listing.len(), 10);
    click(&mut state, 10, 11);
    assert_eq!(state.session.listing.selected, 9);
    for row in [12, 15, 20] {
        click(&mut state, 10, row);
        assert_eq!(state.session.listing.selected, 9, "line {row}");
    }
}

#[test]
fn the_wheel_moves_the_list_three_rows_and_scrolls_what_is_open() {
    let mut state = partly_loaded();
    mouse(&mut state, MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(state.session.listing.selected, 3);
    mouse(&mut state, MouseEventKind::ScrollUp, 10, 10);
    assert_eq!(state.session.listing.selected, 0);
    // With the help open the wheel goes to the help, which does not scroll: the list stays.
    update(&mut state, Action::ToggleHelp);
    mouse(&mut state, MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(state.session.listing.selected, 0);
    assert!(state.help_open());
}

#[test]
fn on_a_wide_screen_the_wheel_over_the_detail_pane_gives_it_the_focus() {
    let mut state = partly_loaded();
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 35,
        },
    );
    assert_eq!(state.session.focus, Focus::List);
    mouse(&mut state, MouseEventKind::ScrollDown, 100, 10);
    assert_eq!(state.session.focus, Focus::Detail);
    assert_eq!(state.session.listing.selected, 0, "the list did not move");
    click(&mut state, 10, 4);
    assert_eq!(state.session.focus, Focus::List);
    assert_eq!(state.session.listing.selected, 2);
}
