//! `update` tests of per-warehouse stock: the stock keys on B2B Wave's warehouses.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{ProfileInfo, PromptKind, State};
use stockroom::app::update::update;
use stockroom::basket::check::{Verdict, check};
use stockroom::basket::undo::inverse;
use stockroom::basket::{Change, WarehouseChange};
use stockroom::catalog::model::{
    Platform, Product, ProductId, ProductSummary, Sku, Status, Stock, WarehouseStock,
};

use crate::support::{profiles, states};

fn b2bwave() -> ProfileInfo {
    ProfileInfo {
        name: "wholesale".into(),
        ..profiles::shop(Platform::B2bwave, false)
    }
}

fn summary(total: i64) -> ProductSummary {
    ProductSummary {
        id: ProductId("12".into()),
        sku: Sku("00001".into()),
        name: "Test Product".into(),
        price: None,
        stock: Stock::Quantity(total),
        status: Status::Active,
    }
}

fn product(main: i64, east: i64, west: i64) -> Product {
    let warehouse = |id, code: &str, quantity| WarehouseStock {
        id,
        code: code.into(),
        name: format!("{code} depot"),
        quantity,
    };
    Product {
        category_ids: vec![1],
        warehouses: vec![
            warehouse(1, "MAIN", main),
            warehouse(2, "EAST", east),
            warehouse(3, "WEST", west),
        ],
        ..states::product(summary(main + east + west), serde_json::json!({"id": 12}))
    }
}

fn loaded() -> State {
    states::loaded(
        vec![b2bwave()],
        states::first_page(vec![summary(99)], 25, None),
    )
}

fn arrive(state: &mut State, effects: &[Effect], product: Product) {
    states::product_loaded(state, effects, product);
}

fn warehouses(state: &State) -> Vec<WarehouseChange> {
    match &state.session.basket.items[0].change {
        Change::Warehouses { changes, .. } => changes.clone(),
        other => panic!("a warehouse change: {other:?}"),
    }
}

#[test]
fn plus_reads_the_warehouses_then_changes_the_main_one() {
    let mut state = loaded();
    let effects = update(&mut state, Action::AdjustStock { sign: 1 });
    assert!(
        state.session.basket.is_empty(),
        "nothing staged before the warehouses are known"
    );
    arrive(&mut state, &effects, product(60, 39, 0));
    let changes = warehouses(&state);
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].code.as_str(), changes[0].from, changes[0].to),
        ("MAIN", 60, 61)
    );
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("MAIN 60 → 61"))
    );
    let total = state
        .session
        .basket
        .staged_stock(&ProductId("12".into()))
        .unwrap();
    assert_eq!(
        (total.from(), total.to()),
        (99, 100),
        "the list shows the total 99→100"
    );
}

#[test]
fn w_picks_a_warehouse_and_equals_sets_it() {
    let mut state = loaded();
    let effects = update(&mut state, Action::CycleWarehouse);
    arrive(&mut state, &effects, product(60, 39, 0));
    update(&mut state, Action::CycleWarehouse);
    assert_eq!(state.session.stock_target, Some((1, "MAIN".into())));
    update(&mut state, Action::CycleWarehouse);
    assert_eq!(state.session.stock_target, Some((2, "EAST".into())));
    update(&mut state, Action::StartSetStock);
    assert!(matches!(
        state.prompt().map(|p| &p.kind),
        Some(PromptKind::SetStock { current: 39, warehouse: Some(slot), .. }) if slot.code == "EAST"
    ));
    for c in "0".chars() {
        update(&mut state, Action::PromptInput(c));
    }
    update(&mut state, Action::PromptSubmit);
    update(&mut state, Action::AdjustStock { sign: 1 });
    let changes = warehouses(&state);
    assert_eq!(
        (changes[0].code.as_str(), changes[0].from, changes[0].to),
        ("EAST", 39, 1)
    );
    for _ in 0..2 {
        update(&mut state, Action::CycleWarehouse);
    }
    assert_eq!(
        state.session.stock_target, None,
        "after the last warehouse, the total again"
    );
}

#[test]
fn a_warehouse_change_is_checked_per_warehouse_and_undone_per_warehouse() {
    let change = Change::Warehouses {
        total: 99,
        changes: vec![WarehouseChange {
            warehouse: 2,
            code: "EAST".into(),
            from: 39,
            to: 0,
        }],
    };
    assert_eq!(
        check(Platform::B2bwave, &change, &product(60, 39, 0)),
        Verdict::Send(change.clone())
    );
    assert_eq!(
        check(Platform::B2bwave, &change, &product(70, 0, 0)),
        Verdict::AlreadyApplied
    );
    match check(Platform::B2bwave, &change, &product(60, 38, 0)) {
        Verdict::Conflict(m) => assert_eq!(
            (m[0].field.as_str(), m[0].found.as_str()),
            ("Stock EAST", "38")
        ),
        other => panic!("someone sold one from EAST: {other:?}"),
    }
    assert_eq!(
        inverse(&change),
        Some(Change::Warehouses {
            total: 60,
            changes: vec![WarehouseChange {
                warehouse: 2,
                code: "EAST".into(),
                from: 0,
                to: 39
            }],
        })
    );
}

