//! The layer stack as a user meets it: Ctrl-C quits from whatever is open (asking first when
//! something is staged), Esc closes exactly what is on top, the hints line and the help are
//! the top layer's, and a dialog's yes runs what it asked about.

use std::mem::discriminant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::import::ImportReport;
use stockroom::app::keymap::action_for;
use stockroom::app::state::{Dialog, Layer, ListingsView, State};
use stockroom::app::update::update;
use stockroom::basket::Change;
use stockroom::catalog::model::SoldAction;

use crate::support::editing::{stock, target};
use crate::support::screens::{render, state, text};
use crate::support::states::{numbered, partly_loaded};

/// Presses a key as the terminal would deliver it: through the keymap, then `update`.
fn press(state: &mut State, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    match action_for(KeyEvent::new(code, modifiers), state) {
        Some(action) => update(state, action),
        None => vec![],
    }
}

fn ctrl_c(state: &mut State) -> Vec<Effect> {
    press(state, KeyCode::Char('c'), KeyModifiers::CONTROL)
}

fn esc(state: &mut State) -> Vec<Effect> {
    press(state, KeyCode::Esc, KeyModifiers::NONE)
}

/// The page-3 screen with its page's exchange known, so `I` and `R` have something to open.
fn screen() -> State {
    let mut state = state();
    state.session.listing.source = state.ledger.front().map(|e| e.seq);
    state
}

/// The sale dialog on product 4 (a Valigara dialog, opened here on any store).
fn sale() -> Dialog {
    Dialog::MarkSold {
        target: target(4),
        current: stock(4),
        quantity: "1".into(),
        action: SoldAction::default(),
        error: None,
        selected: true,
    }
}

/// Every layer, each opened the way a user opens it where a key does, on `base`.
fn every_layer(base: &State) -> Vec<(&'static str, State)> {
    let opened = |actions: &[Action]| {
        let mut state = base.clone();
        for action in actions {
            update(&mut state, action.clone());
        }
        state
    };
    let pushed = |layer: Layer| {
        let mut state = base.clone();
        state.push(layer);
        state
    };
    let listings = ListingsView {
        target: target(4),
        accounts: Some(Ok(vec![])),
        chosen: vec![],
        selected: 0,
        budget: None,
        sending: false,
    };
    vec![
        ("list", base.clone()),
        ("detail", opened(&[Action::Open])),
        ("search", opened(&[Action::StartSearch])),
        ("help", opened(&[Action::ToggleHelp])),
        ("command line", opened(&[Action::StartCommand])),
        ("= prompt", opened(&[Action::StartSetStock])),
        ("new product form", opened(&[Action::NewProduct])),
        ("basket", opened(&[Action::OpenBasket])),
        ("delete dialog", opened(&[Action::DeleteProduct])),
        ("sale dialog", pushed(Layer::Dialog(sale()))),
        (
            "import report",
            pushed(Layer::ImportReport(ImportReport::default())),
        ),
        ("ledger", opened(&[Action::OpenLedger])),
        (
            "exchange from the ledger",
            opened(&[Action::OpenLedger, Action::Open]),
        ),
        ("exchange (I)", opened(&[Action::InspectLast])),
        ("listings", pushed(Layer::Listings(listings))),
        ("copy key", opened(&[Action::StartCopy])),
        (
            "I from the detail pane",
            opened(&[Action::Open, Action::InspectLast]),
        ),
        (
            "R from the detail pane",
            opened(&[Action::Open, Action::InspectProduct]),
        ),
        (
            "I from the basket",
            opened(&[Action::OpenBasket, Action::InspectLast]),
        ),
        (
            "R from the basket",
            opened(&[Action::OpenBasket, Action::InspectProduct]),
        ),
        (
            "help over the basket",
            opened(&[Action::OpenBasket, Action::ToggleHelp]),
        ),
    ]
}

fn kinds(state: &State) -> Vec<std::mem::Discriminant<Layer>> {
    state.layers.iter().map(discriminant).collect()
}

