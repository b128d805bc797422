//! Render tests for the basket view: items old → new, conflicts, planned requests, progress.

use stockroom::app::state::Layer;
use stockroom::app::state::{BasketView, Batch};
use stockroom::theme::Styles;

use crate::support::editing::{basket_open, form, staged};
use crate::support::screens::{find, render, state, text};

#[test]
fn basket_120x40() {
    insta::assert_snapshot!(text(&render(&basket_open(), 120, 40)));
}

#[test]
fn basket_80x24() {
    insta::assert_snapshot!(text(&render(&basket_open(), 80, 24)));
}

#[test]
fn basket_scrolls_to_the_selected_item() {
    let mut state = basket_open();
    if let Some(view) = state.basket_view_mut() {
        view.selected = 8;
    }
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("▶ U0012O5AF2"), "{screen}");
    assert!(screen.contains("✗ 409 Ring\\u{1b}"), "{screen}");
}

#[test]
fn basket_conflict_lines_use_the_error_style() {
    let buffer = render(&basket_open(), 120, 40);
    let (x, y) = find(&buffer, "Stock: you saw 119, the server now has 100");
    assert_eq!(buffer[(x, y)].fg, Styles::default().error.fg.unwrap());
    let screen = text(&buffer);
    assert!(
        screen.contains("a apply the same change to 100 (→ 115)  o overwrite with 134  x drop"),
        "{screen}"
    );
}

#[test]
fn basket_while_sending_shows_progress_80x24() {
    let mut state = basket_open();
    let items = state
        .session
        .basket
        .items
        .iter()
        .map(|item| item.id)
        .collect();
    state.session.sending = Some(Batch {
        items,
        done: 3,
        sent: 2,
        failed: 1,
    });
    state.session.journal_error =
        Some("/home/shop/.local/state/stockroom/journal: disk full".into());
    if let Some(view) = state.basket_view_mut() {
        view.selected = 0;
    }
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn empty_basket_says_how_to_stage() {
    let mut state = state();
    state.push(Layer::Basket(BasketView::default()));
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Nothing staged."), "{screen}");
    assert!(screen.contains("Basket · 0 changes · 0 writes"), "{screen}");
}

#[test]
fn overlays_survive_tiny_terminals() {
    let mut states = vec![basket_open(), form(6)];
    let mut dialog = staged();
    dialog.push(Layer::Dialog(stockroom::app::state::Dialog::ConfirmQuit {
        unsent: 3,
    }));
    states.push(dialog);
    for state in &states {
        for (width, height) in [(1, 1), (10, 3), (20, 6), (40, 10), (60, 15)] {
            render(state, width, height);
        }
    }
}
