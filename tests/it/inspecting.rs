//! `update` tests of the inspector: ledger, exchange, body search, copy and export.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use stockroom::app::action::{Action, CopyWhat};
use stockroom::app::effect::{Effect, ExportFormat};
use stockroom::app::state::{Section, State};
use stockroom::app::update::update;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::{Platform, ProductId, ProductSummary, Sku, Status, Stock};
use stockroom::inspect::body::format;

use crate::support::{profiles, states};

fn exchange(seq: u64, path: &str, status: u16, body: &str) -> Exchange {
    Exchange {
        profile: None,
        seq,
        started_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + seq),
        method: "GET".into(),
        url: format!("http://127.0.0.1:9/cscart{path}"),
        path: format!("/cscart{path}"),
        request_headers: vec![("authorization".into(), "Basic [REDACTED]".into())],
        request_body: None,
        status: Some(status),
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: Bytes::from(body.to_owned()),
        latency: Duration::from_millis(12),
        debug_id: (seq == 2).then(|| "7f3a9c2e".to_owned()),
        rate_limit: None,
        platform_status: None,
        error: None,
    }
}

/// A state whose page came from exchange 1, with exchanges 2 and 3 after it.
fn loaded() -> State {
    let mut state = State::new(vec![profiles::shop(Platform::Cscart, false)], 0);
    state.viewport = (120, 40);
    let (request, _) = states::boot(&mut state);
    let product = ProductSummary {
        id: ProductId("12".into()),
        sku: Sku("U0012O5AF0".into()),
        name: "100g Pants".into(),
        price: None,
        stock: Stock::Quantity(10),
        status: Status::Active,
    };
    let page = states::first_page(vec![product], 50, Some(1));
    let body =
        r#"{"products":[{"product_id":"12","product":"100g Pants"}],"params":{"total_items":"1"}}"#;
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request,
            page,
            exchanges: vec![exchange(1, "/api/products", 200, body)],
        },
    );
    let more = vec![
        exchange(
            2,
            "/api/products/12",
            200,
            r#"{"product_id":"12","amount":"10"}"#,
        ),
        exchange(
            3,
            "/api/products/99",
            404,
            r#"{"message":"Not Found","status":404}"#,
        ),
    ];
    let request = stale_request(&mut state);
    update(
        &mut state,
        Action::ProductFailed {
            profile: 0,
            request,
            error: stockroom::catalog::error::CatalogError::NotFound {
                message: "Not Found".into(),
            },
            exchanges: more,
        },
    );
    state
}

/// An id no request has: its result is only recorded in the ledger.
fn stale_request(state: &mut State) -> stockroom::app::effect::RequestId {
    stockroom::app::effect::RequestId(state.next_request + 100)
}

fn opened_seq(effects: &[Effect]) -> u64 {
    match effects {
        [Effect::FormatBodies { seq, .. }] => *seq,
        other => panic!("expected the bodies to be formatted: {other:?}"),
    }
}

#[test]
fn the_ledger_lists_newest_first_and_filters() {
    let mut state = loaded();
    update(&mut state, Action::OpenLedger);
    assert_eq!(
        stockroom::ui::filtered(&state)
            .iter()
            .map(|e| e.seq)
            .collect::<Vec<_>>(),
        [3, 2, 1]
    );
    update(&mut state, Action::StartSearch);
    for c in "404".chars() {
        update(&mut state, Action::SearchInput(c));
    }
    update(&mut state, Action::SearchSubmit);
    assert_eq!(
        stockroom::ui::filtered(&state)
            .iter()
            .map(|e| e.seq)
            .collect::<Vec<_>>(),
        [3]
    );
    update(&mut state, Action::Back);
    assert_eq!(
        stockroom::ui::filtered(&state).len(),
        3,
        "Esc clears the filter first"
    );
    update(&mut state, Action::Back);
    assert!(state.inspector().is_none(), "then closes the ledger");
}