#[test]
fn the_form_asks_for_each_warehouse_and_stages_them_together() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use stockroom::app::state::Editor;
    let mut state = loaded();
    let effects = update(&mut state, Action::EditProduct);
    arrive(&mut state, &effects, product(60, 39, 0));
    let Some(Editor::Form(form)) = state.editor() else {
        panic!("the form opens")
    };
    let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
    assert!(
        labels.contains(&"Stock MAIN") && labels.contains(&"Stock WEST"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"Stock"), "no total field: {labels:?}");
    let west = form
        .fields
        .iter()
        .position(|f| f.label == "Stock WEST")
        .unwrap();
    for _ in 0..west {
        update(&mut state, Action::EditorNext);
    }
    let key = |code| Action::EditorKey(KeyEvent::new(code, KeyModifiers::NONE));
    update(&mut state, key(KeyCode::End));
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Char('5')));
    update(&mut state, Action::EditorSave);
    assert!(state.editor().is_none());
    assert_eq!(
        state.session.basket.items[0].change,
        Change::Warehouses {
            total: 99,
            changes: vec![WarehouseChange {
                warehouse: 3,
                code: "WEST".into(),
                from: 0,
                to: 5
            }],
        }
    );
}

#[test]
fn b2b_wave_cannot_sort_on_the_server_so_the_loaded_rows_are_sorted_here() {
    let mut state = loaded();
    let effects = update(&mut state, Action::CycleSort);
    assert!(
        matches!(effects.as_slice(), [Effect::ComputeView { spec, .. }] if spec.sort.is_some()),
        "{effects:?}"
    );
}

/// Product 12 as B2B Wave sends it: `quantity` is the total of its three warehouses.
fn with_raw(main: i64, east: i64, west: i64) -> Product {
    let total = main + east + west;
    Product {
        raw: serde_json::json!({"id": 12, "name": "Test Product", "quantity": total.to_string()}),
        ..product(main, east, west)
    }
}

fn type_line(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Action::PromptInput(c));
    }
    update(state, Action::PromptSubmit);
}

#[test]
fn equals_without_a_warehouse_sets_the_total_and_the_main_one_takes_the_difference() {
    let mut state = loaded();
    let effects = update(&mut state, Action::StartSetStock);
    arrive(&mut state, &effects, product(60, 39, 0));
    let prompt = state
        .prompt()
        .expect("the = prompt opens once the warehouses are read");
    assert_eq!(prompt.text, "99", "it opens with the total");
    type_line(&mut state, "100");
    let changes = warehouses(&state);
    assert_eq!(
        (changes[0].code.as_str(), changes[0].from, changes[0].to),
        ("MAIN", 60, 61),
        "MAIN is not set to 100: the total is"
    );
    let total = state.session.basket.staged_stock(&ProductId("12".into()));
    assert_eq!(total.map(|t| (t.from(), t.to())), Some((99, 100)));

    update(&mut state, Action::StartSetStock);
    assert_eq!(state.prompt().map(|p| p.text.as_str()), Some("100"));
    type_line(&mut state, "+5");
    assert_eq!(warehouses(&state)[0].to, 66, "+5 on the total staged");
}

#[test]
fn a_total_the_main_warehouse_cannot_take_is_refused() {
    let mut state = loaded();
    let effects = update(&mut state, Action::StartSetStock);
    arrive(&mut state, &effects, product(10, 90, 0));
    type_line(&mut state, "50");
    assert!(state.session.basket.is_empty());
    let error = state
        .prompt()
        .and_then(|p| p.error.clone())
        .unwrap_or_default();
    assert!(
        error.contains("MAIN") && error.contains("below zero"),
        "{error}"
    );
}

fn raw_text(state: &State) -> String {
    match state.editor() {
        Some(stockroom::app::state::Editor::Raw(raw)) => raw.input.lines().join("\n"),
        other => panic!("the raw editor: {other:?}"),
    }
}

fn set_raw(state: &mut State, text: &str) {
    match state.editor_mut() {
        Some(stockroom::app::state::Editor::Raw(raw)) => {
            raw.input = tui_textarea::TextArea::new(vec![text.to_owned()]);
        }
        other => panic!("the raw editor: {other:?}"),
    }
}

#[test]
fn the_raw_editors_quantity_is_the_total_too() {
    let mut state = loaded();
    let effects = update(&mut state, Action::EditRaw);
    arrive(&mut state, &effects, with_raw(296, 150, 58));
    set_raw(&mut state, r#"{"name": "Test Product", "quantity": "600"}"#);
    update(&mut state, Action::EditorSave);
    assert!(state.editor().is_none(), "staged");
    let changes = warehouses(&state);
    assert_eq!(
        (changes[0].code.as_str(), changes[0].from, changes[0].to),
        ("MAIN", 296, 392),
        "the store ends at 600, not 808"
    );

    update(&mut state, Action::EditRaw);
    assert!(
        raw_text(&state).contains(r#""quantity": "600""#),
        "it opens with the staged total: {}",
        raw_text(&state)
    );
    set_raw(&mut state, r#"{"name": "Renamed", "quantity": "500"}"#);
    update(&mut state, Action::EditorSave);
    assert!(
        state.editor().is_some(),
        "stock and other keys together are refused"
    );
    assert_eq!(warehouses(&state)[0].to, 392, "nothing else staged");
}
