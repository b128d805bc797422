//! `update` tests of the editors and the dialogs that stage: the form, the raw editor, a new
//! product, delete, and marking a sale.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{Dialog, Editor, ProfileInfo, State};
use stockroom::app::update::update;
use stockroom::basket::{Change, FieldChange, StockChange};
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{Money, Platform, Product, Sku, Status};

use crate::support::profiles;
use crate::support::shop::{journaled, keys, loaded, loaded_with, stock_of, summary};

fn product(n: u32, stock: i64) -> Product {
    Product {
        summary: summary(n, stock),
        list_price: None,
        category_ids: vec![224],
        updated_at: None,
        description: Some("Soft".into()),
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw: serde_json::json!({"product_id": n.to_string(), "product": format!("Product {n}"), "price": "9.99", "amount": stock.to_string()}),
    }
}

fn key(code: KeyCode) -> Action {
    Action::EditorKey(KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn the_form_validates_as_you_type_and_stages_only_what_changed() {
    let mut state = loaded();
    let effects = update(&mut state, Action::EditProduct);
    let request = match effects.as_slice() {
        [Effect::LoadProduct { request, .. }] => *request,
        other => panic!("the full product is fetched first: {other:?}"),
    };
    update(
        &mut state,
        Action::ProductLoaded {
            profile: 0,
            request,
            product: Box::new(product(1, 10)),
            exchanges: vec![],
        },
    );
    let Some(Editor::Form(form)) = state.editor() else {
        panic!("the form opens once the product arrives")
    };
    let price = form
        .fields
        .iter()
        .position(|f| f.spec.field == Field::Price)
        .unwrap();
    for _ in 0..price {
        update(&mut state, Action::EditorNext);
    }
    keys(&mut state, &[key(KeyCode::End), key(KeyCode::Char('x'))]);
    let Some(Editor::Form(form)) = state.editor() else {
        panic!()
    };
    assert!(
        form.fields[price]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("decimal")),
        "checked as you type"
    );
    let effects = update(&mut state, Action::EditorSave);
    assert!(
        effects.is_empty() && state.editor().is_some(),
        "an invalid form stages nothing"
    );
    keys(
        &mut state,
        &[
            key(KeyCode::Backspace),
            key(KeyCode::Backspace),
            key(KeyCode::Char('5')),
        ],
    );
    let effects = update(&mut state, Action::EditorSave);
    assert!(state.editor().is_none());
    assert!(journaled(&effects).is_some());
    let item = &state.session.basket.items[0];
    assert_eq!(
        item.change,
        Change::Edit {
            stock: None,
            fields: vec![FieldChange {
                field: Field::Price,
                from: "9.99".into(),
                to: "9.95".into()
            }]
        }
    );
}

#[test]
fn the_raw_editor_refuses_invalid_json_and_stages_changed_keys() {
    let mut state = loaded();
    let request = match update(&mut state, Action::EditRaw).as_slice() {
        [Effect::LoadProduct { request, .. }] => *request,
        other => panic!("{other:?}"),
    };
    update(
        &mut state,
        Action::ProductLoaded {
            profile: 0,
            request,
            product: Box::new(product(1, 10)),
            exchanges: vec![],
        },
    );
    assert!(matches!(state.editor().cloned(), Some(Editor::Raw(_))));
    // Break the JSON: delete the opening brace on the first line.
    keys(&mut state, &[key(KeyCode::End), key(KeyCode::Backspace)]);
    update(&mut state, Action::EditorSave);
    let Some(Editor::Raw(raw)) = state.editor() else {
        panic!("stays open")
    };
    assert!(
        raw.errors.iter().any(|e| e.contains("invalid JSON")),
        "{:?}",
        raw.errors
    );
    assert!(state.session.basket.is_empty());

    keys(&mut state, &[key(KeyCode::Char('{'))]);
    update(&mut state, Action::EditorSave);
    if let Some(Editor::Raw(raw)) = state.editor() {
        panic!("still open: {:?} {:?}", raw.errors, raw.input.lines());
    }
    assert!(
        state.session.basket.is_empty(),
        "unchanged JSON stages nothing"
    );

    update(&mut state, Action::EditRaw);
    let Some(Editor::Raw(raw)) = state.editor_mut() else {
        panic!("reopens at once: the product is loaded")
    };
    let text = r#"{"product": "Product 1", "price": "12.00", "amount": "10", "status": "Z"}"#;
    raw.input = tui_textarea::TextArea::new(vec![text.to_owned()]);
    update(&mut state, Action::EditorSave);
    let Some(Editor::Raw(raw)) = state.editor() else {
        panic!("the platform's rules refuse status Z")
    };
    assert!(
        raw.errors.iter().any(|e| e.contains("status")),
        "{:?}",
        raw.errors
    );

    let Some(Editor::Raw(raw)) = state.editor_mut() else {
        panic!()
    };
    let text = r#"{"product": "Product 1", "price": "12.00", "amount": "10"}"#;
    raw.input = tui_textarea::TextArea::new(vec![text.to_owned()]);
    update(&mut state, Action::EditorSave);
    match &state.session.basket.items[0].change {
        Change::Raw { body, baseline } => {
            assert_eq!(
                serde_json::Value::Object(body.clone()),
                serde_json::json!({"price": "12.00"})
            );
            assert_eq!(
                serde_json::Value::Object(baseline.clone()),
                serde_json::json!({"price": "9.99"})
            );
        }
        other => panic!("{other:?}"),
    }
}

mod check {
    use super::*;
    use stockroom::basket::check::{Verdict, check};

    fn edit(stock: StockChange) -> Change {
        Change::Edit {
            stock: Some(stock),
            fields: vec![],
        }
    }

    #[test]
    fn stock_is_sent_only_when_the_server_still_has_the_old_value() {
        let adjust = edit(StockChange::adjust(10, 5));
        assert_eq!(
            check(Platform::Cscart, &adjust, &product(1, 10)),
            Verdict::Send(adjust.clone())
        );
        assert_eq!(
            check(Platform::Cscart, &adjust, &product(1, 15)),
            Verdict::AlreadyApplied,
            "an earlier send got through"
        );
        match check(Platform::Cscart, &adjust, &product(1, 9)) {
            Verdict::Conflict(m) => {
                assert_eq!((m[0].expected.as_str(), m[0].found.as_str()), ("10", "9"))
            }
            other => panic!("someone sold one meanwhile: {other:?}"),
        }
    }

    #[test]
    fn fields_compare_by_value_and_only_pending_ones_are_sent() {
        let change = Change::Edit {
            stock: Some(StockChange::Set {
                from: 10,
                to: 10 + 1,
            }),
            fields: vec![
                FieldChange {
                    field: Field::Price,
                    from: "9.99".into(),
                    to: "12".into(),
                },
                FieldChange {
                    field: Field::Name,
                    from: "Old".into(),
                    to: "Product 1".into(),
                },
            ],
        };
        let pending = Change::Edit {
            stock: Some(StockChange::Set { from: 10, to: 11 }),
            fields: vec![FieldChange {
                field: Field::Price,
                from: "9.99".into(),
                to: "12".into(),
            }],
        };
        assert_eq!(
            check(Platform::Cscart, &change, &product(1, 10)),
            Verdict::Send(pending),
            "the name is already right"
        );
    }

    #[test]
    fn raw_keys_compare_strings_and_numbers_alike() {
        let body: serde_json::Map<_, _> = [("price".to_owned(), serde_json::json!(12))]
            .into_iter()
            .collect();
        let baseline: serde_json::Map<_, _> = [("price".to_owned(), serde_json::json!("9.99"))]
            .into_iter()
            .collect();
        let change = Change::Raw { body, baseline };
        assert!(matches!(
            check(Platform::Cscart, &change, &product(1, 10)),
            Verdict::Send(_)
        ));
        let mut applied = product(1, 10);
        applied.raw["price"] = serde_json::json!("12.00");
        assert_eq!(
            check(Platform::Cscart, &change, &applied),
            Verdict::AlreadyApplied
        );
    }
}

#[test]
fn delete_is_confirmed_then_staged() {
    let mut state = loaded();
    update(&mut state, Action::DeleteProduct);
    assert!(matches!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmDelete { .. })
    ));
    assert!(state.session.basket.is_empty(), "nothing staged before yes");
    update(&mut state, Action::Confirm);
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Delete {
            keep_channels: false
        }
    );
}