#[test]
fn opening_an_exchange_formats_its_bodies_off_the_loop_and_search_jumps_to_matches() {
    let mut state = loaded();
    update(&mut state, Action::OpenLedger);
    update(&mut state, Action::SelectLast);
    let seq = opened_seq(&update(&mut state, Action::Open));
    assert_eq!(seq, 1);
    let long: String = (0..400).map(|n| format!("{{\"n\":{n}}},")).collect();
    let body = format!("[{long}{{\"needle\":true}}]");
    let response = Arc::new(format(body.as_bytes(), Some("application/json")));
    let request = Arc::new(format(b"", None));
    update(
        &mut state,
        Action::BodiesFormatted {
            seq,
            request,
            response: response.clone(),
        },
    );
    update(&mut state, Action::StartSearch);
    for c in "NEEDLE".chars() {
        update(&mut state, Action::SearchInput(c));
    }
    update(&mut state, Action::SearchSubmit);
    let open = state.exchange().cloned().unwrap();
    let search = open.search.clone().unwrap();
    assert_eq!(search.matches.len(), 1, "case-insensitive");
    let line = search.matches[0].0;
    assert!(response.lines[line].contains("needle"));
    let total = stockroom::ui::section_lines(&state, &open);
    let body_start = total - response.lines.len();
    assert!(
        open.scroll <= body_start + line
            && body_start + line < open.scroll + stockroom::ui::exchange_rows(40),
        "the match is on screen: scroll {} start {body_start} line {line} total {total}",
        open.scroll
    );

    update(&mut state, Action::FocusNext);
    let open = state.exchange().cloned().unwrap();
    assert_eq!(open.section, Section::Request);
    assert!(open.search.is_none());
}

#[test]
fn a_late_format_for_another_exchange_is_ignored() {
    let mut state = loaded();
    update(&mut state, Action::InspectLast);
    let body = Arc::new(format(b"{}", None));
    update(
        &mut state,
        Action::BodiesFormatted {
            seq: 1,
            request: body.clone(),
            response: body,
        },
    );
    let open = state.exchange().cloned().unwrap();
    assert_eq!(open.seq, 3);
    assert!(open.response_body.is_none());
}

#[test]
fn r_shows_the_response_behind_the_product_on_screen() {
    let mut state = loaded();
    let seq = opened_seq(&update(&mut state, Action::InspectProduct));
    assert_eq!(seq, 1, "the product came from the page request");
}

