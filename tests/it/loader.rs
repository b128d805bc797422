//! The whole-catalog loader against the simulator on every platform, and a stub that fails a page.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::loader::{LoadEvent, LoadPlan, LoadSummary, load_all};
use stockroom::catalog::model::{ListQuery, Platform};
use stockroom::catalog::{Catalog, Connection};
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::sandbox;

/// A catalog and the counter numbering its requests: how many were sent.
fn connect(platform: Platform, base_url: &str, user: &str, key: &str) -> (Catalog, Arc<AtomicU64>) {
    let connection = Connection {
        platform,
        base_url: base_url.to_owned(),
        user: (!user.is_empty()).then(|| user.to_owned()),
        timeout: Duration::from_secs(10),
        read_only: true,
        requests_per_second: None,
    };
    sandbox::connect(&connection, key)
}

fn sandbox_catalog(sandbox: &Sandbox, platform: Platform) -> (Catalog, Arc<AtomicU64>) {
    let endpoint = sandbox::endpoint(sandbox, platform);
    let connection = sandbox::connection(endpoint, Duration::from_secs(10), true);
    sandbox::connect(&connection, &endpoint.key)
}

async fn load(
    catalog: &Catalog,
    per_page: u32,
    first_page: u32,
    concurrency: usize,
) -> (Vec<LoadEvent>, LoadSummary) {
    let plan = LoadPlan {
        query: ListQuery {
            per_page,
            page: 7,
            ..ListQuery::default()
        },
        first_page,
        concurrency,
    };
    let mut events = Vec::new();
    let summary = load_all(catalog, plan, |event| events.push(event)).await;
    (events, summary)
}

/// Every item's id, each once, in the order the pages were reported.
fn ids(events: &[LoadEvent]) -> Vec<String> {
    let mut ids = Vec::new();
    for event in events {
        match event {
            LoadEvent::Page { page, .. } => ids.extend(page.items.iter().map(|p| p.id.0.clone())),
            LoadEvent::Failed { page, error, .. } => panic!("page {page} failed: {error}"),
        }
    }
    ids
}

fn first_page_of(events: &[LoadEvent]) -> u32 {
    match &events[0] {
        LoadEvent::Page { page, .. } => page.page,
        LoadEvent::Failed { page, .. } => *page,
    }
}

/// The most requests that were waiting for an answer at the same moment.
fn most_in_flight(exchanges: &[&Exchange]) -> usize {
    let spans: Vec<(SystemTime, SystemTime)> = exchanges
        .iter()
        .map(|e| (e.started_at, e.started_at + e.latency))
        .collect();
    spans
        .iter()
        .map(|(start, _)| {
            spans
                .iter()
                .filter(|(s, end)| s <= start && start < end)
                .count()
        })
        .max()
        .unwrap_or(0)
}

fn exchanges(events: &[LoadEvent]) -> Vec<&Exchange> {
    events
        .iter()
        .flat_map(|event| match event {
            LoadEvent::Page { exchanges, .. } | LoadEvent::Failed { exchanges, .. } => {
                exchanges.iter()
            }
        })
        .collect()
}

fn options() -> SandboxOptions {
    SandboxOptions {
        cscart_products: 137,
        valigara_products: 137,
        // Exactly 14 full pages of 10: only an empty page 15 tells the end.
        b2bwave_products: 140,
        ugal_items: 60,
        ..SandboxOptions::default()
    }
}

#[tokio::test]
async fn every_product_arrives_exactly_once_with_the_first_page_first_on_every_platform() {
    let sandbox = sandbox::start(options()).await;
    let expected = [
        (Platform::Cscart, 137, 250),
        (Platform::Valigara, 137, 100),
        (Platform::B2bwave, 140, 100),
        (Platform::Ugal, 60, 25),
    ];
    for (platform, count, bulk) in expected {
        let (catalog, _) = sandbox_catalog(&sandbox, platform);
        assert_eq!(catalog.bulk_page_size(), bulk, "{platform}");
        for first_page in [1, 3, 40] {
            let (events, summary) = load(&catalog, 10, first_page, 3).await;
            assert_eq!(first_page_of(&events), first_page, "{platform}");
            let ids = ids(&events);
            let unique: HashSet<&String> = ids.iter().collect();
            assert_eq!(
                (ids.len(), unique.len()),
                (count, count),
                "{platform} from page {first_page}"
            );
            assert_eq!(summary.items, count as u64);
            assert!(!summary.failed);
            assert_eq!(summary.pages as usize, events.len());
            // Pages past the end are reported only when asked for first.
            let empty = events
                .iter()
                .skip(1)
                .filter(|e| matches!(e, LoadEvent::Page { page, .. } if page.items.is_empty()))
                .count();
            assert_eq!(empty, 0, "{platform} from page {first_page}");
        }
    }
}

