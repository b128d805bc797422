//! The cached catalog through `update` and `draw`: shown at once with its age, revalidated
//! page by page, the rows the store changed marked and found by `changed:`, and a product's
//! stock history in the detail pane.

use std::time::{Duration, UNIX_EPOCH};

use stockroom::app::action::Action;
use stockroom::app::state::State;
use stockroom::app::update::update;
use stockroom::cache::HistoryPoint;
use stockroom::catalog::model::{Page, ProductId, ProductSummary, Stock};

use crate::support::profiles;
use crate::support::screens::{render, text};
use crate::support::states::{
    boot, compute_views, listed_names, numbered, numbered_page, page_loaded, product,
    product_loaded,
};

const NOW: u64 = 1_800_000_000;

fn cached(
    state: &mut State,
    request: stockroom::app::effect::RequestId,
    pages: Vec<Page<ProductSummary>>,
    last: bool,
) {
    update(
        state,
        Action::CacheLoaded {
            profile: 0,
            request,
            pages,
            written_at: Some(NOW - 12 * 60),
            last,
        },
    );
}

fn search(state: &mut State, text: &str) {
    update(state, Action::StartSearch);
    update(state, Action::SearchClear);
    for c in text.chars() {
        let effects = update(state, Action::SearchInput(c));
        compute_views(state, effects);
    }
    let effects = update(state, Action::SearchSubmit);
    compute_views(state, effects);
}

fn screen(state: &State) -> String {
    text(&render(state, 100, 20))
}

#[test]
fn the_cached_list_shows_at_once_and_revalidation_marks_what_the_store_changed() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    update(
        &mut state,
        Action::Resize {
            width: 100,
            height: 20,
        },
    );
    let (request, _) = boot(&mut state);
    state
        .clock
        .set(UNIX_EPOCH + Duration::from_secs(NOW), 0, true);
    cached(&mut state, request, vec![numbered_page(1, 3, 5)], false);
    cached(&mut state, request, vec![numbered_page(2, 3, 5)], true);
    assert_eq!(
        listed_names(&state).len(),
        5,
        "every cached row, before any page"
    );
    assert!(
        screen(&state).contains("cached 12 min ago"),
        "{}",
        screen(&state)
    );
    for _ in 0..3 {
        update(&mut state, Action::SelectNext);
    }
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 4")
    );

    // The store changed while Stockroom was closed: product 2's stock, and product 5 is gone.
    let mut first = numbered_page(1, 3, 4);
    first.items[1].stock = Stock::Quantity(40);
    page_loaded(&mut state, request, first);
    update(
        &mut state,
        Action::CacheChanged {
            profile: 0,
            ids: vec![ProductId("2".into())],
        },
    );
    page_loaded(&mut state, request, numbered_page(2, 3, 4));
    assert!(
        screen(&state).contains("cached 12 min ago"),
        "until the load ends"
    );
    update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    let shown = screen(&state);
    assert!(!shown.contains("cached"), "revalidated: {shown}");
    assert_eq!(
        listed_names(&state),
        ["Product 1", "Product 2", "Product 3", "Product 4"],
        "the product gone from the store is dropped"
    );
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 4"),
        "the selection keeps its product"
    );
    let changed_row = shown
        .lines()
        .find(|line| line.contains("Product 2"))
        .unwrap_or_default();
    assert!(
        changed_row.contains('·'),
        "the changed row is marked: {changed_row:?}"
    );
    let same_row = shown
        .lines()
        .find(|line| line.contains("Product 3"))
        .unwrap_or_default();
    assert!(!same_row.contains('·'), "{same_row:?}");

    search(&mut state, "changed:");
    assert_eq!(listed_names(&state), ["Product 2"]);
    search(&mut state, "changed:no");
    assert_eq!(listed_names(&state).len(), 4);
}

#[test]
fn a_change_found_after_the_changed_filter_is_applied_joins_its_rows() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let (request, _) = boot(&mut state);
    cached(&mut state, request, vec![numbered_page(1, 3, 3)], true);
    search(&mut state, "changed:yes");
    assert!(listed_names(&state).is_empty());
    let effects = update(
        &mut state,
        Action::CacheChanged {
            profile: 0,
            ids: vec![ProductId("3".into())],
        },
    );
    compute_views(&mut state, effects);
    assert_eq!(listed_names(&state), ["Product 3"]);
}

#[test]
fn cached_pages_for_an_older_load_are_ignored() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let (old, _) = boot(&mut state);
    update(&mut state, Action::Refresh);
    cached(&mut state, old, vec![numbered_page(1, 3, 3)], true);
    assert!(listed_names(&state).is_empty());
}

#[test]
fn the_detail_pane_draws_the_products_stock_over_time() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let (request, _) = boot(&mut state);
    page_loaded(&mut state, request, numbered_page(1, 3, 3));
    let effects = update(&mut state, Action::Open);
    let effects = product_loaded(
        &mut state,
        &effects,
        product(numbered(1), serde_json::json!({})),
    );
    assert!(
        effects.iter().any(
            |e| matches!(e, stockroom::app::effect::Effect::LoadHistory { id, .. } if id.0 == "1")
        ),
        "opening a product asks for its history: {effects:?}"
    );
    assert!(
        !screen(&state).contains("Stock over time"),
        "nothing before the history comes"
    );
    let day = 86_400;
    let points = [(NOW - 2 * day, 1), (NOW - day, 8), (NOW, 3)]
        .map(|(at, stock)| HistoryPoint {
            at,
            stock: Some(stock),
            price: None,
        })
        .to_vec();
    update(
        &mut state,
        Action::HistoryLoaded {
            profile: 0,
            id: ProductId("1".into()),
            points,
        },
    );
    let shown = text(&render(&state, 120, 40));
    assert!(shown.contains("Stock over time"), "{shown}");
    assert!(shown.contains("▁█▃") || shown.contains("▁█▄"), "{shown}");
    assert!(
        shown.contains("2027-01-13 08:00 UTC · 1"),
        "first date and stock: {shown}"
    );
}

