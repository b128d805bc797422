//! The Valigara client and the query-key transport against a stub server, for answers the simulator never gives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Request, Transport};
use stockroom::catalog::model::{ListQuery, ProductId, Status};
use stockroom::catalog::valigara::ValigaraClient;
use stockroom::secret::Secret;

const KEY: &str = "v4lig4ra-k3y/+=";

/// What the stub saw: the URI, the content type and the decoded form.
type Seen = Arc<Mutex<Vec<(String, String, HashMap<String, String>, String)>>>;

type Answer = Arc<dyn Fn(&HashMap<String, String>) -> Response + Send + Sync>;

async fn stub(answer: Answer) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let handler = move |uri: Uri, headers: HeaderMap, body: String| {
        let answer = answer.clone();
        let log = log.clone();
        async move {
            let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
                .into_owned()
                .collect();
            let kind = headers
                .get(header::CONTENT_TYPE)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            let response = answer(&form);
            log.lock()
                .unwrap()
                .push((uri.to_string(), kind, form, body));
            response
        }
    };
    let router = Router::new().route("/valigara/client/V1/", post(handler.clone()).get(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/valigara"), seen)
}

fn transport(base: &str) -> Transport {
    let auth = Auth::QueryKey {
        name: "auth".into(),
        secret: Secret::new(KEY),
    };
    Transport::new(base, auth, Duration::from_secs(10)).unwrap()
}

fn ok(data: serde_json::Value) -> Response {
    serde_json::json!({"status": 100, "data": data})
        .to_string()
        .into_response()
}

fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

#[tokio::test]
async fn the_key_goes_in_the_form_or_query_and_is_shown_redacted() {
    let (base, seen) = stub(Arc::new(|_| ok(serde_json::json!([])))).await;
    let transport = transport(&base);

    let form = Request::new(reqwest::Method::POST, "client/V1/").form(vec![
        ("action".into(), "product_search".into()),
        ("data".into(), "{}".into()),
    ]);
    let plan = transport.plan(&form);
    let (result, exchange) = transport.send(form).await;
    result.unwrap();
    assert_eq!(plan.method, exchange.method);
    assert_eq!(plan.url, exchange.url);
    assert_eq!(plan.path, exchange.path);
    assert_eq!(plan.headers, exchange.request_headers);
    assert_eq!(
        plan.body.as_deref().map(str::as_bytes),
        exchange.request_body.as_deref()
    );
    assert_eq!(
        plan.body.as_deref(),
        Some("action=product_search&data=%7B%7D&auth=[REDACTED]")
    );
    assert_eq!(
        plan.headers,
        [(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned()
        )]
    );

    let get =
        Request::new(reqwest::Method::GET, "client/V1/").query("action", "product_listfields");
    let plan = transport.plan(&get);
    let (result, exchange) = transport.send(get).await;
    result.unwrap();
    assert_eq!(plan.url, exchange.url);
    assert!(
        plan.url
            .ends_with("/valigara/client/V1/?action=product_listfields&auth=[REDACTED]"),
        "{}",
        plan.url
    );
    assert_eq!(plan.body, None);

    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].1, "application/x-www-form-urlencoded");
    assert_eq!(seen[0].2.get("auth").map(String::as_str), Some(KEY));
    assert_eq!(seen[0].0, "/valigara/client/V1/");
    assert!(
        seen[1].0.contains("auth=v4lig4ra-k3y%2F%2B%3D"),
        "{}",
        seen[1].0
    );
}