#[tokio::test]
async fn requests_in_flight_never_exceed_the_concurrency() {
    let sandbox = Sandbox::start(SandboxOptions {
        cscart_products: 120,
        b2bwave_products: 120,
        latency: Duration::from_millis(40),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    for platform in [Platform::Cscart, Platform::B2bwave] {
        let (catalog, _) = sandbox_catalog(&sandbox, platform);
        let (alone, _) = load(&catalog, 5, 1, 1).await;
        assert_eq!(most_in_flight(&exchanges(&alone)), 1, "{platform}");
        let (catalog, sent) = sandbox_catalog(&sandbox, platform);
        let (together, summary) = load(&catalog, 5, 2, 4).await;
        assert_eq!(summary.items, 120);
        let most = most_in_flight(&exchanges(&together));
        assert!((3..=4).contains(&most), "{platform}: {most} at once");
        // 24 pages; without a total, at most one window of pages past the end is asked for.
        let sent = sent.load(Ordering::Relaxed);
        assert!((24..=24 + 4).contains(&sent), "{platform}: {sent} requests");
    }
}

type Seen = Arc<Mutex<Vec<u32>>>;

/// A CS-Cart-shaped stub of 200 products, 10 a page, whose page `failing` answers 500.
async fn failing_store(failing: u32) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    let router = Router::new().fallback(move |Query(query): Query<HashMap<String, String>>| {
        let log = Arc::clone(&log);
        async move {
            let page: u32 = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            log.lock().unwrap().push(page);
            tokio::time::sleep(Duration::from_millis(20)).await;
            if page == failing {
                return (StatusCode::INTERNAL_SERVER_ERROR, "{\"message\": \"database gone\"}").into_response();
            }
            let products: Vec<_> = (1..=10)
                .map(|i| {
                    let id = (page - 1) * 10 + i;
                    json!({"product_id": id.to_string(), "product": format!("P{id}"),
                        "product_code": format!("C{id}"), "price": "1.00", "amount": "3", "status": "A"})
                })
                .collect();
            let params = json!({"page": page, "items_per_page": 10, "total_items": "200"});
            axum::Json(json!({"products": products, "params": params})).into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/shop"), seen)
}

#[tokio::test]
async fn a_failed_page_is_reported_and_no_further_page_is_asked_for() {
    let (base, seen) = failing_store(5).await;
    let (catalog, _) = connect(Platform::Cscart, &base, "admin@example.com", "key");
    let (events, summary) = load(&catalog, 10, 1, 2).await;
    assert!(summary.failed);
    let failed: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            LoadEvent::Failed {
                page,
                error,
                exchanges,
            } => Some((*page, error.to_string(), exchanges.len())),
            LoadEvent::Page { .. } => None,
        })
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, 5);
    assert!(failed[0].1.contains("database gone"), "{}", failed[0].1);
    // A 500 is not retried: one exchange.
    assert_eq!(failed[0].2, 1);
    let asked = seen.lock().unwrap().clone();
    assert!(asked.len() <= 5 + 2, "{asked:?}");
    // Pages in flight when page 5 failed were still reported.
    let reported: Vec<u32> = events
        .iter()
        .filter_map(|e| match e {
            LoadEvent::Page { page, .. } => Some(page.page),
            LoadEvent::Failed { .. } => None,
        })
        .collect();
    assert_eq!(reported.len() + 1, asked.len(), "{reported:?} of {asked:?}");
}

#[tokio::test]
async fn a_failed_first_page_ends_the_load_at_once() {
    let (base, seen) = failing_store(3).await;
    let (catalog, _) = connect(Platform::Cscart, &base, "admin@example.com", "key");
    let (events, summary) = load(&catalog, 10, 3, 4).await;
    assert_eq!(
        summary,
        LoadSummary {
            pages: 0,
            items: 0,
            failed: true
        }
    );
    assert_eq!(events.len(), 1);
    assert_eq!(*seen.lock().unwrap(), vec![3]);
}

/// A listener that reads each request and never answers: how many connections are still open.
async fn silent_store() -> (String, Arc<AtomicU64>) {
    use tokio::io::AsyncReadExt;
    let open = Arc::new(AtomicU64::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let counter = Arc::clone(&open);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                while matches!(socket.read(&mut buffer).await, Ok(n) if n > 0) {}
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    (format!("http://{address}/shop"), open)
}

#[tokio::test]
async fn dropping_a_load_closes_every_request_in_flight() {
    let (base, open) = silent_store().await;
    let (catalog, _) = connect(Platform::Cscart, &base, "admin@example.com", "key");
    let loading = load(&catalog, 10, 1, 4);
    assert!(
        tokio::time::timeout(Duration::from_millis(500), loading)
            .await
            .is_err(),
        "the store never answers"
    );
    // The loader is gone; the client's 10 s timeout has not passed, so only an abort closes them.
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while open.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(open.load(Ordering::SeqCst), 0, "connections left open");
}

#[tokio::test]
async fn a_refusal_asking_for_an_hour_ends_the_load_at_once() {
    let router = Router::new().fallback(|| async {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [
                ("retry-after", "3600"),
                ("content-type", "application/json"),
            ],
            "{\"message\": \"slow down\"}",
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let base = format!("http://{address}/shop");
    for platform in [Platform::Cscart, Platform::B2bwave] {
        let (catalog, _) = connect(platform, &base, "admin@example.com", "key");
        let (events, summary) =
            tokio::time::timeout(Duration::from_secs(10), load(&catalog, 10, 1, 6))
                .await
                .expect("the load ends instead of waiting out the hour");
        assert!(summary.failed, "{platform}");
        assert_eq!(
            first_page_of(&events),
            1,
            "{platform}: page 1 is the one reported"
        );
    }
}
