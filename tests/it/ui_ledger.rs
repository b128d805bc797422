//! The ledger and the exchange view at 80 columns: Valigara's actions and decoded forms, paths
//! shortened in the middle, a profile column once several stores were used, bodies searched.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use stockroom::app::state::{Inspector, Layer, OpenExchange, Section, State};
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::Platform;
use stockroom::inspect::body::format;
use stockroom::ui;

use crate::support::profiles;
use crate::support::screens::{render, text};

const FORM: &str = "application/x-www-form-urlencoded";

fn valigara(seq: u64, action: &str, data: &str) -> Exchange {
    let data: String = data
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => char::from(b).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    Exchange {
        profile: None,
        seq,
        started_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_286_067 + seq),
        method: "POST".into(),
        url: "http://127.0.0.1:9/valigara/client/V1/".into(),
        path: "/valigara/client/V1/".into(),
        request_headers: vec![("content-type".into(), FORM.into())],
        request_body: Some(format!("action={action}&auth=%5BREDACTED%5D&data={data}").into()),
        status: Some(200),
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: r#"{"status":0,"result":{"sku":"VR-1683"}}"#.into(),
        latency: Duration::from_millis(36),
        debug_id: Some("63b8b5d0904f90f9bd2ed1d9".into()),
        rate_limit: None,
        platform_status: Some("0".into()),
        error: None,
    }
}

fn cscart_page(seq: u64) -> Exchange {
    Exchange {
        method: "GET".into(),
        path: "/cscart/api/products?page=5&items_per_page=250&sort_by=product&sort_order=asc"
            .into(),
        request_headers: Vec::new(),
        request_body: None,
        ..valigara(seq, "", "")
    }
}

fn with_ledger(
    profiles: Vec<stockroom::app::state::ProfileInfo>,
    rows: &[(usize, Exchange)],
) -> State {
    let mut state = State::new(profiles, 0);
    for (profile, exchange) in rows {
        state.record(*profile, vec![exchange.clone()]);
    }
    state.push(Layer::Ledger(Inspector::default()));
    state
}

fn valigara_state() -> State {
    with_ledger(
        vec![profiles::shop(Platform::Valigara, false)],
        &[
            (0, valigara(1, "product_search", r#"{"page":1}"#)),
            (0, valigara(2, "product_export", r#"{"id":[101,102]}"#)),
            (
                0,
                valigara(3, "product_sold", r#"{"sku":"VR-1683","qty":1}"#),
            ),
        ],
    )
}

#[test]
fn valigara_rows_name_the_action_not_the_one_endpoint() {
    let screen = text(&render(&valigara_state(), 80, 24));
    for action in [
        "POST product_search",
        "POST product_export",
        "POST product_sold",
    ] {
        assert!(screen.contains(action), "{screen}");
    }
    assert!(!screen.contains("/client/V1/"), "{screen}");
    assert!(screen.contains("Operation"), "{screen}");
}

#[test]
fn a_long_path_keeps_its_start_and_its_end() {
    let state = with_ledger(vec![profiles::cscart("shop")], &[(0, cscart_page(1))]);
    let screen = text(&render(&state, 80, 24));
    let row = screen
        .lines()
        .find(|line| line.contains("GET /cscart/api/product"))
        .unwrap_or_else(|| panic!("the operation keeps its start:\n{screen}"));
    assert!(row.contains("order=asc"), "and its end: {row}");
    assert!(row.contains('…'), "{row}");
}

#[test]
fn a_profile_column_appears_once_a_second_store_was_used() {
    let one = with_ledger(vec![profiles::cscart("shop")], &[(0, cscart_page(1))]);
    assert!(!text(&render(&one, 80, 24)).contains("Profile"));
    let two = with_ledger(
        vec![
            profiles::cscart("main"),
            profiles::shop(Platform::Valigara, false),
        ],
        &[
            (0, cscart_page(1)),
            (1, valigara(2, "product_export", "{}")),
        ],
    );
    let screen = text(&render(&two, 80, 24));
    assert!(screen.contains("Profile"), "{screen}");
    let row = |needle: &str| {
        screen
            .lines()
            .find(|line| line.contains(needle))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(row("product_export").contains(" shop "), "{screen}");
}

#[test]
fn the_filter_searches_decoded_form_bodies_and_responses() {
    let state = valigara_state();
    let matching = |filter: &str| {
        state
            .ledger
            .iter()
            .filter(|e| ui::ledger_matches(e, filter))
            .map(|e| e.seq)
            .collect::<Vec<_>>()
    };
    assert_eq!(matching(r#""qty":1"#), vec![3], "the decoded data= field");
    assert_eq!(matching("product_export"), vec![2], "the action");
    assert_eq!(matching("vr-1683 sold"), vec![3]);
    assert_eq!(matching(r#""status":0"#).len(), 3, "the response body");
    assert!(matching("nowhere").is_empty());
}

#[test]
fn a_valigara_request_reads_as_json_in_the_exchange_view() {
    let mut state = valigara_state();
    let exchange = state.ledger.iter().find(|e| e.seq == 3).cloned().unwrap();
    let body = format(exchange.request_body.as_deref().unwrap(), Some(FORM));
    state.push(Layer::Exchange(OpenExchange {
        seq: 3,
        section: Section::Request,
        request_body: Some(Arc::new(body)),
        response_body: None,
        scroll: 0,
        shift: 0,
        search: None,
    }));
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("POST product_sold"), "the title: {screen}");
    assert!(screen.contains(r#""action": "product_sold""#), "{screen}");
    assert!(screen.contains(r#""data": {"#), "{screen}");
    assert!(screen.contains(r#""sku": "VR-1683""#), "{screen}");
    assert!(!screen.contains("%7B"), "{screen}");
}
