//! `update` tests of prefilled values: in the form, a new product, Mark sold, `=` and UGAL's
//! price table the value a field opens with is replaced by the first character typed, and
//! arrows, Home, End or Backspace keep it to be edited.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::action::Action;
use stockroom::app::state::{Dialog, Editor, State};
use stockroom::app::update::update;
use stockroom::basket::{Change, FieldChange, StockChange};
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{
    Money, Platform, PriceTier, Product, ProductId, ProductSummary, Sku, SoldAction, Status, Stock,
};

use crate::support::shop::{loaded, loaded_with, stock_of, summary};
use crate::support::{profiles, states};

fn key(code: KeyCode) -> Action {
    Action::EditorKey(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

/// The edit form open on product 1 (price 343.99), focused on its Price field.
fn price_focused() -> State {
    let mut state = loaded();
    let product = Product {
        category_ids: vec![224],
        ..states::product(
            ProductSummary {
                price: Money::parse("343.99"),
                ..summary(1, 10)
            },
            serde_json::json!({"product_id": "1", "price": "343.99", "amount": "10"}),
        )
    };
    states::editing(&mut state, product);
    let at = field_at(&state, Field::Price);
    for _ in 0..at {
        update(&mut state, Action::EditorNext);
    }
    state
}

fn field_at(state: &State, wanted: Field) -> usize {
    match state.editor() {
        Some(Editor::Form(form)) => form
            .fields
            .iter()
            .position(|f| f.spec.field == wanted)
            .unwrap_or_else(|| panic!("no {wanted:?} field")),
        other => panic!("the form: {other:?}"),
    }
}

fn text_of(state: &State, wanted: Field) -> String {
    let at = field_at(state, wanted);
    match state.editor() {
        Some(Editor::Form(form)) => form.fields[at].text(),
        _ => unreachable!(),
    }
}

#[test]
fn typing_into_the_form_replaces_the_price_it_opened_with() {
    let mut state = price_focused();
    type_text(&mut state, "50");
    assert_eq!(text_of(&state, Field::Price), "50", "not 50343.99");
    update(&mut state, Action::EditorSave);
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Edit {
            stock: None,
            fields: vec![FieldChange {
                field: Field::Price,
                from: "343.99".into(),
                to: "50.00".into()
            }]
        }
    );
}

#[test]
fn end_or_backspace_keeps_the_value_to_edit_and_tab_selects_it_again() {
    let mut state = price_focused();
    update(&mut state, key(KeyCode::End));
    type_text(&mut state, "9");
    assert_eq!(
        text_of(&state, Field::Price),
        "343.999",
        "End, then typing appends"
    );
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(text_of(&state, Field::Price), "343.9");

    update(&mut state, Action::EditorNext);
    update(&mut state, Action::EditorPrev);
    type_text(&mut state, "7");
    assert_eq!(
        text_of(&state, Field::Price),
        "7",
        "back in the field, typing replaces"
    );

    update(&mut state, Action::EditorNext);
    update(&mut state, Action::EditorPrev);
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(
        text_of(&state, Field::Price),
        "",
        "Backspace deselects, then deletes one character"
    );
}

#[test]
fn a_new_products_stock_is_replaced_by_what_is_typed() {
    let mut state = loaded();
    update(&mut state, Action::NewProduct);
    let at = field_at(&state, Field::Stock);
    for _ in 0..at {
        update(&mut state, Action::EditorNext);
    }
    type_text(&mut state, "4");
    assert_eq!(text_of(&state, Field::Stock), "4", "not 40");
}

#[test]
fn mark_sold_replaces_its_prefilled_one() {
    let mut state = loaded_with(profiles::shop(Platform::Valigara, false));
    update(&mut state, Action::MarkSold);
    update(&mut state, Action::SoldDigit(2));
    update(&mut state, Action::Confirm);
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Sold {
            from: 10,
            quantity: 2,
            action: SoldAction::NoAction
        },
        "a sale of 2, not 12"
    );

    let mut state = loaded_with(profiles::shop(Platform::Valigara, false));
    update(&mut state, Action::MarkSold);
    update(&mut state, Action::KeepPrefilled);
    update(&mut state, Action::SoldDigit(0));
    assert!(
        matches!(state.dialog(), Some(Dialog::MarkSold { quantity, .. }) if quantity == "10"),
        "End keeps the 1 and the digit follows it"
    );
}

#[test]
fn equals_opens_with_the_stock_selected_and_typing_replaces_it() {
    let mut state = loaded();
    update(&mut state, Action::StartSetStock);
    assert_eq!(state.prompt().map(|p| p.text.as_str()), Some("10"));
    update(&mut state, Action::PromptInput('4'));
    update(&mut state, Action::PromptSubmit);
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Set { from: 10, to: 4 })
    );

    update(&mut state, Action::StartSetStock);
    update(&mut state, Action::KeepPrefilled);
    update(&mut state, Action::PromptInput('0'));
    assert_eq!(state.prompt().map(|p| p.text.as_str()), Some("40"));
}

fn ugal_item() -> Product {
    let summary = ProductSummary {
        id: ProductId("911-red".into()),
        sku: Sku("911-red".into()),
        name: "Porsche 911 — Red".into(),
        price: Money::parse("9400.00"),
        stock: Stock::Quantity(1),
        status: Status::Active,
    };
    Product {
        prices: vec![PriceTier {
            pricelist: "default".into(),
            quantity: 1,
            amount: Money::parse("9400.00").unwrap_or_else(|| panic!("a price")),
            vat: None,
        }],
        ..states::product(summary, serde_json::json!({"reference": "911-red"}))
    }
}

#[test]
fn the_price_table_replaces_the_amount_it_opened_with() {
    let profile = profiles::shop(Platform::Ugal, false);
    let item = ugal_item();
    let page = states::first_page(vec![item.summary.clone()], 25, None);
    let mut state = states::loaded(vec![profile], page);
    states::editing(&mut state, item);
    type_text(&mut state, "8999");
    let amount = |state: &State| match state.editor() {
        Some(Editor::Prices(editor)) => editor.rows[0].amount.clone(),
        other => panic!("the price table: {other:?}"),
    };
    assert_eq!(amount(&state), "8999", "not 9400.008999");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::BackTab));
    update(&mut state, key(KeyCode::End));
    type_text(&mut state, "0");
    assert_eq!(amount(&state), "89990", "End keeps the amount to edit");
}