#[test]
fn copy_builds_a_curl_command_that_reads_the_secret_from_the_environment() {
    let mut state = loaded();
    update(&mut state, Action::StartCopy);
    assert!(state.copy_pending());
    match update(&mut state, Action::Copy(CopyWhat::Curl)).as_slice() {
        [Effect::Copy { text, what }] => {
            assert!(text.starts_with("curl "), "{text}");
            assert!(text.contains("admin@example.com:$SHOP_API_KEY"), "{text}");
            assert!(!text.contains("[REDACTED]"), "{text}");
            assert!(what.contains("SHOP_API_KEY"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!state.copy_pending());
    update(&mut state, Action::StartCopy);
    assert_eq!(
        update(&mut state, Action::Copy(CopyWhat::Sku)),
        vec![Effect::Copy {
            text: "U0012O5AF0".into(),
            what: "SKU U0012O5AF0".into()
        }]
    );
}

#[test]
fn copying_a_missing_debug_id_says_so() {
    let mut state = loaded();
    update(&mut state, Action::StartCopy);
    assert!(update(&mut state, Action::Copy(CopyWhat::DebugId)).is_empty());
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("no debug id"))
    );
    update(&mut state, Action::OpenLedger);
    update(&mut state, Action::SelectNext);
    update(&mut state, Action::StartCopy);
    match update(&mut state, Action::Copy(CopyWhat::DebugId)).as_slice() {
        [Effect::Copy { text, .. }] => assert_eq!(text, "7f3a9c2e"),
        other => panic!("the selected request's debug id: {other:?}"),
    }
}

#[test]
fn export_commands_hand_the_ledger_oldest_first() {
    let mut state = loaded();
    update(&mut state, Action::StartCommand);
    for c in "export har /tmp/x.har".chars() {
        update(&mut state, Action::PromptInput(c));
    }
    match update(&mut state, Action::PromptSubmit).as_slice() {
        [
            Effect::Export {
                format,
                path,
                exchanges,
            },
        ] => {
            assert_eq!(*format, ExportFormat::Har);
            assert_eq!(path.as_deref(), Some(std::path::Path::new("/tmp/x.har")));
            assert_eq!(
                exchanges.iter().map(|e| e.seq).collect::<Vec<_>>(),
                [1, 2, 3]
            );
        }
        other => panic!("{other:?}"),
    }
    update(&mut state, Action::StartCommand);
    for c in "export csv".chars() {
        update(&mut state, Action::PromptInput(c));
    }
    assert!(update(&mut state, Action::PromptSubmit).is_empty());
    assert!(
        state
            .prompt()
            .and_then(|p| p.error.as_deref())
            .is_some_and(|e| e.contains("ndjson"))
    );
}

#[test]
fn answers_arriving_out_of_order_are_listed_by_when_they_were_sent() {
    let mut state = loaded();
    let late = exchange(5, "/api/products/5", 200, "{}");
    let early = exchange(4, "/api/products/4", 200, "{}");
    for exchange in [late, early] {
        let request = stale_request(&mut state);
        update(
            &mut state,
            Action::ProductFailed {
                profile: 0,
                request,
                error: stockroom::catalog::error::CatalogError::NotFound {
                    message: "x".into(),
                },
                exchanges: vec![exchange],
            },
        );
    }
    let order: Vec<u64> = state.ledger.iter().map(|e| e.seq).collect();
    assert_eq!(order, [5, 4, 3, 2, 1]);
}

#[test]
fn a_sku_with_a_line_feed_is_copied_on_one_line() {
    let mut state = State::new(vec![profiles::shop(Platform::Cscart, false)], 0);
    let (request, _) = states::boot(&mut state);
    let product = ProductSummary {
        id: ProductId("7".into()),
        sku: Sku("A1\nrm -rf ~\r\u{1b}]52;c;x\u{7}".into()),
        name: "Hostile".into(),
        price: None,
        stock: Stock::Quantity(1),
        status: Status::Active,
    };
    let page = states::first_page(vec![product], 50, Some(1));
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request,
            page,
            exchanges: vec![],
        },
    );
    update(&mut state, Action::StartCopy);
    match update(&mut state, Action::Copy(CopyWhat::Sku)).as_slice() {
        [Effect::Copy { text, .. }] => {
            assert!(text.starts_with("A1\\u{a}rm -rf ~\\u{d}"), "{text:?}");
            assert!(
                !text.chars().any(|c| c.is_control()),
                "no control character reaches the clipboard: {text:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn copying_the_debug_id_from_the_list_takes_the_active_stores_whole_id() {
    let mut state = State::new(vec![profiles::cscart("shop"), profiles::cscart("other")], 0);
    let long = "0d9c5a4e-77a2-4c1b-9f0e-1b2c3d4e5f60";
    state.record(
        0,
        vec![Exchange {
            debug_id: Some(long.into()),
            ..exchange(5, "/api/products", 200, "{}")
        }],
    );
    state.record(
        1,
        vec![Exchange {
            debug_id: Some("other-store".into()),
            ..exchange(6, "/api/products", 200, "{}")
        }],
    );
    update(&mut state, Action::StartCopy);
    match update(&mut state, Action::Copy(CopyWhat::DebugId)).as_slice() {
        [Effect::Copy { text, .. }] => assert_eq!(text, long),
        other => panic!("the status bar's debug id: {other:?}"),
    }
}

#[test]
fn r_opens_the_page_request_that_brought_the_selected_row() {
    let mut state = State::new(vec![profiles::shop(Platform::Cscart, false)], 0);
    let (request, _) = states::boot(&mut state);
    for number in 1..=5u32 {
        update(
            &mut state,
            Action::PageLoaded {
                profile: 0,
                request,
                page: states::numbered_page(number, 10, 50),
                exchanges: vec![exchange(
                    u64::from(number) * 10,
                    &format!("/api/products?page={number}"),
                    200,
                    "{}",
                )],
            },
        );
    }
    state.session.listing.selected = 44;
    let seq = opened_seq(&update(&mut state, Action::InspectProduct));
    assert_eq!(seq, 50, "row 45 came with page 5");
}
