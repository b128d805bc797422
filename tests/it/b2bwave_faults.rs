//! The B2B Wave client against stub servers: odd answers, each error status, and the paging quirk.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use serde_json::json;
use stockroom::catalog::b2bwave::B2bWaveClient;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{
    Filters, ListQuery, Money, NewProduct, ProductId, ProductPatch, SortField, SortOrder, Status,
};
use stockroom::secret::Secret;

const CODE: &str = "acme";
const TOKEN: &str = "b2bw-tok-9f3e1c7a5d";

async fn stub(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}/shop")
}

fn client(base: &str) -> B2bWaveClient {
    let auth = Auth::Basic {
        user: CODE.into(),
        secret: Secret::new(TOKEN),
    };
    B2bWaveClient::new(Transport::new(base, auth, Duration::from_secs(10)).unwrap())
}

fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

fn error(status: StatusCode, body: serde_json::Value) -> Response {
    (status, body.to_string()).into_response()
}

async fn odd_get(Query(params): Query<HashMap<String, String>>) -> Response {
    let html = "<html><head><title>B2B Wave is down for maintenance</title></head></html>";
    match params.get("id_eq").map(String::as_str) {
        Some("1") => html.into_response(),
        Some("2") => r#"[{"id": 2, "name": "cut"#.into_response(),
        Some("3") => error(
            StatusCode::BAD_GATEWAY,
            json!({"error": format!("upstream refused token {TOKEN}")}),
        ),
        Some("4") => error(
            StatusCode::UNAUTHORIZED,
            json!({"error": "Unauthorized: invalid app code or token"}),
        ),
        Some("5") => error(StatusCode::NOT_FOUND, json!({"error": "Not found"})),
        Some("6") => "OK".into_response(),
        Some("7") => (StatusCode::INTERNAL_SERVER_ERROR, html).into_response(),
        _ => "[]".into_response(),
    }
}

async fn refuse_patch() -> Response {
    error(
        StatusCode::FORBIDDEN,
        json!({"error": "Forbidden: this API key cannot edit products (scope: products_read)"}),
    )
}

async fn refuse_create() -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"errors": {"name": ["can't be blank"], "category_id": ["can't be blank"]}}),
    )
}

#[tokio::test]
async fn odd_answers_and_error_statuses_are_typed_briefly_and_without_secrets() {
    let router = Router::new()
        .route("/shop/api/products", get(odd_get).post(refuse_create))
        .route("/shop/api/products/{id}", patch(refuse_patch));
    let client = client(&stub(router).await);

    let html = client.get(&id("1")).await;
    assert_eq!(
        html.result.unwrap_err(),
        CatalogError::Malformed {
            status: 200,
            reason: "HTML page instead of JSON: B2B Wave is down for maintenance".into()
        }
    );
    assert_eq!(html.exchanges.len(), 1);
    let cut = client.get(&id("2")).await.result.unwrap_err();
    assert!(
        matches!(&cut, CatalogError::Malformed { reason, .. } if reason.contains("line 1")),
        "{cut:?}"
    );
    let echoed = client.get(&id("3")).await;
    let message = echoed.result.unwrap_err().to_string();
    assert_eq!(
        message,
        "502 server error: upstream refused token [REDACTED]"
    );
    let recorded = String::from_utf8_lossy(&echoed.exchanges[0].response_body).into_owned();
    assert!(!recorded.contains(TOKEN), "{recorded}");

    let unauthorized = client.get(&id("4")).await.result.unwrap_err();
    assert!(
        matches!(&unauthorized, CatalogError::Unauthorized { status: 401, message }
            if message == "Unauthorized: invalid app code or token"),
        "{unauthorized:?}"
    );
    assert_eq!(
        client.get(&id("5")).await.result.unwrap_err(),
        CatalogError::NotFound {
            message: "Not found".into()
        }
    );
    let not_json = client.get(&id("6")).await.result.unwrap_err();
    assert!(
        matches!(not_json, CatalogError::Malformed { status: 200, .. }),
        "{not_json:?}"
    );
    let down = client.get(&id("7")).await.result.unwrap_err();
    assert_eq!(
        down,
        CatalogError::Server {
            status: 500,
            message: "HTML page instead of JSON: B2B Wave is down for maintenance".into()
        }
    );
    assert!(matches!(
        client.get(&id("8")).await.result,
        Err(CatalogError::NotFound { .. })
    ));

    let forbidden = client
        .update(
            &id("12"),
            &ProductPatch {
                name: Some("x".into()),
                ..ProductPatch::default()
            },
        )
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(&forbidden, CatalogError::Forbidden { status: 403, message }
            if message.contains("scope lacks product editing")),
        "{forbidden:?}"
    );

    let new = NewProduct {
        name: String::new(),
        sku: None,
        price: Money::parse("1").unwrap(),
        stock: None,
        category_ids: vec![],
        status: Status::Active,
    };
    assert_eq!(
        client.create(&new).await.result.unwrap_err(),
        CatalogError::Rejected {
            status: 422,
            platform_code: None,
            message: "name can't be blank; category_id can't be blank".into()
        }
    );
}

