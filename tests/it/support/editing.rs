//! The editing screens several render tests draw: a basket staged on the page-3 screen, the
//! same basket opened with its planned requests, and the edit form.

use serde_json::json;
use stockroom::app::state::Layer;
use stockroom::app::state::{BasketView, Editor, FormEditor, FormField, State};
use stockroom::basket::{Change, FieldChange, ItemStatus, Mismatch, Target};
use stockroom::catalog::fields::{Field, form_fields};
use stockroom::catalog::http::PlannedRequest;
use stockroom::catalog::model::{Money, NewProduct, Platform, Sku, Status};
use tui_textarea::{CursorMove, TextArea};

use super::screens::{HOSTILE, state, summary};

pub fn target(index: usize) -> Target {
    let summary = summary(index);
    Target {
        id: Some(summary.id),
        sku: summary.sku.0,
        name: summary.name,
    }
}

pub fn stock(index: usize) -> i64 {
    match summary(index).stock {
        stockroom::catalog::model::Stock::Quantity(n) => n,
        stockroom::catalog::model::Stock::NotTracked => 0,
    }
}

/// A basket with a stock adjustment, an exact stock, a price edit, a delete and a conflict.
pub fn staged() -> State {
    let mut state = state();
    let basket = &mut state.session.basket;
    basket.adjust_stock(target(0), stock(0), 5);
    basket.set_stock(target(1), stock(1), 0);
    basket.stage(
        target(3),
        Change::Delete {
            keep_channels: false,
        },
    );
    basket.adjust_stock(target(7), stock(7), 15);
    basket.stage_fields(
        target(9),
        vec![FieldChange {
            field: Field::Price,
            from: "122.63".into(),
            to: "125.00".into(),
        }],
    );
    basket.set_stock(target(10), 9999, 10000);
    if let Some(item) = basket.items.get_mut(3) {
        item.status = ItemStatus::Conflict {
            mismatches: vec![Mismatch {
                field: "Stock".into(),
                expected: "119".into(),
                found: "100".into(),
                wanted: "134".into(),
            }],
        };
    }
    state
}

pub fn form(focus: usize) -> State {
    let mut state = state();
    let values = [
        ("Organic Cotton T-Shirt", "Organic Cotton T-Shirt"),
        ("U0014O5AF4", "U0014O5AF4"),
        ("57.2x", "57.28"),
        ("129.00", "129.00"),
        ("12", "8"),
        ("hidden", "hidden"),
        (
            "Soft organic cotton.\nMachine wash\u{1b}[5m cold.",
            "Soft organic cotton.",
        ),
    ];
    let fields = form_fields(Platform::Cscart)
        .into_iter()
        .zip(values)
        .map(|(spec, (now, was))| {
            let mut input = TextArea::new(now.split('\n').map(str::to_owned).collect());
            input.move_cursor(CursorMove::End);
            let error = (spec.field == Field::Price)
                .then(|| "Price must be a decimal number like 12.50".to_string());
            FormField {
                label: spec.field.label().to_owned(),
                spec,
                input,
                original: was.into(),
                error,
            }
        })
        .collect();
    state.push(Layer::Editor(Editor::Form(FormEditor {
        target: target(4),
        creating: false,
        fields,
        focus,
        duplicate_confirmed: None,
    })));
    state
}

fn request(method: &str, path: &str, body: Option<&str>) -> PlannedRequest {
    PlannedRequest {
        method: method.into(),
        url: format!("http://127.0.0.1:8080{path}"),
        path: path.into(),
        headers: Vec::new(),
        body: body.map(str::to_owned),
    }
}

/// The staged basket plus a raw edit, a new product and a failed item, with plans for some.
pub fn basket_open() -> State {
    let mut state = staged();
    let raw = Change::Raw {
        body: json!({"product_code": "B", "weight": "0.300"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        baseline: json!({"product_code": "A", "weight": "0.250"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    };
    state.session.basket.stage(target(12), raw);
    state.session.basket.stage(
        Target {
            id: None,
            sku: "NEW-1".into(),
            name: "Linen Apron".into(),
        },
        Change::Create(NewProduct {
            name: "Linen Apron".into(),
            sku: Some(Sku("NEW-1".into())),
            price: Money::parse("24.90").unwrap(),
            stock: Some(12),
            category_ids: vec![224],
            status: Status::Active,
        }),
    );
    state.session.basket.adjust_stock(target(2), stock(2), -4);
    if let Some(item) = state.session.basket.items.last_mut() {
        item.status = ItemStatus::Failed {
            message: format!("409 {HOSTILE}"),
        };
    }
    let ids: Vec<_> = state
        .session
        .basket
        .items
        .iter()
        .map(|item| item.id)
        .collect();
    state.push(Layer::Basket(BasketView {
        selected: 3,
        scroll: 0,
        plans: vec![
            (
                ids[0],
                Ok(vec![
                    request("GET", "/api/products/240", None),
                    request("PUT", "/api/products/240", Some(r#"{"amount":"5"}"#)),
                ]),
            ),
            (
                ids[3],
                Ok(vec![
                    request("GET", "/api/products/247", None),
                    request("PUT", "/api/products/247", Some(r#"{"amount":"134"}"#)),
                ]),
            ),
            (
                ids[6],
                Ok(vec![request(
                    "PUT",
                    "/api/products/252",
                    Some("{\n  \"product_code\": \"B\",\n  \"weight\": \"0.300\"\n}"),
                )]),
            ),
            (
                ids[2],
                Err("CS-Cart cannot delete a product with orders".into()),
            ),
        ],
    }));
    state
}
