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

/// `=`, the raw editor and `stock apply`, each on a fresh B2B Wave sandbox, give a product
/// kept in several warehouses the same new total, and leave the store in the same state.
#[test]
fn stock_and_another_field_together_on_several_warehouses_are_refused_not_sent_as_one_quantity() {
    use stockroom::basket::send::op_for;
    use stockroom::basket::{FieldChange, StockChange};
    use stockroom::catalog::fields::Field;
    let current = product(300, 104, 100);
    let change = Change::Edit {
        stock: Some(StockChange::Set { from: 504, to: 600 }),
        fields: vec![FieldChange {
            field: Field::Price,
            from: "9.99".into(),
            to: "12.00".into(),
        }],
    };
    let id = ProductId("12".into());
    let refused = op_for(Platform::B2bwave, Some(&id), &change, Some(&current));
    assert!(
        refused.as_ref().is_err_and(|e| e.contains("two changes")),
        "{refused:?}"
    );
    let alone = Change::Edit {
        stock: Some(StockChange::Set { from: 504, to: 600 }),
        fields: vec![],
    };
    let op = op_for(Platform::B2bwave, Some(&id), &alone, Some(&current));
    assert_eq!(
        op,
        Ok(stockroom::catalog::api::Op::SetWarehouseStock {
            id,
            quantities: vec![(1, 396)],
        }),
        "a total alone goes to MAIN as the difference: 300 + (600 - 504)"
    );
}

mod on_the_sandbox {
    use std::sync::Arc;
    use std::sync::atomic::AtomicU64;
    use std::time::Duration;

    use stockroom::basket::Item;
    use stockroom::basket::send::{plan, send};
    use stockroom::bulk::plan::{edits, per_warehouse, stage};
    use stockroom::bulk::{match_rows, parse_stock_file};
    use stockroom::catalog::model::ListQuery;
    use stockroom::catalog::{Catalog, Connection};
    use stockroom::sandbox::{Sandbox, SandboxOptions};
    use stockroom::secret::Secret;

    use super::*;

    async fn store() -> (Sandbox, Catalog) {
        let options = SandboxOptions {
            b2bwave_products: 45,
            ..SandboxOptions::default()
        };
        let sandbox = Sandbox::start(options).await.unwrap();
        let endpoint = sandbox.endpoint(Platform::B2bwave).unwrap();
        let connection = Connection {
            platform: Platform::B2bwave,
            base_url: endpoint.base_url.clone(),
            user: Some(endpoint.user.clone()),
            timeout: Duration::from_secs(10),
            read_only: false,
            requests_per_second: None,
        };
        let secret = Secret::new(endpoint.key.clone());
        let catalog = Catalog::connect(&connection, secret, Arc::new(AtomicU64::new(0))).unwrap();
        (sandbox, catalog)
    }

    /// The first product of the seeded store kept in three or more warehouses.
    async fn spread_product(catalog: &Catalog) -> Product {
        let query = ListQuery {
            per_page: 100,
            ..ListQuery::default()
        };
        for summary in catalog.list(&query).await.result.unwrap().items {
            let product = catalog.get(&summary.id).await.result.unwrap();
            if product.warehouses.len() > 2 && matches!(product.summary.stock, Stock::Quantity(_)) {
                return product;
            }
        }
        panic!("the seeded store keeps a product in several warehouses")
    }

    fn state_on(product: &Product) -> State {
        let page = states::first_page(vec![product.summary.clone()], 25, None);
        states::loaded(vec![b2bwave()], page)
    }

    fn by_equals(product: &Product, wanted: i64) -> Item {
        let mut state = state_on(product);
        let effects = update(&mut state, Action::StartSetStock);
        arrive(&mut state, &effects, product.clone());
        type_line(&mut state, &wanted.to_string());
        state.session.basket.items[0].clone()
    }

    fn by_raw_editor(product: &Product, wanted: i64) -> Item {
        let mut state = state_on(product);
        let effects = update(&mut state, Action::EditRaw);
        arrive(&mut state, &effects, product.clone());
        let text = raw_text(&state);
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut body = body.as_object().cloned().unwrap();
        body.insert("quantity".into(), serde_json::json!(wanted.to_string()));
        set_raw(&mut state, &serde_json::Value::Object(body).to_string());
        update(&mut state, Action::EditorSave);
        state.session.basket.items[0].clone()
    }

    async fn by_stock_apply(catalog: &Catalog, product: &Product, wanted: i64) -> Vec<Item> {
        let text = format!("sku,stock\n{},{wanted}\n", product.summary.sku.0);
        let file = parse_stock_file(&text).unwrap();
        let (matched, problems) = match_rows(file, std::slice::from_ref(&product.summary));
        assert!(problems.is_empty(), "{problems:?}");
        let mut problems = vec![];
        let edits = per_warehouse(catalog, edits(&matched), &mut problems).await;
        assert!(problems.is_empty(), "{problems:?}");
        stage(&edits, 0)
    }

    #[tokio::test]
    async fn equals_the_raw_editor_and_stock_apply_leave_the_same_store() {
        let mut after = Vec::new();
        for way in ["=", "raw", "stock apply"] {
            let (_sandbox, catalog) = store().await;
            let product = spread_product(&catalog).await;
            let Stock::Quantity(total) = product.summary.stock else {
                unreachable!()
            };
            let wanted = total + 37;
            let items = match way {
                "=" => vec![by_equals(&product, wanted)],
                "raw" => vec![by_raw_editor(&product, wanted)],
                _ => by_stock_apply(&catalog, &product, wanted).await,
            };
            assert_eq!(items.len(), 1, "{way}: {items:?}");
            let planned = format!("{:?}", plan(&catalog, &items[0]).await);
            assert!(
                planned.contains("quantities") && planned.contains("warehouse_id"),
                "{way}: the basket shows the per-warehouse write: {planned}"
            );
            let (outcome, _) = send(&catalog, &items[0]).await;
            assert!(
                matches!(outcome, stockroom::basket::Outcome::Sent { .. }),
                "{way}: {outcome:?}"
            );
            let read = catalog.get(&product.summary.id).await.result.unwrap();
            assert_eq!(read.summary.stock, Stock::Quantity(wanted), "{way}");
            assert_eq!(
                read.warehouses[0].quantity,
                product.warehouses[0].quantity + 37,
                "{way}: the main warehouse takes the difference"
            );
            assert_eq!(read.warehouses[1..], product.warehouses[1..], "{way}");
            after.push(read.warehouses);
        }
        assert!(after.windows(2).all(|w| w[0] == w[1]), "{after:?}");
    }
}