#[test]
fn every_layer_is_opened_by_its_setup() {
    for (name, state) in every_layer(&screen()) {
        let expected = if name == "list" { 1 } else { 2 };
        assert!(state.layers.len() >= expected, "{name}: {:?}", state.layers);
    }
}

#[test]
fn ctrl_c_quits_from_every_layer_when_nothing_is_staged() {
    for (name, mut state) in every_layer(&screen()) {
        let effects = ctrl_c(&mut state);
        assert!(state.should_quit, "{name}: Ctrl-C quits");
        assert!(effects.contains(&Effect::Quit), "{name}: {effects:?}");
    }
}

#[test]
fn ctrl_c_asks_from_every_layer_when_something_is_staged_and_no_goes_back() {
    let mut base = screen();
    base.session.basket.adjust_stock(target(4), stock(4), 2);
    for (name, mut state) in every_layer(&base) {
        let before = kinds(&state);
        let effects = ctrl_c(&mut state);
        assert!(!state.should_quit, "{name}: asks before quitting");
        assert!(!effects.contains(&Effect::Quit), "{name}: {effects:?}");
        assert_eq!(
            state.dialog().cloned(),
            Some(Dialog::ConfirmQuit { unsent: 1 }),
            "{name}"
        );
        press(&mut state, KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(kinds(&state), before, "{name}: no puts back what was open");
        assert!(!state.should_quit, "{name}");
        ctrl_c(&mut state);
        let effects = ctrl_c(&mut state);
        assert!(state.should_quit, "{name}: Ctrl-C on the question quits");
        assert!(effects.contains(&Effect::Quit), "{name}");
    }
}

#[test]
fn ctrl_c_asks_when_the_staged_change_is_on_another_profile() {
    let mut state = partly_loaded();
    let summary = numbered(1);
    let parked = &mut state.parked[1];
    parked.opened = true;
    parked.basket.adjust_stock(
        stockroom::basket::Target {
            id: Some(summary.id),
            sku: summary.sku.0,
            name: summary.name,
        },
        1,
        1,
    );
    update(&mut state, Action::StartSearch);
    ctrl_c(&mut state);
    assert!(!state.should_quit, "the search used to quit without asking");
    assert_eq!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmQuit { unsent: 1 })
    );
}

#[test]
fn esc_pops_exactly_one_layer_from_every_layer() {
    for (name, mut state) in every_layer(&screen()) {
        let mut expected = kinds(&state);
        if expected.len() > 1 {
            expected.pop();
        }
        esc(&mut state);
        assert_eq!(kinds(&state), expected, "{name}: Esc closes only the top");
        assert!(!state.should_quit, "{name}");
    }
}

#[test]
fn esc_after_i_or_r_returns_where_it_came_from() {
    let base = screen();
    for (from, open) in [
        ("detail pane", Action::Open),
        ("basket", Action::OpenBasket),
    ] {
        for inspect in [Action::InspectLast, Action::InspectProduct] {
            let mut state = base.clone();
            update(&mut state, open.clone());
            let came_from = discriminant(state.top());
            update(&mut state, inspect.clone());
            assert!(
                matches!(state.top(), Layer::Exchange(_)),
                "{inspect:?} from the {from} opens the exchange"
            );
            esc(&mut state);
            assert_eq!(
                discriminant(state.top()),
                came_from,
                "Esc after {inspect:?} goes back to the {from}"
            );
        }
    }
}

