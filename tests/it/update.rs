//! `update` tests: an action in, the state and the effects out.

use stockroom::app::action::Action;
use stockroom::app::effect::{Effect, RequestId};
use stockroom::app::state::{Focus, Load, ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{
    ListQuery, Money, Page, Platform, Product, ProductId, ProductSummary, Sku, SortField,
    SortOrder, Status, Stock,
};

fn profile(name: &str) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        platform: Platform::Cscart,
        host: "127.0.0.1".into(),
        read_only: false,
        production: false,
        capabilities: stockroom::catalog::capabilities(Platform::Cscart, false),
        user: Some("admin@example.com".into()),
        secret_var: "SHOP_API_KEY".into(),
    }
}

fn summary(n: u32) -> ProductSummary {
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!("SKU{n:04}")),
        name: format!("Product {n}"),
        price: Money::parse("9.99"),
        stock: Stock::Quantity(i64::from(n)),
        status: Status::Active,
    }
}

fn page(number: u32, per_page: u32, total: u64) -> Page<ProductSummary> {
    let first = (number - 1) * per_page + 1;
    let last = (u64::from(number * per_page)).min(total) as u32;
    Page {
        items: (first..=last).map(summary).collect(),
        page: number,
        per_page,
        total: Some(total),
        more: u64::from(number * per_page) < total,
    }
}

/// A state at 80x24 showing page 1 of a 120-product catalog, 50 per page.
fn loaded() -> State {
    let mut state = State::new(vec![profile("shop"), profile("staging")], 0);
    let effects = start(&mut state);
    let request = load_request(&effects);
    update(
        &mut state,
        Action::PageLoaded {
            request,
            page: page(1, 50, 120),
            exchanges: vec![],
        },
    );
    state
}

fn load_request(effects: &[Effect]) -> RequestId {
    match pages(effects).as_slice() {
        [Effect::LoadPage { request, .. }] => *request,
        other => panic!("expected one LoadPage, got {other:?}"),
    }
}

fn loaded_query(effects: &[Effect]) -> ListQuery {
    match pages(effects).as_slice() {
        [Effect::LoadPage { query, .. }] => query.clone(),
        other => panic!("expected one LoadPage, got {other:?}"),
    }
}

/// The page loads among the effects (a start or a profile switch also reads the journal).
fn pages(effects: &[Effect]) -> Vec<Effect> {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::LoadPage { .. }))
        .cloned()
        .collect()
}

#[test]
fn start_loads_the_first_page() {
    let mut state = State::new(vec![profile("shop")], 0);
    let effects = start(&mut state);
    assert_eq!(loaded_query(&effects).page, 1);
    assert!(effects.contains(&Effect::LoadJournal { profile: 0 }));
    assert!(state.listing.load.is_loading());
}

#[test]
fn moving_past_the_viewport_scrolls_the_list() {
    let mut state = loaded();
    let rows = stockroom::ui::layout::list_rows(80, 24, false);
    for _ in 0..rows {
        update(&mut state, Action::SelectNext);
    }
    assert_eq!(state.listing.selected, rows);
    assert_eq!(
        state.listing.offset, 1,
        "the list scrolls by one row, not a page"
    );
    update(&mut state, Action::SelectLast);
    assert_eq!(state.listing.selected, 49);
    update(&mut state, Action::SelectFirst);
    assert_eq!((state.listing.selected, state.listing.offset), (0, 0));
}

#[test]
fn next_page_requests_page_two_and_keeps_the_old_rows_until_it_arrives() {
    let mut state = loaded();
    let effects = update(&mut state, Action::NextPage);
    assert_eq!(loaded_query(&effects).page, 2);
    assert_eq!(
        state.listing.len(),
        50,
        "page 1 stays on screen while page 2 loads"
    );
    let request = load_request(&effects);
    update(
        &mut state,
        Action::PageLoaded {
            request,
            page: page(2, 50, 120),
            exchanges: vec![],
        },
    );
    assert_eq!(
        state.listing.selected_product().map(|p| p.name.as_str()),
        Some("Product 51")
    );
}

#[test]
fn last_page_jumps_to_the_announced_end_and_stops_there() {
    let mut state = loaded();
    let effects = update(&mut state, Action::LastPage);
    assert_eq!(loaded_query(&effects).page, 3);
    let request = load_request(&effects);
    update(
        &mut state,
        Action::PageLoaded {
            request,
            page: page(3, 50, 120),
            exchanges: vec![],
        },
    );
    assert!(update(&mut state, Action::NextPage).is_empty());
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("last page"))
    );
}

#[test]
fn a_stale_result_is_dropped() {
    let mut state = loaded();
    let first = load_request(&update(&mut state, Action::NextPage));
    let second = load_request(&update(&mut state, Action::NextPage));
    assert_ne!(first, second);
    update(
        &mut state,
        Action::PageLoaded {
            request: first,
            page: page(2, 50, 120),
            exchanges: vec![],
        },
    );
    assert!(
        state.listing.load.is_loading(),
        "the older answer must not end the newer request"
    );
    assert_eq!(state.listing.page.as_ref().map(|p| p.page), Some(1));
}

#[test]
fn a_failed_load_keeps_the_page_and_says_why() {
    let mut state = loaded();
    let request = load_request(&update(&mut state, Action::NextPage));
    let error = CatalogError::Server {
        status: 503,
        message: "maintenance".into(),
    };
    update(
        &mut state,
        Action::PageFailed {
            request,
            error: error.clone(),
            exchanges: vec![],
        },
    );
    assert_eq!(state.listing.load, Load::Failed(error));
    assert_eq!(state.listing.len(), 50);
    let message = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        message.contains("503") && message.contains("maintenance"),
        "{message}"
    );
}

