//! The UGAL client against a stub server: unreadable answers, each error status, and the price rule.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{Money, PriceTier, ProductId, ProductPatch, Status};
use stockroom::catalog::ugal::UgalClient;
use stockroom::secret::Secret;

const TOKEN: &str = "ugal-tok-5b8e2d41c9";

const THREE_TIERS: &str = "<item><reference>tiers</reference><status>online</status>\
    <label>Blue</label><inventory>4</inventory><product><id>7</id><title>Coat</title></product>\
    <prices>\
    <price><pricelist>default</pricelist><quantity>1</quantity><currency>eur</currency><amount>100.00</amount></price>\
    <price><pricelist>default</pricelist><quantity>10</quantity><currency>eur</currency><amount>90.00</amount></price>\
    <price><pricelist>pro</pricelist><quantity>1</quantity><currency>eur</currency><amount>80.00</amount></price>\
    </prices></item>";

type Puts = Arc<Mutex<Vec<String>>>;

async fn stub(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}/site")
}

fn client(base: &str) -> UgalClient {
    let auth = Auth::Basic {
        user: "website".into(),
        secret: Secret::new(TOKEN),
    };
    UgalClient::new(Transport::new(base, auth, Duration::from_secs(10)).unwrap())
}

fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

fn errors(status: StatusCode, texts: &[&str]) -> Response {
    let body: String = texts
        .iter()
        .map(|text| format!("<error>{text}</error>"))
        .collect();
    (status, format!("<errors>{body}</errors>")).into_response()
}

async fn item(
    State(puts): State<Puts>,
    method: Method,
    Path(file): Path<String>,
    body: String,
) -> Response {
    let html = "<html><head><title>UGAL is down for maintenance</title></head></html>";
    match file.trim_end_matches(".xml") {
        "html" => html.into_response(),
        "cut" => "<item><reference>cut</reference><prices><price>".into_response(),
        "text" => "OK then".into_response(),
        "empty" => "".into_response(),
        "refused" => errors(
            StatusCode::BAD_REQUEST,
            &[
                "400.210 - Nominal price not present",
                "400.211 - Duplicate price specification found",
            ],
        ),
        "json" => (
            StatusCode::BAD_REQUEST,
            r#"{"errors": ["400.203 - Item inventory invalid"]}"#,
        )
            .into_response(),
        "locked" => errors(StatusCode::UNAUTHORIZED, &["401 - Unauthorized"]),
        "readonly" => errors(StatusCode::FORBIDDEN, &["403 - Forbidden"]),
        "gone" => errors(StatusCode::NOT_FOUND, &["404 - Not Found"]),
        "method" => errors(
            StatusCode::METHOD_NOT_ALLOWED,
            &["405 - Method Not Allowed"],
        ),
        "down" => (StatusCode::INTERNAL_SERVER_ERROR, html).into_response(),
        "echo" => errors(
            StatusCode::SERVICE_UNAVAILABLE,
            &[&format!("backend refused website:{TOKEN}")],
        ),
        "tiers" if method == Method::PUT => {
            puts.lock().unwrap().push(body);
            THREE_TIERS.into_response()
        }
        "tiers" => THREE_TIERS.into_response(),
        _ => errors(StatusCode::NOT_FOUND, &["404 - Item not found"]),
    }
}

async fn start() -> (UgalClient, Puts) {
    let puts = Puts::default();
    let router = Router::new()
        .route("/site/api/v1/items/{file}", any(item))
        .with_state(puts.clone());
    (client(&stub(router).await), puts)
}

fn reason(error: &CatalogError) -> &str {
    match error {
        CatalogError::Malformed { reason, .. } => reason,
        other => panic!("not malformed: {other:?}"),
    }
}

#[tokio::test]
async fn unreadable_answers_are_malformed_with_the_reason() {
    let (client, _) = start().await;
    let html = client.get(&id("html")).await;
    assert_eq!(
        html.result.unwrap_err(),
        CatalogError::Malformed {
            status: 200,
            reason: "HTML page instead of XML: UGAL is down for maintenance".into()
        }
    );
    assert_eq!(html.exchanges.len(), 1);
    let cut = client.get(&id("cut")).await.result.unwrap_err();
    assert!(reason(&cut).contains("invalid XML"), "{cut:?}");
    let text = client.get(&id("text")).await.result.unwrap_err();
    assert!(reason(&text).starts_with("not XML: OK then"), "{text:?}");
    let empty = client.get(&id("empty")).await.result.unwrap_err();
    assert_eq!(reason(&empty), "empty answer instead of XML");
}

