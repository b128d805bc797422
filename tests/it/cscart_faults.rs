//! The CS-Cart client against a stub server for answers the simulator never gives.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use stockroom::catalog::cscart::CsCartClient;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::ListQuery;

use super::cscart_client::{id, transport};

async fn stub(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}/shop")
}

const KEY: &str = "s3cret-api-key";

#[tokio::test]
async fn odd_answers_are_reported_briefly_and_without_secrets() {
    let html = "<html><head><title>Site under maintenance</title></head><body>...</body></html>";
    let router = Router::new()
        .route("/shop/api/products/1", get(move || async move { html }))
        .route(
            "/shop/api/products/2",
            get(|| async { r#"{"product_id": "2", "product": "cut"#.to_owned() }),
        )
        .route(
            "/shop/api/products/3",
            get(|| async {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, "9")],
                    "{\"message\": \"Slow down\"}",
                )
            }),
        )
        .route(
            "/shop/api/products/4",
            get(|| async {
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("{{\"message\": \"bad key {KEY}\"}}"),
                )
            }),
        )
        .route(
            "/shop/api/products/5",
            get(|| async {
                (StatusCode::FORBIDDEN, "{\"message\": \"Access denied\"}").into_response()
            }),
        );
    let base = stub(router).await;
    let client = CsCartClient::new(transport(&base, "admin@example.com", KEY));

    let page = client.get(&id("1")).await;
    assert_eq!(
        page.result.unwrap_err(),
        CatalogError::Malformed {
            status: 200,
            reason: "HTML page instead of JSON: Site under maintenance".into()
        }
    );
    assert_eq!(page.exchanges.len(), 1);

    let cut = client.get(&id("2")).await.result.unwrap_err();
    assert!(
        matches!(&cut, CatalogError::Malformed { reason, .. } if reason.contains("line 1 column")),
        "{cut:?}"
    );

    let limited = client.get(&id("3")).await.result.unwrap_err();
    assert!(
        matches!(&limited, CatalogError::RateLimited { status: 429, retry_after: Some(d), message }
        if d.as_secs() == 9 && message == "Slow down"),
        "{limited:?}"
    );

    let server = client.get(&id("4")).await;
    let message = server.result.unwrap_err().to_string();
    assert!(
        message.starts_with("500 server error: bad key [REDACTED]"),
        "{message}"
    );
    let recorded = String::from_utf8_lossy(&server.exchanges[0].response_body).into_owned();
    assert!(!recorded.contains(KEY), "{recorded}");

    let forbidden = client.get(&id("5")).await.result.unwrap_err();
    assert!(matches!(
        forbidden,
        CatalogError::Forbidden { status: 403, .. }
    ));
}

#[tokio::test]
async fn bad_ids_and_dead_servers_fail_cleanly() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/shop", listener.local_addr().unwrap());
    drop(listener);
    let client = CsCartClient::new(transport(&base, "admin@example.com", KEY));

    let refused = client.get(&id("../users/1")).await;
    assert!(matches!(refused.result, Err(CatalogError::Unsupported(_))));
    assert!(refused.exchanges.is_empty());

    let dead = client.list(&ListQuery::default()).await;
    assert!(
        matches!(dead.result, Err(CatalogError::Connect { .. })),
        "{:?}",
        dead.result
    );
    assert_eq!(dead.exchanges.len(), 1);
    assert_eq!(dead.exchanges[0].status, None);
}
