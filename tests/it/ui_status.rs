//! The status bar at 80 columns: what it is for (status, latency, debug id, the request in
//! flight, a hold's countdown) stays, and the position it gives means what it says.

use std::time::{Duration, SystemTime};

use stockroom::app::action::Action;
use stockroom::app::state::{Load, State};
use stockroom::app::update::update;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::{Page, Platform};
use stockroom::catalog::ratelimit::RateLimit;

use crate::support::editing::staged;
use crate::support::profiles;
use crate::support::screens::{render, state, text};
use crate::support::states::{boot, compute_views, numbered, page_loaded};

fn status(state: &State, columns: u16) -> String {
    text(&render(state, columns, 24))
        .lines()
        .nth(23)
        .unwrap_or_default()
        .to_owned()
}

fn answered(seq: u64, latency: Duration, debug_id: &str) -> Exchange {
    Exchange {
        profile: None,
        seq,
        started_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_000),
        method: "POST".into(),
        url: "http://127.0.0.1/valigara/client/V1/".into(),
        path: "/valigara/client/V1/".into(),
        request_headers: Vec::new(),
        request_body: None,
        status: Some(200),
        response_headers: Vec::new(),
        response_body: Default::default(),
        latency,
        debug_id: Some(debug_id.into()),
        rate_limit: Some(RateLimit {
            limit: Some(100),
            remaining: Some(99),
            reset: None,
            retry_after: None,
        }),
        platform_status: None,
        error: None,
    }
}

#[test]
fn a_staged_change_leaves_the_status_latency_and_id_on_an_80_column_bar() {
    let bar = status(&staged(), 80);
    assert!(bar.contains("6 staged"), "{bar}");
    assert!(bar.contains("200") && bar.contains("84 ms"), "{bar}");
    assert!(bar.contains("id 7f3a") && bar.contains("5e1"), "{bar}");
}

#[test]
fn a_slow_answer_keeps_its_latency_and_a_long_id_is_shortened_in_the_middle() {
    let mut state = state();
    let id = "0d9c5a4e-77a2-4c1b-9f0e-1b2c3d4e5f60";
    state.record(0, vec![answered(9, Duration::from_millis(4_250), id)]);
    let bar = status(&state, 80);
    assert!(bar.contains("200") && bar.contains("4250 ms"), "{bar}");
    assert!(bar.contains("id 0d9c") && bar.contains("5f60"), "{bar}");
    let wide = status(&state, 200);
    assert!(wide.contains(&format!("id {id}")), "{wide}");
}

#[test]
fn a_request_in_flight_shows_how_long_it_has_been_waiting() {
    let mut state = state();
    state.session.listing.load = Load::Loading(stockroom::app::effect::RequestId(99));
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(5_000);
    state.tick(start);
    assert!(state.needs_ticks());
    state.tick(start + Duration::from_millis(1_250));
    let bar = status(&state, 80);
    assert!(bar.contains("GET … 1.2 s…"), "{bar}");
    assert!(bar.contains("84 ms"), "the last answer stays: {bar}");

    state.session.listing.load = Load::Idle;
    state.tick(start + Duration::from_secs(2));
    assert!(!state.needs_ticks());
    assert!(!status(&state, 80).contains("1.2 s"));
}

#[test]
fn a_rate_limit_hold_counts_down() {
    let mut state = state();
    let mut refused = answered(9, Duration::from_millis(100), "abc");
    refused.status = Some(429);
    refused.rate_limit = Some(RateLimit {
        limit: Some(100),
        remaining: Some(0),
        reset: None,
        retry_after: Some(Duration::from_secs(42)),
    });
    let answered_at = refused.started_at + refused.latency;
    state.record(0, vec![refused]);
    state.tick(answered_at + Duration::from_secs(2));
    assert!(state.needs_ticks(), "the countdown is kept moving");
    let bar = status(&state, 80);
    assert!(bar.contains("hold 40 s") && bar.contains("429"), "{bar}");
    state.tick(answered_at + Duration::from_secs(43));
    assert!(!status(&state, 80).contains("hold"));
}

#[test]
fn each_store_shows_its_own_last_request() {
    let mut state = State::new(
        vec![
            profiles::cscart("shop"),
            crate::support::profiles::shop(Platform::Valigara, false),
        ],
        0,
    );
    state.record(0, vec![answered(1, Duration::from_millis(84), "shop-id")]);
    state.record(1, vec![answered(2, Duration::from_millis(999), "other-id")]);
    let bar = status(&state, 120);
    assert!(bar.contains("84 ms") && bar.contains("shop-id"), "{bar}");
    assert!(
        !bar.contains("999 ms") && !bar.contains("other-id"),
        "{bar}"
    );
}

fn whole_catalog(platform: Platform, total: u32, per_page: u32, announces_total: bool) -> State {
    let profile = profiles::shop(platform, false);
    let mut state = State::new(vec![profile], 0);
    let (request, _) = boot(&mut state);
    let pages = total.div_ceil(per_page);
    for number in 1..=pages {
        let first = (number - 1) * per_page + 1;
        let last = (number * per_page).min(total);
        page_loaded(
            &mut state,
            request,
            Page {
                items: (first..=last).map(numbered).collect(),
                page: number,
                per_page,
                total: announces_total.then_some(u64::from(total)),
                // UGAL cannot tell a full last page from one with more after it.
                more: !announces_total || number < pages,
                warehouses: None,
            },
        );
    }
    let effects = update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    compute_views(&mut state, effects);
    state
}

#[test]
fn the_last_row_of_a_store_without_a_total_is_on_its_last_page() {
    let mut state = whole_catalog(Platform::Ugal, 1_200, 25, false);
    state.session.listing.selected = 1_199;
    let bar = status(&state, 120);
    assert!(
        bar.contains("row 1,200 of 1,200 products · page 48/48"),
        "{bar}"
    );
}

#[test]
fn valigara_names_no_page_of_its_own_batches() {
    let mut state = whole_catalog(Platform::Valigara, 1_200, 1_000, true);
    state.session.listing.selected = 1_024;
    let bar = status(&state, 120);
    assert!(bar.contains("row 1,025 of 1,200 products"), "{bar}");
    assert!(!bar.contains("page"), "{bar}");
}

#[test]
fn a_local_sort_says_so_instead_of_a_page() {
    let mut state = whole_catalog(Platform::Cscart, 1_200, 250, true);
    state.session.listing.selected = 1_024;
    assert!(status(&state, 120).contains("row 1,025 of 1,200 products · page 5/5"));
    let effects = update(&mut state, Action::CycleSort);
    compute_views(&mut state, effects);
    state.session.listing.selected = 1_024;
    let bar = status(&state, 120);
    assert!(bar.contains("row 1,025 of 1,200 · sorted here"), "{bar}");
    assert!(!bar.contains("page"), "{bar}");
}

#[test]
fn a_valigara_request_is_named_by_its_action() {
    let mut state = state();
    let mut exchange = answered(9, Duration::from_millis(36), "abc");
    exchange.request_headers = vec![(
        "content-type".into(),
        "application/x-www-form-urlencoded".into(),
    )];
    exchange.request_body = Some("action=product_export&data=%7B%7D".into());
    state.record(0, vec![exchange]);
    let bar = status(&state, 120);
    assert!(bar.contains("200 POST product_export 36 ms"), "{bar}");
}