#[tokio::test]
async fn bad_ids_and_missing_operations_send_nothing() {
    let client = client("http://127.0.0.1:9/shop");
    let refused = client.get(&id("../users/1")).await;
    assert!(matches!(refused.result, Err(CatalogError::Unsupported(_))));
    assert!(refused.exchanges.is_empty());
    let delete = client.delete(&id("12")).await;
    assert_eq!(
        delete.result,
        Err(CatalogError::Unsupported(
            "B2B Wave's API has no product delete".into()
        ))
    );
    assert!(delete.exchanges.is_empty());
    assert!(
        client
            .set_warehouse_stock(&id("12"), &[])
            .await
            .exchanges
            .is_empty()
    );
    assert!(client.plan_set_stock(&id("1 2"), 3).is_err());
}

/// A catalog of `size` products that pages only with `paginated=1`, as the real service does:
/// `page` alone answers page one again. Every query string is recorded.
async fn quirky(size: u64) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let handler = move |RawQuery(raw): RawQuery, Query(params): Query<HashMap<String, String>>| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push(raw.unwrap_or_default());
            let number = |key: &str, default: u64| {
                params
                    .get(key)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(default)
            };
            let per_page = number("per_page", 25).clamp(1, 100);
            let page = if params.get("paginated").map(String::as_str) == Some("1") {
                number("page", 1).max(1)
            } else {
                1
            };
            let rows: Vec<_> = (1..=size)
                .skip(((page - 1) * per_page) as usize)
                .take(per_page as usize)
                .map(|n| json!({"id": n, "code": format!("C{n}"), "name": format!("P{n}"), "quantity": "1", "quantity_monitor": true, "is_active": true}))
                .collect();
            json!(rows).to_string()
        }
    };
    let router = Router::new().route("/shop/api/products", get(handler));
    (stub(router).await, seen)
}

#[tokio::test]
async fn paging_always_says_paginated_and_ends_on_an_empty_page() {
    let (base, seen) = quirky(7).await;
    let client = client(&base);
    let mut ids = Vec::new();
    let mut page = 1;
    loop {
        let query = ListQuery {
            page,
            per_page: 3,
            sort: SortField::Price,
            order: SortOrder::Descending,
            filters: Filters {
                name: Some("P".into()),
                price_min: Money::parse("1"),
                status: Some(Status::Active),
                ..Filters::default()
            },
        };
        let listed = client.list(&query).await.result.unwrap();
        assert_eq!(
            (listed.page, listed.per_page, listed.total),
            (page, 3, None)
        );
        ids.extend(listed.items.iter().map(|p| p.id.0.clone()));
        if !listed.more {
            break;
        }
        page += 1;
        assert!(page < 10, "paging never ended: {ids:?}");
    }
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "7"]);
    // A short page may be the server's own cap: only the empty page after it ends the list.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    for (index, query) in seen.iter().enumerate() {
        assert_eq!(
            *query,
            format!("paginated=1&per_page=3&page={}&name_cont=P", index + 1)
        );
    }
}

#[tokio::test]
async fn a_full_last_page_is_followed_by_an_empty_one() {
    let (base, _) = quirky(6).await;
    let client = client(&base);
    let query = |page| ListQuery {
        page,
        per_page: 3,
        ..ListQuery::default()
    };
    assert!(client.list(&query(2)).await.result.unwrap().more);
    let last = client.list(&query(3)).await.result.unwrap();
    assert!(last.items.is_empty() && !last.more);
    let huge = ListQuery {
        per_page: 1000,
        ..ListQuery::default()
    };
    let traced = client.list(&huge).await;
    assert!(
        traced.exchanges[0].path.contains("per_page=100&"),
        "{}",
        traced.exchanges[0].path
    );
}
