//! Stock per warehouse as list columns: read from B2B Wave's list pages over loopback, turned
//! on and off with `:columns`, drawn one narrow column a warehouse beside the total.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::rows::Rows;
use stockroom::app::state::{Layer, State};
use stockroom::app::update::update;
use stockroom::catalog::model::{
    ListQuery, Money, Page, Platform, ProductId, ProductSummary, Sku, Status, Stock,
    WarehouseStock, WarehouseTable,
};
use stockroom::sandbox::{Sandbox, SandboxOptions, Variant};

use crate::b2bwave_client::client_with;
use crate::support::screens::{render, text};
use crate::support::states::{boot, page_loaded};
use crate::support::{profiles, states};

async fn sandbox(variants: Vec<Variant>) -> (Sandbox, stockroom::catalog::b2bwave::B2bWaveClient) {
    let options = SandboxOptions {
        b2bwave_products: 30,
        variants,
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::start(options).await.unwrap();
    let endpoint = sandbox.endpoint(Platform::B2bwave).unwrap();
    let client = client_with(&endpoint.base_url, &endpoint.key);
    (sandbox, client)
}

fn first_page(per_page: u32) -> ListQuery {
    ListQuery {
        per_page,
        ..ListQuery::default()
    }
}

#[tokio::test]
async fn the_client_maps_each_warehouses_stock_from_a_list_page() {
    let (_sandbox, client) = sandbox(vec![]).await;
    let page = client.list(&first_page(20)).await.result.unwrap();
    let table = page
        .warehouses
        .expect("the sandbox's list rows carry `quantities`");
    let codes: Vec<&str> = table.heads().iter().map(|h| h.code.as_str()).collect();
    assert_eq!(codes, ["MAIN", "EAST", "WEST"]);
    assert_eq!(page.items.len(), 20);
    for (row, summary) in page.items.iter().enumerate() {
        let product = client.get(&summary.id).await.result.unwrap();
        for stock in &product.warehouses {
            assert_eq!(
                table.quantity(row, stock.id),
                Some(stock.quantity),
                "product {} in {}",
                summary.id,
                stock.code
            );
        }
        if let Stock::Quantity(total) = summary.stock {
            let listed: i64 = table
                .heads()
                .iter()
                .filter_map(|head| table.quantity(row, head.id))
                .sum();
            assert_eq!(
                listed, total,
                "product {}: the total is the warehouses' sum",
                summary.id
            );
        }
    }
}

#[tokio::test]
async fn a_list_without_quantities_carries_no_warehouse_table() {
    let (_sandbox, client) = sandbox(vec![Variant::B2bwaveNoListQuantities]).await;
    let page = client.list(&first_page(10)).await.result.unwrap();
    assert_eq!(page.items.len(), 10);
    assert_eq!(page.warehouses, None);
}

#[test]
fn a_rows_warehouse_stock_follows_it_and_is_forgotten_when_only_a_new_total_is_known() {
    let stock = |id: u64, quantity: i64| WarehouseStock {
        id,
        code: format!("W{id}"),
        name: String::new(),
        quantity,
    };
    let mut first = wholesale_page(3);
    let listed = [vec![stock(1, 4)], vec![stock(1, 5), stock(2, 6)], vec![]];
    first.warehouses = Some(WarehouseTable::of(listed.iter().map(Vec::as_slice)));
    let mut second = wholesale_page(2);
    second.page = 2;
    second.warehouses = None;
    for (at, item) in second.items.iter_mut().enumerate() {
        item.id = ProductId(format!("{}", 200 + at));
    }
    let mut rows = Rows::default();
    rows.insert(first.clone());
    rows.insert(second);
    let codes: Vec<&str> = rows.warehouses().iter().map(|h| h.code.as_str()).collect();
    assert_eq!(codes, ["W1", "W2"]);
    assert_eq!(rows.warehouse_stock(1, 2), Some(6));
    assert_eq!(
        rows.warehouse_stock(2, 1),
        None,
        "the row lists no warehouse"
    );
    assert_eq!(
        rows.warehouse_stock(3, 1),
        None,
        "its page carried no table"
    );

    assert!(rows.remove(&first.items[0].id));
    assert_eq!(
        rows.warehouse_stock(0, 1),
        Some(5),
        "the rows after it move up"
    );
    let mut renamed = first.items[1].clone();
    renamed.name = "Renamed".into();
    assert!(rows.replace(&renamed));
    assert_eq!(
        rows.warehouse_stock(0, 2),
        Some(6),
        "the same stock stays known"
    );
    renamed.stock = Stock::Quantity(20);
    assert!(rows.replace(&renamed));
    assert_eq!(
        rows.warehouse_stock(0, 2),
        None,
        "only the new total is known"
    );
}

const CODES: [&str; 6] = ["MAIN", "EAST", "WEST", "NORTH", "SOUTH", "DOCKS"];

fn stock_of(row: usize) -> Vec<WarehouseStock> {
    CODES
        .iter()
        .enumerate()
        // Row 2 does not list the east depot: its cell is not known.
        .filter(|(at, _)| !(row == 2 && *at == 1))
        .map(|(at, code)| WarehouseStock {
            id: at as u64 + 1,
            code: (*code).into(),
            name: String::new(),
            quantity: ((row * 7 + at * 3) as i64 % 9) * 1371,
        })
        .collect()
}

fn wholesale_page(rows: usize) -> Page<ProductSummary> {
    let stock: Vec<Vec<WarehouseStock>> = (0..rows).map(stock_of).collect();
    let items = stock
        .iter()
        .enumerate()
        .map(|(row, warehouses)| ProductSummary {
            id: ProductId(format!("{}", 100 + row)),
            sku: Sku(format!("WS-{row:03}")),
            name: format!("Stainless steel hinge, pack of {}", row + 2),
            price: Money::parse("12.40"),
            stock: Stock::Quantity(warehouses.iter().map(|w| w.quantity).sum()),
            status: Status::Active,
        })
        .collect();
    Page {
        items,
        page: 1,
        per_page: 100,
        total: None,
        more: false,
        warehouses: Some(WarehouseTable::of(stock.iter().map(Vec::as_slice))),
    }
}

fn wholesale() -> State {
    let profile = stockroom::app::state::ProfileInfo {
        name: "wholesale".into(),
        ..profiles::shop(Platform::B2bwave, false)
    };
    states::loaded(vec![profile], wholesale_page(8))
}

fn command(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, Action::StartCommand);
    for c in line.chars() {
        update(state, Action::PromptInput(c));
    }
    update(state, Action::PromptSubmit)
}

