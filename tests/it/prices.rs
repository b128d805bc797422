//! `update` tests of UGAL's price-list editor: the rules checked as you type, the whole list staged.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;
use stockroom::app::action::Action;
use stockroom::app::state::{Editor, State};
use stockroom::app::update::update;
use stockroom::basket::Change;
use stockroom::catalog::model::{
    Money, Platform, PriceTier, Product, ProductId, ProductSummary, Sku, Status, Stock,
};

use crate::support::{profiles, states};

fn summary() -> ProductSummary {
    ProductSummary {
        id: ProductId("911-red".into()),
        sku: Sku("911-red".into()),
        name: "Porsche 911 — Red".into(),
        price: Money::parse("9400.00"),
        stock: Stock::Quantity(1),
        status: Status::Active,
    }
}

fn tier(pricelist: &str, quantity: u32, amount: &str) -> PriceTier {
    PriceTier {
        pricelist: pricelist.into(),
        quantity,
        amount: Money::parse(amount).unwrap(),
        vat: None,
    }
}

fn item() -> Product {
    Product {
        prices: vec![tier("pro", 10, "9000.00"), tier("default", 1, "9400.00")],
        vat_rate: Some(Decimal::new(1960, 4)),
        ..states::product(summary(), serde_json::json!({"reference": "911-red"}))
    }
}

/// A state with the price editor open on 911-red (nominal first, then pro × 10).
fn editing() -> State {
    let profile = profiles::shop(Platform::Ugal, false);
    let mut state = states::loaded(vec![profile], states::first_page(vec![summary()], 25, None));
    states::editing(&mut state, item());
    state
}

fn key(state: &mut State, code: KeyCode, modifiers: KeyModifiers) {
    update(state, Action::EditorKey(KeyEvent::new(code, modifiers)));
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        key(state, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn editor(state: &State) -> &stockroom::app::state::PriceEditor {
    match state.editor() {
        Some(Editor::Prices(editor)) => editor,
        other => panic!("the price editor: {other:?}"),
    }
}

#[test]
fn the_editor_opens_on_the_tiers_nominal_first() {
    let state = editing();
    let rows: Vec<(String, String)> = editor(&state)
        .rows
        .iter()
        .map(|r| (r.pricelist.clone(), r.amount.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            ("default".into(), "9400.00".into()),
            ("pro".into(), "9000.00".into())
        ]
    );
    assert!(editor(&state).errors.is_empty());
}

#[test]
fn the_rules_are_checked_as_you_type() {
    let mut state = editing();
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "94.001");
    assert!(
        editor(&state).rows[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("two places"))
    );
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "9300");
    assert!(editor(&state).rows[0].error.is_none());

    update(&mut state, Action::EditorPrev);
    update(&mut state, Action::EditorPrev);
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "pro");
    assert!(
        editor(&state).errors.iter().any(|e| e.contains("nominal")),
        "{:?}",
        editor(&state).errors
    );
    assert!(
        update(&mut state, Action::EditorSave).is_empty(),
        "nothing staged without a nominal price"
    );
    assert!(state.session.basket.is_empty());

    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "default");
    key(&mut state, KeyCode::Char('n'), KeyModifiers::CONTROL);
    update(&mut state, Action::EditorPrev);
    update(&mut state, Action::EditorPrev);
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "pro");
    update(&mut state, Action::EditorNext);
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "10");
    update(&mut state, Action::EditorNext);
    type_text(&mut state, "8000");
    assert!(
        editor(&state).errors.iter().any(|e| e.contains("twice")),
        "{:?}",
        editor(&state).errors
    );
    key(&mut state, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert!(editor(&state).errors.is_empty());
}

#[test]
fn saving_stages_the_whole_list_against_the_one_read() {
    let mut state = editing();
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "9100.00");
    update(&mut state, Action::EditorSave);
    assert!(state.editor().is_none());
    match &state.session.basket.items[0].change {
        Change::Prices { from, to, .. } => {
            assert_eq!(from.len(), 2);
            assert_eq!(
                to.len(),
                2,
                "every tier is sent, the changed one and the other"
            );
            assert!(
                to.iter()
                    .any(|t| t.pricelist == "pro" && t.amount == Money::parse("9000.00").unwrap())
            );
            assert!(
                to.iter()
                    .any(|t| t.pricelist == "default"
                        && t.amount == Money::parse("9100.00").unwrap())
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_price_editor_shows_both_amounts_on_a_vat_shop_100x30() {
    let mut state = editing();
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "9400.001");
    let screen = crate::support::screens::text(&crate::support::screens::render(&state, 100, 30));
    assert!(
        screen.contains("excl. 19.6%") && screen.contains("7525.08"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn prices_and_inventory_of_one_item_go_in_one_change() {
    use stockroom::basket::StockChange;
    let mut state = editing();
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "9100.00");
    update(&mut state, Action::EditorSave);
    update(&mut state, Action::CountDigit(2));
    update(&mut state, Action::AdjustStock { sign: 1 });
    assert_eq!(
        state.session.basket.len(),
        1,
        "one item for the item's prices and inventory"
    );
    match &state.session.basket.items[0].change {
        Change::Prices { to, stock, .. } => {
            assert!(
                to.iter()
                    .any(|t| t.amount == Money::parse("9100.00").unwrap())
            );
            assert_eq!(*stock, Some(StockChange::adjust(1, 2)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        stockroom::basket::undo::inverse(&state.session.basket.items[0].change).and_then(
            |c| match c {
                Change::Prices { stock, .. } => stock,
                _ => None,
            }
        ),
        Some(StockChange::Set { from: 3, to: 1 })
    );
}

#[test]
fn a_stock_change_staged_first_joins_the_prices() {
    use stockroom::basket::StockChange;
    let mut state = editing();
    update(&mut state, Action::EditorCancel);
    update(&mut state, Action::AdjustStock { sign: 1 });
    update(&mut state, Action::EditProduct);
    key(&mut state, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut state, "9200.00");
    update(&mut state, Action::EditorSave);
    match &state.session.basket.items[0].change {
        Change::Prices { stock, .. } => {
            assert_eq!(*stock, Some(StockChange::adjust(1, 1)))
        }
        other => panic!("{other:?}"),
    }
}