#[tokio::test]
async fn odd_answers_are_short_and_never_show_the_key() {
    let answer: Answer = Arc::new(|form| match form.get("action").map(String::as_str) {
        Some("product_export") => {
            "<html><head><title>Valigara maintenance</title></head></html>".into_response()
        }
        Some("listings_accounts_get") => {
            r#"{"status": 100, "data": [{"id": 11, "chan"#.into_response()
        }
        Some("product_listfields") => "not json at all".into_response(),
        Some("product_update_listings") => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "600")],
            r#"{"status": 105, "data": "Rate limit exceeded"}"#,
        )
            .into_response(),
        Some("products_post_templates_list") => {
            format!(r#"{{"status": 102, "data": "Authentication Failed for {KEY}"}}"#)
                .into_response()
        }
        _ => (
            StatusCode::BAD_GATEWAY,
            "<html><title>502 Bad Gateway</title></html>",
        )
            .into_response(),
    });
    let (base, _) = stub(answer).await;
    let client = ValigaraClient::new(transport(&base));

    let html = client.get(&id("1")).await;
    assert_eq!(
        html.result.unwrap_err(),
        CatalogError::Malformed {
            status: 200,
            reason: "HTML page instead of JSON: Valigara maintenance".into()
        }
    );
    assert_eq!(html.exchanges[0].platform_status, None);
    let cut = client.listings_accounts().await.result.unwrap_err();
    assert!(
        matches!(&cut, CatalogError::Malformed { reason, .. } if reason.contains("line 1")),
        "{cut:?}"
    );
    let text = client.list_fields().await.result.unwrap_err();
    assert!(
        matches!(&text, CatalogError::Malformed { reason, .. } if reason.starts_with("invalid JSON")),
        "{text:?}"
    );

    let limited = client.update_listings(&[id("1")], None).await;
    assert!(
        matches!(&limited.result, Err(CatalogError::RateLimited { status: 429, retry_after: Some(d), message })
            if d.as_secs() == 600 && message == "105 Rate limit exceeded: Rate limit exceeded"),
        "{:?}",
        limited.result
    );
    assert_eq!(limited.exchanges[0].platform_status.as_deref(), Some("105"));
    let budget = client.listings_budget();
    assert_eq!(
        (
            budget.remaining,
            budget.refill_in.map(|d| d.as_secs() > 590)
        ),
        (0, Some(true))
    );

    let echoed = client.post_templates().await;
    let error = echoed.result.unwrap_err();
    assert_eq!(
        error,
        CatalogError::Unauthorized {
            status: 200,
            message: "102 Authentication Failed: Authentication Failed for [REDACTED]".into()
        }
    );
    let exchange = &echoed.exchanges[0];
    let recorded = format!(
        "{} {} {:?} {:?} {} {:?}",
        exchange.url,
        exchange.path,
        exchange.request_headers,
        exchange.request_body,
        String::from_utf8_lossy(&exchange.response_body),
        exchange.error
    );
    assert!(!recorded.contains("v4lig4ra"), "{recorded}");
    assert!(recorded.contains("[REDACTED]"), "{recorded}");

    let gateway = client
        .mark_sold(&id("1"), 1, Default::default())
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(gateway, CatalogError::Server { status: 502, .. }),
        "{gateway:?}"
    );
}

/// A stub answering every action with one status and message.
async fn always(status: u16, data: serde_json::Value) -> ValigaraClient {
    let body = serde_json::json!({"status": status, "data": data}).to_string();
    let (base, _) = stub(Arc::new(move |_| body.clone().into_response())).await;
    ValigaraClient::new(transport(&base))
}

#[tokio::test]
async fn every_status_code_is_typed_with_its_code_and_text() {
    let strict = always(101, "Non HTTPS call".into())
        .await
        .get(&id("1"))
        .await;
    assert!(matches!(&strict.result, Err(CatalogError::Setup(m)) if m.contains("requires https")));
    assert_eq!(strict.exchanges[0].platform_status.as_deref(), Some("101"));
    let unknown = always(102, "Authentication Failed".into())
        .await
        .get(&id("1"))
        .await;
    assert!(matches!(
        unknown.result,
        Err(CatalogError::Unauthorized { .. })
    ));
    let read_only = always(103, "Unauthorized Request".into())
        .await
        .set_stock(&id("1"), 2)
        .await;
    assert!(matches!(
        read_only.result,
        Err(CatalogError::Forbidden { .. })
    ));
    let limited = always(105, "Rate limit exceeded".into())
        .await
        .get(&id("1"))
        .await;
    assert!(matches!(
        limited.result,
        Err(CatalogError::RateLimited { .. })
    ));
    let missing = always(201, "Product 9 not found".into())
        .await
        .get(&id("9"))
        .await;
    assert!(
        matches!(&missing.result, Err(CatalogError::NotFound { message }) if message.contains("Product 9 not found"))
    );
    for code in [200u16, 201, 300, 301, 302] {
        let client = always(code, "went wrong".into()).await;
        let traced = client.update(&id("1"), &Default::default()).await;
        assert!(
            matches!(&traced.result, Err(CatalogError::Rejected { platform_code: Some(c), message, .. })
                if *c == code.to_string() && message.contains("went wrong")),
            "{code}: {:?}",
            traced.result
        );
        assert_eq!(traced.exchanges[0].platform_status, Some(code.to_string()));
    }
    let invalid = always(
        303,
        serde_json::json!({"errors": {"price": "must be a non-negative decimal"}}),
    )
    .await
    .update(&id("1"), &Default::default())
    .await;
    assert!(
        matches!(&invalid.result, Err(CatalogError::Rejected { platform_code: Some(c), message, .. })
            if c == "303" && message.ends_with("price: must be a non-negative decimal")),
        "{:?}",
        invalid.result
    );
}