#[tokio::test]
async fn every_error_status_is_typed_with_all_its_errors() {
    let (client, _) = start().await;
    assert_eq!(
        client
            .set_stock(&id("refused"), 1)
            .await
            .result
            .unwrap_err(),
        CatalogError::Rejected {
            status: 400,
            platform_code: Some("400.210".into()),
            message: "400.210 - Nominal price not present; \
                      400.211 - Duplicate price specification found"
                .into()
        }
    );
    assert_eq!(
        client.set_stock(&id("json"), -1).await.result.unwrap_err(),
        CatalogError::Rejected {
            status: 400,
            platform_code: Some("400.203".into()),
            message: "400.203 - Item inventory invalid".into()
        }
    );
    assert_eq!(
        client.get(&id("locked")).await.result.unwrap_err(),
        CatalogError::Unauthorized {
            status: 401,
            message: "401 - Unauthorized".into()
        }
    );
    assert!(matches!(
        client.set_stock(&id("readonly"), 1).await.result,
        Err(CatalogError::Forbidden { status: 403, .. })
    ));
    assert_eq!(
        client.get(&id("gone")).await.result.unwrap_err(),
        CatalogError::NotFound {
            message: "404 - Not Found".into()
        }
    );
    assert!(matches!(
        client.get(&id("method")).await.result,
        Err(CatalogError::Rejected { status: 405, .. })
    ));
    assert_eq!(
        client.get(&id("down")).await.result.unwrap_err(),
        CatalogError::Server {
            status: 500,
            message: "HTML page instead of XML: UGAL is down for maintenance".into()
        }
    );
    let echoed = client.get(&id("echo")).await;
    assert_eq!(
        echoed.result.unwrap_err().to_string(),
        "503 server error: backend refused website:[REDACTED]"
    );
    let recorded = String::from_utf8_lossy(&echoed.exchanges[0].response_body).into_owned();
    assert!(!recorded.contains(TOKEN), "{recorded}");
    assert_eq!(
        client
            .find_by_sku(&stockroom::catalog::model::Sku("nope".into()))
            .await
            .result,
        Ok(None)
    );
}

#[tokio::test]
async fn a_new_nominal_price_is_sent_with_every_other_tier() {
    let (client, puts) = start().await;
    let patch = ProductPatch {
        price: Some(Money::parse("95.00").unwrap()),
        ..ProductPatch::default()
    };
    let traced = client.update(&id("tiers"), &patch).await;
    assert_eq!(traced.result, Ok(id("tiers")));
    let methods: Vec<&str> = traced.exchanges.iter().map(|e| e.method.as_str()).collect();
    assert_eq!(methods, ["GET", "PUT"]);
    let sent = puts.lock().unwrap().clone();
    assert_eq!(
        sent,
        ["<item><prices>\
          <price><pricelist>default</pricelist><quantity>1</quantity><amount>95.00</amount></price>\
          <price><pricelist>default</pricelist><quantity>10</quantity><amount>90.00</amount></price>\
          <price><pricelist>pro</pricelist><quantity>1</quantity><amount>80.00</amount></price>\
          </prices></item>"]
    );
    let planned = client.plan_update(&id("tiers"), &patch).unwrap();
    assert_eq!(planned.body.as_deref(), Some(sent[0].as_str()));
    assert_eq!(planned.method, "PUT");
    assert!(
        planned
            .headers
            .contains(&("content-type".into(), "application/xml".into()))
    );
}

#[tokio::test]
async fn anything_but_inventory_and_prices_is_refused_unsent() {
    let client = client("http://127.0.0.1:9/site");
    let renamed = ProductPatch {
        name: Some("x".into()),
        stock: Some(1),
        ..ProductPatch::default()
    };
    let refused = client.update(&id("a"), &renamed).await;
    assert_eq!(
        refused.result,
        Err(CatalogError::Unsupported(
            "UGAL items can change only inventory and prices".into()
        ))
    );
    assert!(refused.exchanges.is_empty());
    let status = ProductPatch {
        status: Some(Status::Disabled),
        ..ProductPatch::default()
    };
    assert!(client.plan_update(&id("a"), &status).is_err());
    let price = ProductPatch {
        price: Some(Money::parse("1").unwrap()),
        ..ProductPatch::default()
    };
    assert!(
        matches!(client.plan_update(&id("never-read"), &price), Err(CatalogError::Unsupported(m)) if m.contains("read item never-read first"))
    );
    assert!(client.get(&id("../products/1")).await.exchanges.is_empty());
    let delete = client.delete(&id("a")).await;
    assert!(matches!(delete.result, Err(CatalogError::Unsupported(_))));
    assert!(delete.exchanges.is_empty());
    let tiers = [PriceTier {
        pricelist: "default".into(),
        quantity: 1,
        amount: Money::parse("1").unwrap(),
        vat: None,
    }];
    assert!(client.plan_set_prices(&id("a?b"), &tiers).is_err());
}

#[tokio::test]
async fn only_ugal_has_price_lists() {
    let connection = stockroom::catalog::Connection {
        platform: stockroom::catalog::model::Platform::Cscart,
        base_url: "http://127.0.0.1:9/cscart".into(),
        user: Some("admin@example.com".into()),
        timeout: Duration::from_secs(1),
        read_only: false,
        requests_per_second: None,
    };
    let sequence = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let catalog =
        stockroom::catalog::Catalog::connect(&connection, Secret::new(TOKEN), sequence).unwrap();
    let refused = catalog.set_prices(&id("1"), &[]).await;
    assert_eq!(
        refused.result,
        Err(CatalogError::Unsupported(
            "CS-Cart has no price tiers".into()
        ))
    );
    assert!(refused.exchanges.is_empty());
    assert!(catalog.plan_set_prices(&id("1"), &[]).is_err());
}