/// The list's heading line, as drawn.
fn heading(screen: &str) -> String {
    screen
        .lines()
        .find(|line| line.contains("SKU"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn warehouse_columns_at_80x24_leave_out_whole_columns_behind_a_marker() {
    let mut state = wholesale();
    command(&mut state, "columns warehouses");
    assert!(state.session.listing.warehouse_columns);
    let screen = text(&render(&state, 80, 24));
    insta::assert_snapshot!(screen);
    let heading = heading(&screen);
    assert!(
        heading.contains("MAIN EAST WEST NORTH SOUTH +1"),
        "{heading}"
    );
    assert!(!heading.contains("DOCKS"), "{heading}");
    // Every number is whole: the widest, 10968, in full under its code.
    assert!(screen.contains(" 10968 "), "{screen}");
    let unknown = screen
        .lines()
        .find(|line| line.contains("WS-002"))
        .unwrap_or_default();
    assert!(unknown.contains("  6855    — 2742 "), "{unknown}");
}

#[test]
fn warehouse_columns_at_120x35_share_the_width_with_the_detail_pane() {
    let mut state = wholesale();
    command(&mut state, "columns warehouses");
    let screen = text(&render(&state, 120, 35));
    insta::assert_snapshot!(screen);
    let heading = heading(&screen);
    assert!(heading.contains("Stock  MAIN EAST WEST +3"), "{heading}");
    assert!(heading.contains("Status"), "{heading}");
}

#[test]
fn the_columns_stay_on_through_a_reload_and_turn_off_again() {
    let mut state = wholesale();
    command(&mut state, "columns warehouses");
    let effects = update(&mut state, Action::Refresh);
    let request = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::LoadCatalog { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a reload loads the catalog: {effects:?}"));
    page_loaded(&mut state, request, wholesale_page(3));
    assert!(state.session.listing.warehouse_columns);
    assert!(heading(&text(&render(&state, 120, 35))).contains("MAIN"));

    command(&mut state, "columns total");
    assert!(!state.session.listing.warehouse_columns);
    let heading = heading(&text(&render(&state, 120, 35)));
    assert!(
        heading.contains("Stock") && !heading.contains("MAIN"),
        "{heading}"
    );
    command(&mut state, "columns");
    assert!(
        state.session.listing.warehouse_columns,
        "alone, it switches"
    );
}

#[test]
fn a_store_without_warehouses_refuses_the_columns() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    boot(&mut state);
    command(&mut state, "columns warehouses");
    let error = state
        .prompt()
        .and_then(|p| p.error.clone())
        .unwrap_or_default();
    assert!(
        error.contains("CS-Cart keeps no stock per warehouse"),
        "{error}"
    );
    assert!(!state.session.listing.warehouse_columns);
}

#[test]
fn help_lists_the_columns_command_and_its_key() {
    let mut state = wholesale();
    state.push(Layer::Help);
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains(":columns [warehouses]"), "{screen}");
    assert!(
        screen.contains("w W            warehouse / columns"),
        "{screen}"
    );
}

#[test]
fn the_w_key_switches_the_columns_and_says_why_it_cannot() {
    let mut state = wholesale();
    let key = stockroom::keys::Key::parse("W").unwrap();
    assert_eq!(
        state.bindings.command(key),
        Some(stockroom::keys::Command::WarehouseColumns)
    );
    update(&mut state, Action::ToggleWarehouseColumns);
    assert!(state.session.listing.warehouse_columns);
    assert!(heading(&text(&render(&state, 80, 24))).contains("MAIN"));
    update(&mut state, Action::ToggleWarehouseColumns);
    assert!(!state.session.listing.warehouse_columns);

    let mut shop = State::new(vec![profiles::cscart("shop")], 0);
    boot(&mut shop);
    update(&mut shop, Action::ToggleWarehouseColumns);
    assert!(!shop.session.listing.warehouse_columns);
    let said = shop
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said.contains("CS-Cart keeps no stock per warehouse"),
        "{said}"
    );
}