#[test]
fn stock_keys_never_take_a_product_below_zero() {
    let mut state = loaded();
    keys(
        &mut state,
        &[Action::CountDigit(8), Action::AdjustStock { sign: -1 }],
    );
    let effects = keys(
        &mut state,
        &[Action::CountDigit(3), Action::AdjustStock { sign: -1 }],
    );
    assert!(effects.is_empty(), "10 - 8 - 3 would be -1");
    assert_eq!(stock_of(&state, "1"), Some(StockChange::adjust(10, -8)));
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("below zero"))
    );
    keys(
        &mut state,
        &[
            Action::StartSetStock,
            Action::PromptInput('-'),
            Action::PromptInput('5'),
            Action::PromptSubmit,
        ],
    );
    assert!(
        state
            .prompt()
            .and_then(|p| p.error.as_deref())
            .is_some_and(|e| e.contains("below zero"))
    );
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

#[test]
fn a_new_product_needs_its_sku_and_categories_before_it_is_staged() {
    let mut state = loaded();
    update(&mut state, Action::NewProduct);
    let Some(Editor::Form(form)) = state.editor() else {
        panic!("the create form opens")
    };
    assert!(form.creating);
    let order: Vec<Field> = form.fields.iter().map(|f| f.spec.field).collect();
    assert_eq!(
        order,
        [
            Field::Name,
            Field::Sku,
            Field::Price,
            Field::Stock,
            Field::Status,
            Field::Categories
        ]
    );

    type_text(&mut state, "Linen Shirt");
    update(&mut state, Action::EditorNext);
    type_text(&mut state, "LS-001");
    update(&mut state, Action::EditorNext);
    type_text(&mut state, "49.5");
    update(&mut state, Action::EditorSave);
    assert!(state.session.basket.is_empty(), "no categories yet");
    let Some(Editor::Form(form)) = state.editor() else {
        panic!("stays open")
    };
    assert!(
        form.fields[5]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("required"))
    );

    for _ in 0..3 {
        update(&mut state, Action::EditorNext);
    }
    type_text(&mut state, "166, 224");
    update(&mut state, Action::EditorSave);
    assert!(state.editor().is_none());
    let item = &state.session.basket.items[0];
    assert_eq!(item.target.id, None);
    match &item.change {
        Change::Create(product) => {
            assert_eq!(product.name, "Linen Shirt");
            assert_eq!(product.sku, Some(Sku("LS-001".into())));
            assert_eq!(product.price, Money::parse("49.50").unwrap());
            assert_eq!(product.stock, Some(0));
            assert_eq!(product.category_ids, [166, 224]);
            assert_eq!(product.status, Status::Active);
        }
        other => panic!("{other:?}"),
    }
}

