//! Pacing and retries over loopback: stub servers that refuse, announce a budget, or count.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{Platform, ProductId};
use stockroom::catalog::{Catalog, Connection};
use stockroom::secret::Secret;

/// Answers the `n`th request (from 0) as `answer` says, whatever the path.
type Answer = Arc<dyn Fn(u64) -> Response + Send + Sync>;

async fn stub(answer: Answer) -> (String, Arc<AtomicU64>) {
    let count = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&count);
    let router = Router::new().fallback(move || {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let answer = Arc::clone(&answer);
        async move { answer(n) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/shop"), count)
}

fn catalog(platform: Platform, base: &str, requests_per_second: Option<f64>) -> Catalog {
    let connection = Connection {
        platform,
        base_url: base.to_owned(),
        user: (platform != Platform::Valigara).then(|| "admin@example.com".to_owned()),
        timeout: Duration::from_secs(10),
        read_only: false,
        requests_per_second,
    };
    Catalog::connect(&connection, Secret::new("key"), Arc::default()).unwrap()
}

fn id(n: u64) -> ProductId {
    ProductId(n.to_string())
}

fn written(n: u64) -> Response {
    axum::Json(json!({"product_id": n})).into_response()
}

fn refused(retry_after: Option<&'static str>) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(wait) = retry_after {
        headers.insert("retry-after", HeaderValue::from_static(wait));
    }
    let body = "{\"message\": \"Slow down\"}";
    (StatusCode::TOO_MANY_REQUESTS, headers, body).into_response()
}

fn statuses(exchanges: &[stockroom::catalog::exchange::Exchange]) -> Vec<Option<u16>> {
    exchanges.iter().map(|e| e.status).collect()
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after_and_both_attempts_are_recorded() {
    let (base, count) = stub(Arc::new(|n| {
        if n == 0 {
            refused(Some("1"))
        } else {
            written(7)
        }
    }))
    .await;
    let catalog = catalog(Platform::Cscart, &base, None);
    let start = Instant::now();
    let traced = catalog.set_stock(&id(7), 3).await;
    assert_eq!(traced.result, Ok(()));
    assert_eq!(statuses(&traced.exchanges), vec![Some(429), Some(200)]);
    assert_eq!(traced.exchanges[0].method, "PUT");
    assert!(traced.exchanges[0].seq < traced.exchanges[1].seq);
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refusal_is_retried_three_times_at_most_and_other_failures_not_at_all() {
    let (base, count) = stub(Arc::new(|_| refused(Some("0")))).await;
    let traced = catalog(Platform::Cscart, &base, None).delete(&id(1)).await;
    assert!(matches!(
        traced.result,
        Err(CatalogError::RateLimited { status: 429, .. })
    ));
    assert_eq!(statuses(&traced.exchanges), vec![Some(429); 4]);
    assert_eq!(count.load(Ordering::SeqCst), 4);

    let (base, count) = stub(Arc::new(|_| {
        (StatusCode::SERVICE_UNAVAILABLE, "down").into_response()
    }))
    .await;
    let traced = catalog(Platform::Cscart, &base, None)
        .set_stock(&id(1), 2)
        .await;
    assert!(matches!(
        traced.result,
        Err(CatalogError::Server { status: 503, .. })
    ));
    assert_eq!(traced.exchanges.len(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_long_retry_after_is_reported_rather_than_waited_out() {
    let (base, count) = stub(Arc::new(|_| refused(Some("120")))).await;
    let start = Instant::now();
    let traced = catalog(Platform::Cscart, &base, None).get(&id(1)).await;
    assert!(matches!(
        traced.result,
        Err(CatalogError::RateLimited { retry_after: Some(wait), .. }) if wait.as_secs() == 120
    ));
    assert_eq!(traced.exchanges.len(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn valigara_status_105_in_the_body_is_retried_after_a_backoff() {
    let (base, count) = stub(Arc::new(|n| {
        let body = if n == 0 {
            json!({"status": 105, "data": "Rate limit exceeded"})
        } else {
            json!({"status": 100, "data": {"id": 5}})
        };
        axum::Json(body).into_response()
    }))
    .await;
    let traced = catalog(Platform::Valigara, &base, None)
        .set_stock(&id(5), 1)
        .await;
    assert_eq!(traced.result, Ok(()));
    let codes: Vec<_> = traced
        .exchanges
        .iter()
        .map(|e| e.platform_status.as_deref())
        .collect();
    assert_eq!(codes, vec![Some("105"), Some("100")]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

/// A token bucket of `rate` a second (as many in reserve), announcing what is left and
/// refusing when empty, as a rate-limited store would.
fn bucket(rate: f64) -> Answer {
    let state = Arc::new(Mutex::new((rate, Instant::now())));
    Arc::new(move |_| {
        let mut state = state.lock().unwrap();
        let now = Instant::now();
        state.0 = (state.0 + now.duration_since(state.1).as_secs_f64() * rate).min(rate);
        state.1 = now;
        let allowed = state.0 >= 1.0;
        if allowed {
            state.0 -= 1.0;
        }
        let wait = ((1.0 - state.0).max(0.0) / rate).ceil() as u64;
        let mut headers = HeaderMap::new();
        let mut put = |name: &'static str, value: u64| {
            headers.insert(name, HeaderValue::from_str(&value.to_string()).unwrap());
        };
        put("x-ratelimit-limit", rate as u64);
        put("x-ratelimit-remaining", state.0.floor() as u64);
        put("x-ratelimit-reset", wait);
        if !allowed {
            put("retry-after", wait.max(1));
            return (
                StatusCode::TOO_MANY_REQUESTS,
                headers,
                "{\"message\": \"Slow down\"}",
            )
                .into_response();
        }
        (headers, axum::Json(json!({"product_id": 1}))).into_response()
    })
}

#[tokio::test]
async fn a_batch_learns_the_announced_limit_from_the_first_answer_and_is_never_refused() {
    let rate = 50.0;
    let (base, count) = stub(bucket(rate)).await;
    let catalog = catalog(Platform::Cscart, &base, None);
    let start = Instant::now();
    let mut statuses = Vec::new();
    for n in 0..100 {
        let traced = catalog.set_stock(&id(1), n).await;
        statuses.extend(traced.exchanges.iter().map(|e| e.status));
    }
    assert_eq!(statuses, vec![Some(200); 100]);
    assert_eq!(count.load(Ordering::SeqCst), 100);
    // Paced from the second request on: 99 gaps of at least 1 / (0.97 × 50) s.
    assert!(
        start.elapsed() >= Duration::from_secs_f64(99.0 / rate),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_configured_rate_paces_a_silent_server() {
    let (base, count) = stub(Arc::new(|_| written(1))).await;
    let catalog = catalog(Platform::Cscart, &base, Some(20.0));
    let start = Instant::now();
    // Two at once (the pacer's burst), then one every 50 ms: 22 take at least a second.
    for n in 0..22 {
        catalog.set_stock(&id(1), n).await.result.unwrap();
    }
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(count.load(Ordering::SeqCst), 22);
}