#[test]
fn search_applies_server_filters_from_page_one_and_esc_clears_them() {
    let mut state = loaded();
    update(&mut state, Action::StartSearch);
    for c in "pants sku:U00 status:active".chars() {
        update(&mut state, Action::SearchInput(c));
    }
    let query = loaded_query(&update(&mut state, Action::SearchSubmit));
    assert_eq!(query.page, 1);
    assert_eq!(query.filters.name.as_deref(), Some("pants"));
    assert_eq!(query.filters.sku.as_deref(), Some("U00"));
    assert_eq!(query.filters.status, Some(Status::Active));
    assert!(state.search.is_none());
    assert_eq!(state.listing.search, "pants sku:U00 status:active");

    let query = loaded_query(&update(&mut state, Action::Back));
    assert!(query.filters.is_empty());
    assert!(state.listing.search.is_empty());
}

#[test]
fn a_bad_search_stays_open_with_the_reason() {
    let mut state = loaded();
    update(&mut state, Action::StartSearch);
    for c in "price:cheap".chars() {
        update(&mut state, Action::SearchInput(c));
    }
    assert!(update(&mut state, Action::SearchSubmit).is_empty());
    let prompt = state.search.as_ref().expect("prompt stays open");
    assert!(prompt.error.as_deref().is_some_and(|e| e.contains("price")));
    update(&mut state, Action::SearchCancel);
    assert!(state.search.is_none());
}

#[test]
fn keys_typed_into_search_are_not_commands() {
    let mut state = loaded();
    update(&mut state, Action::StartSearch);
    let effects = update(&mut state, Action::SearchInput('q'));
    assert!(effects.is_empty());
    assert!(!state.should_quit);
}

#[test]
fn sorting_cycles_columns_and_reverses() {
    let mut state = loaded();
    let query = loaded_query(&update(&mut state, Action::CycleSort));
    assert_eq!(query.sort, SortField::Sku);
    let query = loaded_query(&update(&mut state, Action::ReverseSort));
    assert_eq!(
        (query.sort, query.order),
        (SortField::Sku, SortOrder::Descending)
    );
}

#[test]
fn open_fetches_the_selected_product_and_esc_returns_to_the_list() {
    let mut state = loaded();
    update(&mut state, Action::SelectNext);
    let effects = update(&mut state, Action::Open);
    let (request, id) = match effects.as_slice() {
        [Effect::LoadProduct { request, id, .. }] => (*request, id.clone()),
        other => panic!("expected LoadProduct, got {other:?}"),
    };
    assert_eq!(id, ProductId("2".into()));
    assert!(state.detail_open);
    assert_eq!(state.focus, Focus::Detail);
    let product = Product {
        summary: summary(2),
        list_price: None,
        category_ids: vec![224],
        updated_at: None,
        description: None,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw: serde_json::Value::Object(
            (0..60)
                .map(|n| (format!("field_{n}"), serde_json::json!(n)))
                .collect(),
        ),
    };
    update(
        &mut state,
        Action::ProductLoaded {
            request,
            product: Box::new(product),
            exchanges: vec![],
        },
    );
    assert_eq!(state.detail.fields.len(), 60);
    update(&mut state, Action::SelectNext);
    assert_eq!(
        state.detail.scroll, 1,
        "j scrolls the detail pane when it has focus"
    );
    update(&mut state, Action::SelectLast);
    let rows = stockroom::ui::layout::detail_rows(80, 24, true);
    assert_eq!(
        state.detail.scroll,
        stockroom::ui::detail_lines(&state) - rows,
        "the last line ends at the bottom of the pane"
    );
    assert_eq!(state.listing.selected, 1);
    update(&mut state, Action::Back);
    assert!(!state.detail_open);
    assert_eq!(state.focus, Focus::List);
}

#[test]
fn switching_profile_starts_over_on_the_next_store() {
    let mut state = loaded();
    let effects = update(&mut state, Action::NextProfile);
    assert!(effects.contains(&Effect::LoadJournal { profile: 1 }));
    match pages(&effects).as_slice() {
        [Effect::LoadPage { profile, query, .. }] => {
            assert_eq!(*profile, 1);
            assert_eq!(query.page, 1);
        }
        other => panic!("expected LoadPage, got {other:?}"),
    }
    assert!(state.listing.page.is_none());
    assert_eq!(state.profile().map(|p| p.name.as_str()), Some("staging"));
}

#[test]
fn help_swallows_keys_until_closed() {
    let mut state = loaded();
    update(&mut state, Action::ToggleHelp);
    assert!(update(&mut state, Action::NextPage).is_empty());
    assert!(state.help_open);
    update(&mut state, Action::Back);
    assert!(!state.help_open);
}

#[test]
fn quit_asks_the_runner_to_stop() {
    let mut state = loaded();
    assert_eq!(update(&mut state, Action::Quit), vec![Effect::Quit]);
    assert!(state.should_quit);
}

#[test]
fn without_profiles_only_quit_does_anything() {
    let mut state = State::new(vec![], 0);
    assert!(start(&mut state).is_empty());
    assert!(update(&mut state, Action::NextPage).is_empty());
    assert_eq!(update(&mut state, Action::Quit), vec![Effect::Quit]);
}