fn valigara() -> ProfileInfo {
    profiles::shop(Platform::Valigara, false)
}

#[test]
fn marking_sold_is_explained_staged_and_checked_like_any_change() {
    use stockroom::catalog::model::SoldAction;
    let mut state = loaded_with(valigara());
    update(&mut state, Action::MarkSold);
    let Some(Dialog::MarkSold {
        current,
        quantity,
        action,
        ..
    }) = state.dialog().cloned()
    else {
        panic!("the sale dialog opens")
    };
    assert_eq!(
        (current, quantity.as_str(), action),
        (10, "1", SoldAction::NoAction)
    );
    keys(
        &mut state,
        &[
            Action::SoldBackspace,
            Action::SoldDigit(1),
            Action::SoldDigit(2),
            Action::Confirm,
        ],
    );
    assert!(
        matches!(state.dialog(), Some(Dialog::MarkSold { error: Some(e), .. }) if e.contains("only 10")),
        "cannot sell more than is in stock"
    );
    keys(
        &mut state,
        &[
            Action::SoldBackspace,
            Action::SoldBackspace,
            Action::SoldDigit(3),
            Action::SoldCycleAction,
        ],
    );
    let effects = update(&mut state, Action::Confirm);
    assert!(state.dialog().is_none());
    assert!(journaled(&effects).is_some());
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Sold {
            from: 10,
            quantity: 3,
            action: SoldAction::Revise
        }
    );
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::adjust(10, -3)),
        "shown as 10→7"
    );
}

#[test]
fn a_sale_already_recorded_is_not_sent_again() {
    use stockroom::basket::check::{Verdict, check};
    use stockroom::catalog::model::SoldAction;
    let sold = Change::Sold {
        from: 10,
        quantity: 3,
        action: SoldAction::NoAction,
    };
    assert_eq!(
        check(Platform::Valigara, &sold, &product(1, 10)),
        Verdict::Send(sold.clone())
    );
    assert_eq!(
        check(Platform::Valigara, &sold, &product(1, 7)),
        Verdict::AlreadyApplied
    );
    assert!(matches!(
        check(Platform::Valigara, &sold, &product(1, 8)),
        Verdict::Conflict(_)
    ));
}

