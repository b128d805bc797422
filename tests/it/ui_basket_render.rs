//! Render tests for the basket view: items old → new, conflicts, planned requests, progress.

use serde_json::json;
use stockroom::app::state::{BasketView, Batch, State};
use stockroom::basket::{Change, ItemStatus, Target};
use stockroom::catalog::http::PlannedRequest;
use stockroom::catalog::model::{Money, NewProduct, Sku, Status};
use stockroom::theme::Styles;

use super::ui_edit_render::{staged, stock, target};
use crate::support::screens::{HOSTILE, find, render, state, text};

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
pub(super) fn basket_open() -> State {
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
    state.basket.stage(target(12), raw);
    state.basket.stage(
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
    state.basket.adjust_stock(target(2), stock(2), -4);
    if let Some(item) = state.basket.items.last_mut() {
        item.status = ItemStatus::Failed {
            message: format!("409 {HOSTILE}"),
        };
    }
    let ids: Vec<_> = state.basket.items.iter().map(|item| item.id).collect();
    state.basket_view = Some(BasketView {
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
    });
    state
}

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
    if let Some(view) = &mut state.basket_view {
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
    let items = state.basket.items.iter().map(|item| item.id).collect();
    state.sending = Some(Batch {
        items,
        done: 3,
        sent: 2,
        failed: 1,
    });
    state.journal_error = Some("/home/shop/.local/state/stockroom/journal: disk full".into());
    if let Some(view) = &mut state.basket_view {
        view.selected = 0;
    }
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn empty_basket_says_how_to_stage() {
    let mut state = state();
    state.basket_view = Some(BasketView::default());
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Nothing staged."), "{screen}");
    assert!(screen.contains("Basket · 0 changes · 0 writes"), "{screen}");
}

#[test]
fn overlays_survive_tiny_terminals() {
    let mut states = vec![basket_open(), super::ui_edit_render::form(6)];
    let mut dialog = staged();
    dialog.dialog = Some(stockroom::app::state::Dialog::ConfirmQuit { unsent: 3 });
    states.push(dialog);
    for state in &states {
        for (width, height) in [(1, 1), (10, 3), (20, 6), (40, 10), (60, 15)] {
            render(state, width, height);
        }
    }
}
