//! A session per profile: switching away and back finds each store as it was, and a result
//! lands only in the store it belongs to.

use std::time::{Duration, SystemTime};

use stockroom::app::action::Action;
use stockroom::app::effect::{Effect, RequestId};
use stockroom::app::state::{Dialog, ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::basket::{Outcome, StockChange, Target};
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::{
    Money, Page, Platform, ProductId, ProductSummary, Sku, Status, Stock,
};
use stockroom::catalog::ratelimit::RateLimit;

use crate::support::screens::{render, text};

fn profile(name: &str, platform: Platform) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        platform,
        host: "127.0.0.1".into(),
        read_only: false,
        production: false,
        capabilities: stockroom::catalog::capabilities(platform, false),
        user: Some("admin@example.com".into()),
        secret_var: "SHOP_API_KEY".into(),
    }
}

fn summary(n: u32, stock: i64) -> ProductSummary {
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!("SKU{n}")),
        name: format!("Product {n}"),
        price: Money::parse("9.99"),
        stock: Stock::Quantity(stock),
        status: Status::Active,
    }
}

fn page(first: u32, more: bool) -> Page<ProductSummary> {
    Page {
        items: (first..first + 3).map(|n| summary(n, 10)).collect(),
        page: 1,
        per_page: 3,
        total: None,
        more,
        warehouses: None,
    }
}

/// An exchange with `seq`, announcing `remaining` of 4 requests, with its own debug id.
fn exchange(seq: u64, remaining: u64) -> Exchange {
    Exchange {
        seq,
        started_at: SystemTime::UNIX_EPOCH,
        method: "GET".into(),
        url: format!("http://127.0.0.1:8080/api/products?page={seq}"),
        path: format!("/api/products?page={seq}"),
        request_headers: Vec::new(),
        request_body: None,
        status: Some(200),
        response_headers: Vec::new(),
        response_body: Default::default(),
        latency: Duration::from_millis(40 + seq),
        debug_id: Some(format!("debug-{seq}")),
        rate_limit: Some(RateLimit {
            limit: Some(4),
            remaining: Some(remaining),
            reset: None,
            retry_after: None,
        }),
        platform_status: None,
        error: None,
        profile: None,
    }
}

fn load_request(effects: &[Effect], profile: usize) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadCatalog {
                request,
                profile: p,
                ..
            } if *p == profile => Some(*request),
            _ => None,
        })
        .expect("a catalog load for the profile")
}

/// Two stores: `shop` (CS-Cart, active, loaded, its last answer announcing 3 of 4 left) and
/// `wave` (B2B Wave, not opened yet).
fn two_stores() -> State {
    let mut state = State::new(
        vec![
            profile("shop", Platform::Cscart),
            profile("wave", Platform::B2bwave),
        ],
        0,
    );
    let effects = start(&mut state);
    let request = load_request(&effects, 0);
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request,
            page: page(1, false),
            exchanges: vec![exchange(1, 3)],
        },
    );
    update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    state
}

fn target(n: u32) -> Target {
    Target {
        id: Some(ProductId(n.to_string())),
        sku: format!("SKU{n}"),
        name: format!("Product {n}"),
    }
}

/// Switches to the other profile and loads its catalog: `wave` answers with 0 of 4 left.
fn open_wave(state: &mut State) {
    let effects = update(state, Action::NextProfile);
    assert_eq!(state.active_profile, 1);
    let request = load_request(&effects, 1);
    update(
        state,
        Action::PageLoaded {
            profile: 1,
            request,
            page: page(101, false),
            exchanges: vec![exchange(2, 0)],
        },
    );
}

#[test]
fn coming_back_finds_the_basket_warehouse_rate_and_status_as_they_were() {
    let mut state = two_stores();
    state.session.basket.set_stock(target(1), 10, 15);
    state.session.stock_target = Some((7, "EAST".into()));
    let before = text(&render(&state, 120, 24));
    assert!(before.contains("rate 3/4"), "{before}");

    open_wave(&mut state);
    assert!(state.session.basket.is_empty(), "wave has nothing staged");
    assert_eq!(state.session.stock_target, None, "wave acts on totals");
    let wave = text(&render(&state, 120, 24));
    assert!(wave.contains("rate 0/4"), "{wave}");
    assert!(!wave.contains("rate 3/4"), "{wave}");
    assert_eq!(state.unsent(), 1, "shop's staged change still counts");

    let effects = update(&mut state, Action::NextProfile);
    assert_eq!(state.active_profile, 0);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::LoadCatalog { .. } | Effect::LoadJournal { .. })),
        "a store already open is not read again: {effects:?}"
    );
    assert_eq!(state.session.stock_target, Some((7, "EAST".into())));
    assert_eq!(
        state.session.basket.staged_stock(&ProductId("1".into())),
        Some(StockChange::Set { from: 10, to: 15 })
    );
    assert_eq!(state.session.listing.len(), 3);
    let after = text(&render(&state, 120, 24));
    let status = |screen: &str| screen.lines().last().unwrap_or_default().to_owned();
    let shown = status(&after);
    assert_eq!(shown, status(&before), "the status bar is shop's again");
    assert!(
        shown.contains("rate 3/4") && shown.contains("debug-1"),
        "{shown}"
    );
}