#[test]
fn a_channel_platform_asks_whether_to_keep_the_listings() {
    let mut state = loaded_with(valigara());
    update(&mut state, Action::DeleteProduct);
    assert!(matches!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmDelete { channels: true, .. })
    ));
    update(&mut state, Action::KeepChannels);
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Delete {
            keep_channels: true
        }
    );

    let mut state = loaded();
    update(&mut state, Action::DeleteProduct);
    assert!(matches!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmDelete {
            channels: false,
            ..
        })
    ));
    update(&mut state, Action::KeepChannels);
    assert!(
        state.session.basket.is_empty(),
        "k means nothing on CS-Cart"
    );
    update(&mut state, Action::Confirm);
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Delete {
            keep_channels: false
        }
    );
}

#[test]
fn cs_cart_has_no_sales_to_record() {
    let mut state = loaded();
    assert!(update(&mut state, Action::MarkSold).is_empty());
    assert!(state.dialog().is_none());
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("does not allow"))
    );
}

fn raw_opened(state: &mut State) -> String {
    let effects = update(state, Action::EditRaw);
    if let [Effect::LoadProduct { .. }] = effects.as_slice() {
        crate::support::states::product_loaded(state, &effects, product(1, 10));
    }
    match state.editor() {
        Some(Editor::Raw(raw)) => raw.input.lines().join("\n"),
        other => panic!("the raw editor: {other:?}"),
    }
}

#[test]
fn the_raw_editor_says_whether_its_json_is_valid_as_you_type() {
    let mut state = loaded();
    raw_opened(&mut state);
    keys(&mut state, &[key(KeyCode::End), key(KeyCode::Backspace)]);
    let errors = |state: &State| match state.editor() {
        Some(Editor::Raw(raw)) => raw.errors.clone(),
        _ => panic!("the raw editor"),
    };
    assert!(
        errors(&state).iter().any(|e| e.contains("invalid JSON")),
        "before Ctrl-s: {:?}",
        errors(&state)
    );
    keys(&mut state, &[key(KeyCode::Char('{'))]);
    assert_eq!(errors(&state), Vec::<String>::new(), "valid again");
}

#[test]
fn the_raw_editor_opens_with_what_is_staged_for_the_product() {
    let mut state = loaded();
    update(&mut state, Action::StartSetStock);
    update(&mut state, Action::PromptInput('7'));
    update(&mut state, Action::PromptSubmit);
    let text = raw_opened(&mut state);
    assert!(text.contains(r#""amount": "7""#), "{text}");
    assert!(text.contains(r#""price": "9.99""#), "{text}");
    update(&mut state, Action::EditorCancel);

    let mut state = loaded();
    raw_opened(&mut state);
    if let Some(Editor::Raw(raw)) = state.editor_mut() {
        let text = r#"{"product": "Product 1", "price": "12.00", "amount": "10"}"#;
        raw.input = tui_textarea::TextArea::new(vec![text.to_owned()]);
    }
    update(&mut state, Action::EditorSave);
    let text = raw_opened(&mut state);
    assert!(text.contains(r#""price": "12.00""#), "{text}");
}

#[test]
fn a_new_product_with_a_taken_sku_is_staged_only_when_saved_again() {
    let mut state = loaded();
    update(&mut state, Action::NewProduct);
    type_text(&mut state, "Second socks");
    update(&mut state, Action::EditorNext);
    type_text(&mut state, "SKU2");
    update(&mut state, Action::EditorNext);
    type_text(&mut state, "4.5");
    for _ in 0..3 {
        update(&mut state, Action::EditorNext);
    }
    type_text(&mut state, "166");
    update(&mut state, Action::EditorSave);
    assert!(
        state.session.basket.is_empty(),
        "the first save stages nothing"
    );
    assert!(state.editor().is_some(), "the form stays open");
    let warning = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        warning.contains("SKU SKU2 is already used by product 2 (Product 2)")
            && warning.contains("Ctrl-s again"),
        "{warning}"
    );
    update(&mut state, Action::EditorSave);
    assert_eq!(state.session.basket.len(), 1, "saved again, it is staged");
    assert!(state.editor().is_none());
}