#[test]
fn a_cache_set_aside_is_said_on_the_message_line() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    boot(&mut state);
    let text = "The catalog cache could not be used (corrupt: file is not a database); it was kept \
                as /state/cache/shop.sqlite.set-aside-20261206T120102Z and a new one starts";
    update(
        &mut state,
        Action::CacheNotice {
            profile: 0,
            text: text.into(),
        },
    );
    let message = state
        .message
        .as_ref()
        .map(|m| (m.severity, m.text.as_str()));
    assert_eq!(
        message,
        Some((stockroom::app::state::Severity::Error, text))
    );
}

#[test]
fn the_load_s_progress_counts_the_store_s_pages_not_the_cached_ones() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    update(
        &mut state,
        Action::Resize {
            width: 100,
            height: 20,
        },
    );
    let (request, _) = boot(&mut state);
    state
        .clock
        .set(UNIX_EPOCH + Duration::from_secs(NOW), 0, true);
    let cached_pages = (1..=4).map(|n| numbered_page(n, 25, 100)).collect();
    cached(&mut state, request, cached_pages, true);
    assert!(
        screen(&state).contains("loading 0%"),
        "every row is the cache's, none the store's yet: {}",
        screen(&state)
    );
    page_loaded(&mut state, request, numbered_page(1, 25, 100));
    assert!(
        screen(&state).contains("loading 25%"),
        "one page of four from the store: {}",
        screen(&state)
    );
}

/// A page as a store without totals sends it: only whether more follow.
fn untotalled_page(number: u32, per_page: u32, total: u64) -> Page<ProductSummary> {
    Page {
        total: None,
        ..numbered_page(number, per_page, total)
    }
}

#[test]
fn the_status_bar_counts_the_store_s_catalog_not_the_cache_s_total() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    update(
        &mut state,
        Action::Resize {
            width: 100,
            height: 20,
        },
    );
    let (request, _) = boot(&mut state);
    cached(&mut state, request, vec![numbered_page(1, 3, 3)], true);
    assert!(screen(&state).contains("row 1 of 3"), "{}", screen(&state));
    page_loaded(&mut state, request, untotalled_page(1, 25, 50));
    update(&mut state, Action::SelectLast);
    assert!(
        !screen(&state).contains("of 3 "),
        "the cache's total is not the store's: {}",
        screen(&state)
    );
    page_loaded(&mut state, request, untotalled_page(2, 25, 50));
    update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    update(&mut state, Action::SelectLast);
    let shown = screen(&state);
    assert!(shown.contains("row 50 of 50"), "{shown}");
    assert!(shown.contains("page 2/2"), "{shown}");
}

fn current_load(state: &State) -> stockroom::app::effect::RequestId {
    match state.session.listing.load {
        stockroom::app::state::Load::Loading(request) => request,
        ref other => panic!("no load under way: {other:?}"),
    }
}

fn finished(state: &mut State, request: stockroom::app::effect::RequestId) {
    update(
        state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
}

#[test]
fn clearing_a_server_filter_shows_the_whole_catalog_at_once_and_esc_keeps_it() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let (request, _) = boot(&mut state);
    page_loaded(&mut state, request, numbered_page(1, 3, 5));
    page_loaded(&mut state, request, numbered_page(2, 3, 5));
    finished(&mut state, request);

    search(&mut state, "vendor:2");
    assert!(
        listed_names(&state).is_empty(),
        "the vendor's rows are loading"
    );
    let vendor_load = current_load(&state);
    let mut vendor_page = numbered_page(1, 3, 1);
    vendor_page.items[0] = numbered(4);
    page_loaded(&mut state, vendor_load, vendor_page);
    finished(&mut state, vendor_load);
    assert_eq!(listed_names(&state), ["Product 4"]);

    let effects = update(&mut state, Action::Back);
    compute_views(&mut state, effects);
    assert!(
        state.session.listing.load.is_loading(),
        "the catalog reloads"
    );
    assert_eq!(
        listed_names(&state).len(),
        5,
        "the catalog's rows show while it reloads"
    );
    update(&mut state, Action::Back);
    assert!(!state.session.listing.load.is_loading());
    assert_eq!(listed_names(&state).len(), 5, "Esc keeps what is shown");
}

#[test]
fn stopping_a_load_over_cached_rows_says_how_many_came_from_the_store() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let (request, _) = boot(&mut state);
    state
        .clock
        .set(UNIX_EPOCH + Duration::from_secs(NOW), 0, true);
    let cached_pages = (1..=48).map(|n| numbered_page(n, 25, 1200)).collect();
    cached(&mut state, request, cached_pages, true);
    page_loaded(&mut state, request, numbered_page(1, 25, 1200));
    update(&mut state, Action::Back);
    let message = state.message.as_ref().map(|m| m.text.as_str());
    assert_eq!(
        message,
        Some("Stopped: 25 of 1,200 from the store, the rest cached 12 min ago · r loads again")
    );
    assert_eq!(listed_names(&state).len(), 1200, "the cached rows stay");
    update(
        &mut state,
        Action::Resize {
            width: 100,
            height: 20,
        },
    );
    let shown = screen(&state);
    assert!(
        shown.contains("stopped at 25") && shown.contains("cached 12 min ago"),
        "the status bar counts the store's rows too: {shown}"
    );
}