#[test]
fn undo_still_works_after_switching_away_and_back() {
    let mut state = two_stores();
    state.session.basket.set_stock(target(2), 10, 4);
    let item = state.session.basket.items[0].clone();
    state.session.sending = None;
    update(
        &mut state,
        Action::ItemSettled {
            profile: 0,
            item: item.id,
            outcome: Outcome::Sent {
                sent: item.change,
                created: None,
            },
            exchanges: vec![],
        },
    );
    update(&mut state, Action::BatchFinished { profile: 0 });
    open_wave(&mut state);
    update(&mut state, Action::NextProfile);
    update(&mut state, Action::Undo);
    assert_eq!(
        state.session.basket.staged_stock(&ProductId("2".into())),
        Some(StockChange::Set { from: 4, to: 10 }),
        "undo stages the inverse of shop's last batch"
    );
}

#[test]
fn a_result_for_a_store_in_the_background_lands_in_that_store_only() {
    let mut state = two_stores();
    open_wave(&mut state);
    update(
        &mut state,
        Action::RowsRefreshed {
            profile: 0,
            products: vec![summary(1, 99)],
            exchanges: vec![exchange(3, 2)],
        },
    );
    let wave_ids: Vec<String> = state
        .session
        .listing
        .rows
        .all()
        .map(|p| p.id.0.clone())
        .collect();
    assert_eq!(wave_ids, ["101", "102", "103"], "wave's list is untouched");
    assert!(
        state.rate_limit().is_some_and(|r| r.remaining == Some(0)),
        "wave's status bar keeps wave's budget"
    );
    assert_eq!(
        state.ledger.front().and_then(|e| e.profile.as_deref()),
        Some("shop"),
        "the ledger tags the exchange with its store"
    );
    update(&mut state, Action::NextProfile);
    let shop = state.session.listing.rows.all().find(|p| p.id.0 == "1");
    assert_eq!(shop.map(|p| p.stock), Some(Stock::Quantity(99)));
    assert_eq!(state.rate_limit().and_then(|r| r.remaining), Some(2));
}

#[test]
fn a_stale_page_for_a_store_is_dropped() {
    let mut state = two_stores();
    open_wave(&mut state);
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request: RequestId(9_999),
            page: page(500, false),
            exchanges: vec![],
        },
    );
    update(&mut state, Action::NextProfile);
    assert_eq!(state.session.listing.len(), 3, "shop's rows stay as loaded");
}

#[test]
fn a_load_cut_short_by_a_switch_resumes_on_return() {
    let mut state = State::new(
        vec![
            profile("shop", Platform::Cscart),
            profile("wave", Platform::B2bwave),
        ],
        0,
    );
    let effects = start(&mut state);
    let request = load_request(&effects, 0);
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request,
            page: page(1, true),
            exchanges: vec![],
        },
    );
    let away = update(&mut state, Action::NextProfile);
    assert!(away.contains(&Effect::CancelLoad), "{away:?}");
    let back = update(&mut state, Action::NextProfile);
    load_request(&back, 0);
    assert_eq!(
        state.session.listing.len(),
        3,
        "the rows loaded stay on screen"
    );
}

#[test]
fn quitting_counts_what_is_staged_on_every_store() {
    let mut state = two_stores();
    state.session.basket.set_stock(target(1), 10, 15);
    open_wave(&mut state);
    update(&mut state, Action::Quit);
    assert_eq!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmQuit { unsent: 1 })
    );
}

#[test]
fn switching_while_a_batch_is_sent_waits_for_it() {
    let mut state = two_stores();
    state.session.basket.set_stock(target(1), 10, 15);
    update(&mut state, Action::OpenBasket);
    update(&mut state, Action::SendBasket);
    update(&mut state, Action::Confirm);
    assert!(state.session.sending.is_some());
    update(&mut state, Action::Back);
    update(&mut state, Action::NextProfile);
    assert_eq!(state.active_profile, 0);
    let message = state.message.as_ref().map(|m| m.text.clone());
    assert!(
        message.is_some_and(|m| m.contains("wait for it")),
        "{:?}",
        state.message
    );
}