#[tokio::test]
async fn a_product_gone_between_search_and_export_stays_visible() {
    let answer: Answer = Arc::new(|form| {
        match form.get("action").map(String::as_str) {
        Some("product_search") => ok(serde_json::json!([3, 1, 2])),
        _ => serde_json::json!({"status": 302, "data": {
            "products": [{"id": 1, "sku": "A", "title": "One", "price": "1.00", "quantity": 1, "status": "active"},
                         {"id": 3, "sku": "C", "title": "Three", "price": "3.00", "quantity": 3, "status": "draft"}],
            "missing": [2]}})
        .to_string()
        .into_response(),
    }
    });
    let (base, seen) = stub(answer).await;
    let client = ValigaraClient::new(transport(&base));
    let page = client.list(&ListQuery::default()).await;
    assert_eq!(page.exchanges.len(), 2);
    assert_eq!(page.exchanges[1].platform_status.as_deref(), Some("302"));
    let page = page.result.unwrap();
    let ids: Vec<&str> = page.items.iter().map(|p| p.id.0.as_str()).collect();
    assert_eq!(ids, ["3", "1", "2"]);
    assert_eq!(page.items[2].status, Status::Other("missing".into()));
    assert!(page.items[2].name.contains("not found"));
    assert_eq!((page.total, page.more), (Some(3), false));
    assert_eq!(seen.lock().unwrap()[1].2["data"], r#"{"ids":[3,1,2]}"#);

    let beyond = client
        .list(&ListQuery {
            page: 2,
            ..ListQuery::default()
        })
        .await;
    // Past the end nothing is exported; the search is the one the load's pages share.
    assert!(beyond.exchanges.len() <= 1);
    assert!(beyond.exchanges.iter().all(|e| {
        let body = e.request_body.as_deref().unwrap_or_default();
        !String::from_utf8_lossy(body).contains("products_export")
    }));
    assert!(beyond.result.unwrap().items.is_empty());

    let exported = client
        .export_products(&[id("1"), id("2")])
        .await
        .result
        .unwrap();
    assert_eq!((exported.products.len(), exported.missing), (2, vec![2]));
}

#[tokio::test]
async fn listing_updates_stop_client_side_when_the_bucket_is_full() {
    let answer: Answer = Arc::new(|_| {
        (
            [
                ("X-RateLimit-Limit", "4"),
                ("X-RateLimit-Remaining", "3"),
                ("X-RateLimit-Reset", "900"),
            ],
            r#"{"status": 100, "data": {"queued": [{"id": 1, "account_id": 11}]}}"#,
        )
            .into_response()
    });
    let (base, seen) = stub(answer).await;
    let now = Arc::new(Mutex::new(Instant::now()));
    let clock = now.clone();
    let client =
        ValigaraClient::new(transport(&base)).with_clock(Arc::new(move || *clock.lock().unwrap()));
    let shared = client.clone();

    let first = client
        .update_listings(&[id("1")], Some(vec![11]))
        .await
        .result
        .unwrap();
    assert_eq!(first.done[0].account_id, 11);
    assert_eq!(
        seen.lock().unwrap()[0].2["data"],
        r#"{"ids":[1],"accounts":[11]}"#
    );
    assert_eq!(shared.listings_budget().remaining, 3);
    for _ in 0..3 {
        client
            .update_listings(&[id("1")], None)
            .await
            .result
            .unwrap();
    }
    // The stub keeps saying 3 are left: the server is believed.
    assert_eq!(shared.listings_budget().remaining, 3);

    let silent: Answer = Arc::new(|_| ok(serde_json::json!({"queued": []})));
    let (quiet_base, quiet_seen) = stub(silent).await;
    let quiet = ValigaraClient::new(transport(&quiet_base)).with_clock({
        let clock = now.clone();
        Arc::new(move || *clock.lock().unwrap())
    });
    for _ in 0..4 {
        quiet
            .update_listings(&[id("1")], None)
            .await
            .result
            .unwrap();
    }
    // Without headers the client counts a strict rolling hour: nothing until the first of
    // the four is an hour old (a 15-minute leaky bucket would free one after 15 minutes).
    *now.lock().unwrap() += Duration::from_secs(3 * 60);
    let refused = quiet.update_listings(&[id("1")], None).await;
    assert!(refused.exchanges.is_empty());
    assert_eq!(
        refused.result.unwrap_err(),
        CatalogError::RateLimited {
            status: 429,
            retry_after: Some(Duration::from_secs(57 * 60)),
            message: "4 listing updates per hour: the next is allowed in 57 min".into()
        }
    );
    assert_eq!(quiet_seen.lock().unwrap().len(), 4);
    *now.lock().unwrap() += Duration::from_secs(12 * 60);
    assert_eq!(quiet.listings_budget().remaining, 0);
    *now.lock().unwrap() += Duration::from_secs(45 * 60);
    assert_eq!(quiet.listings_budget().remaining, 4);
}