#[test]
fn the_hints_line_names_the_top_layers_keys() {
    let mut state = screen();
    state.session.basket.adjust_stock(target(4), stock(4), 2);
    let hints = |state: &State| {
        let screen = text(&render(state, 120, 40));
        screen.lines().nth(38).unwrap_or_default().to_owned()
    };
    update(&mut state, Action::OpenBasket);
    let basket = hints(&state);
    assert!(basket.contains("send"), "the basket's keys: {basket}");

    update(&mut state, Action::ToggleHelp);
    let help = hints(&state);
    assert!(help.contains("close help"), "the help's keys: {help}");
    assert!(!help.contains("send"), "not the basket's under it: {help}");

    esc(&mut state);
    update(&mut state, Action::SendBasket);
    let dialog = hints(&state);
    assert!(!dialog.contains("close help"), "{dialog}");
    assert!(!dialog.contains("drop"), "not the basket's keys: {dialog}");

    press(&mut state, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(
        hints(&state),
        basket,
        "the basket's keys again once it is on top"
    );
}

#[test]
fn the_help_is_drawn_over_what_it_was_opened_on_and_goes_with_esc() {
    let mut state = screen();
    update(&mut state, Action::OpenBasket);
    let basket = text(&render(&state, 120, 40));
    update(&mut state, Action::ToggleHelp);
    let help = text(&render(&state, 120, 40));
    assert!(help.contains(" Keys "), "{help}");
    assert!(!basket.contains(" Keys "), "{basket}");
    esc(&mut state);
    assert_eq!(text(&render(&state, 120, 40)), basket);
}

#[test]
fn a_dialogs_yes_runs_the_action_it_carries() {
    let mut delete = screen();
    update(&mut delete, Action::DeleteProduct);
    let effects = press(&mut delete, KeyCode::Char('y'), KeyModifiers::NONE);
    assert!(delete.dialog().is_none());
    let staged = delete
        .session
        .basket
        .items
        .first()
        .map(|i| i.change.clone());
    assert_eq!(
        staged,
        Some(Change::Delete {
            keep_channels: false
        })
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveJournal { .. }))
    );

    let mut declined = screen();
    update(&mut declined, Action::DeleteProduct);
    press(&mut declined, KeyCode::Char('n'), KeyModifiers::NONE);
    assert!(declined.session.basket.is_empty(), "no runs nothing");

    let mut discard = screen();
    discard.session.basket.adjust_stock(target(4), stock(4), 2);
    update(&mut discard, Action::OpenBasket);
    update(&mut discard, Action::DropAll);
    assert_eq!(
        discard.dialog().cloned(),
        Some(Dialog::ConfirmDiscard { items: 1 })
    );
    press(&mut discard, KeyCode::Char('y'), KeyModifiers::NONE);
    assert!(discard.session.basket.is_empty(), "yes drops the basket");
    assert!(discard.basket_view().is_none(), "and closes it");

    let mut sold = screen();
    sold.push(Layer::Dialog(sale()));
    press(&mut sold, KeyCode::Backspace, KeyModifiers::NONE);
    press(&mut sold, KeyCode::Char('2'), KeyModifiers::NONE);
    press(&mut sold, KeyCode::Enter, KeyModifiers::NONE);
    assert!(sold.dialog().is_none());
    assert!(matches!(
        sold.session.basket.items.first().map(|i| &i.change),
        Some(Change::Sold { quantity: 2, .. })
    ));
}

#[test]
fn a_background_stores_result_leaves_the_visible_stack_alone() {
    let mut state = partly_loaded();
    state.parked[1].opened = true;
    update(&mut state, Action::Open);
    update(&mut state, Action::StartCommand);
    let before = kinds(&state);
    let summary = numbered(7);
    let mut journal = stockroom::basket::Basket::default();
    journal.adjust_stock(
        stockroom::basket::Target {
            id: Some(summary.id),
            sku: summary.sku.0,
            name: summary.name,
        },
        7,
        1,
    );
    update(
        &mut state,
        Action::JournalLoaded {
            profile: 1,
            items: journal.items,
        },
    );
    assert_eq!(kinds(&state), before, "no recovery dialog over this store");
    assert!(matches!(state.top(), Layer::Prompt(_)));
    assert_eq!(
        state.parked[1].basket.len(),
        1,
        "the other store has it staged"
    );

    let items = state.parked[1].basket.items.clone();
    update(&mut state, Action::JournalLoaded { profile: 0, items });
    assert!(
        matches!(state.top(), Layer::Dialog(Dialog::Recovered { .. })),
        "the visible store's own journal asks"
    );
}
