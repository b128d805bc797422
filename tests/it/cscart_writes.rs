//! Writes over loopback: raw updates, planned requests against what was sent, and read-only profiles.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Map, Value, json};
use stockroom::catalog::api::Op;
use stockroom::catalog::cscart::{CsCartClient, schema};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::http::PlannedRequest;
use stockroom::catalog::model::{Money, NewProduct, Platform, ProductPatch, Sku, Status, Stock};
use stockroom::catalog::{Catalog, Connection, READ_ONLY_MESSAGE};
use stockroom::sandbox::{Endpoint, Sandbox, SandboxOptions};
use stockroom::secret::Secret;

use crate::cscart_client::{id, transport};

async fn sandbox() -> (Sandbox, Endpoint) {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let endpoint = sandbox.endpoint(Platform::Cscart).unwrap().clone();
    (sandbox, endpoint)
}

fn client(endpoint: &Endpoint) -> CsCartClient {
    CsCartClient::new(transport(&endpoint.base_url, &endpoint.user, &endpoint.key))
}

fn catalog(endpoint: &Endpoint, read_only: bool, sequence: Arc<AtomicU64>) -> Catalog {
    let connection = Connection {
        platform: Platform::Cscart,
        base_url: endpoint.base_url.clone(),
        user: Some(endpoint.user.clone()),
        timeout: Duration::from_secs(10),
        read_only,
        requests_per_second: None,
    };
    Catalog::connect(&connection, Secret::new(endpoint.key.clone()), sequence).unwrap()
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn socks(sku: &str) -> NewProduct {
    NewProduct {
        name: format!("Socks {sku}"),
        sku: Some(Sku(sku.into())),
        price: money("4.50"),
        stock: Some(3),
        category_ids: vec![224],
        status: Status::Active,
    }
}

fn assert_planned_as_sent(planned: &PlannedRequest, sent: &Exchange) {
    assert_eq!(planned.method, sent.method);
    assert_eq!(planned.url, sent.url);
    assert_eq!(planned.path, sent.path);
    assert_eq!(planned.headers, sent.request_headers);
    let sent_body = sent
        .request_body
        .as_ref()
        .map(|body| String::from_utf8(body.to_vec()).unwrap());
    assert_eq!(planned.body, sent_body);
}

#[tokio::test]
async fn a_raw_update_is_sent_as_edited_and_reads_back() {
    let (sandbox, endpoint) = sandbox().await;
    let client = client(&endpoint);
    let product = client.get(&id("12")).await.result.unwrap();
    let mut edited = schema::raw_editable(&product);
    assert_eq!(edited.keys().next().map(String::as_str), Some("product"));
    assert_eq!(schema::validate_raw(&edited), Vec::<String>::new());
    edited.insert("product".into(), json!("100g Pants, raw"));
    edited.insert("price".into(), json!("27.50"));
    edited.insert("amount".into(), json!(42));

    let updated = client.update_raw(&id("12"), &edited).await;
    let body = updated.exchanges[0].request_body.clone().unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        Value::Object(edited)
    );
    assert_eq!(updated.result.unwrap(), id("12"));

    let read = client.get(&id("12")).await.result.unwrap();
    assert_eq!(read.summary.name, "100g Pants, raw");
    assert_eq!(read.summary.price, Some(money("27.50")));
    assert_eq!(read.summary.stock, Stock::Quantity(42));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_raw_value_the_store_refuses_keeps_its_message() {
    let (sandbox, endpoint) = sandbox().await;
    let client = client(&endpoint);
    let refused = client
        .update_raw(&id("12"), &object(json!({"status": "Z"})))
        .await;
    let Err(CatalogError::Rejected {
        status: 400,
        message,
        ..
    }) = &refused.result
    else {
        panic!("{:?}", refused.result)
    };
    assert!(message.contains("\"status\""), "{message}");
    assert!(message.contains("\"Z\""), "{message}");
    let unchanged = client.get(&id("12")).await.result.unwrap();
    assert_eq!(unchanged.summary.status, Status::Active);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_plan_is_exactly_what_is_then_sent() {
    let (sandbox, endpoint) = sandbox().await;
    let client = client(&endpoint);

    let planned = client.plan_create(&socks("PLAN-1")).unwrap();
    let created = client.create(&socks("PLAN-1")).await;
    assert_planned_as_sent(&planned, &created.exchanges[0]);
    assert!(
        planned
            .headers
            .contains(&("authorization".into(), "Basic [REDACTED]".into()))
    );
    assert!(
        planned
            .headers
            .contains(&("content-type".into(), "application/json".into()))
    );
    assert!(!format!("{planned:?}").contains(&endpoint.key));
    let new_id = created.result.unwrap();

    let planned = client.plan_get(&new_id).unwrap();
    assert_eq!(planned.body, None);
    assert_planned_as_sent(&planned, &client.get(&new_id).await.exchanges[0]);

    let patch = ProductPatch {
        price: Some(money("5.00")),
        status: Some(Status::Hidden),
        ..ProductPatch::default()
    };
    let planned = client.plan_update(&new_id, &patch).unwrap();
    assert_planned_as_sent(&planned, &client.update(&new_id, &patch).await.exchanges[0]);

    let raw = object(json!({"product_code": "PLAN-2", "list_price": "9.00"}));
    let planned = client.plan_update_raw(&new_id, &raw).unwrap();
    assert_eq!(planned.method, "PUT");
    assert_planned_as_sent(
        &planned,
        &client.update_raw(&new_id, &raw).await.exchanges[0],
    );

    let planned = client.plan_set_stock(&new_id, 7).unwrap();
    assert_planned_as_sent(&planned, &client.set_stock(&new_id, 7).await.exchanges[0]);

    let planned = client.plan_delete(&new_id).unwrap();
    assert_planned_as_sent(&planned, &client.delete(&new_id).await.exchanges[0]);

    assert!(matches!(
        client.plan_delete(&id("12/../13")),
        Err(CatalogError::Unsupported(_))
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_write_moves_the_updated_timestamp_forward() {
    let (sandbox, endpoint) = sandbox().await;
    let client = client(&endpoint);
    let before = client.get(&id("12")).await.result.unwrap().updated_at;
    assert_eq!(before, Some(1_383_893_547));
    client.set_stock(&id("12"), 9).await.result.unwrap();
    let after = client.get(&id("12")).await.result.unwrap().updated_at;
    assert!(after > before, "{before:?} -> {after:?}");
    let raw = object(json!({"full_description": "<p>New</p>"}));
    client.update_raw(&id("12"), &raw).await.result.unwrap();
    let again = client.get(&id("12")).await.result.unwrap().updated_at;
    assert!(again >= after, "{after:?} -> {again:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_read_only_catalog_sends_no_write_and_plans_none() {
    let (sandbox, endpoint) = sandbox().await;
    let sequence = Arc::new(AtomicU64::new(0));
    let catalog = catalog(&endpoint, true, sequence.clone());
    let read_only = |result: Result<(), CatalogError>| {
        assert_eq!(
            result,
            Err(CatalogError::ReadOnly(READ_ONLY_MESSAGE.into()))
        );
    };
    let patch = ProductPatch {
        stock: Some(1),
        ..ProductPatch::default()
    };
    let raw = object(json!({"amount": "1"}));
    let writes = [
        catalog.create(&socks("RO-1")).await.map(|_| ()),
        catalog.update(&id("12"), &patch).await.map(|_| ()),
        catalog.update_raw(&id("12"), &raw).await.map(|_| ()),
        catalog.set_stock(&id("12"), 1).await,
        catalog.delete(&id("12")).await,
    ];
    for traced in writes {
        assert!(traced.exchanges.is_empty());
        read_only(traced.result);
    }
    read_only(catalog.plan(&Op::Create(socks("RO-1")), None).map(|_| ()));
    read_only(
        catalog
            .plan(
                &Op::Update {
                    id: id("12"),
                    patch: patch.clone(),
                },
                None,
            )
            .map(|_| ()),
    );
    read_only(
        catalog
            .plan(
                &Op::UpdateRaw {
                    id: id("12"),
                    body: raw.clone(),
                },
                None,
            )
            .map(|_| ()),
    );
    read_only(catalog.plan_set_stock(&id("12"), 1).map(|_| ()));
    read_only(
        catalog
            .plan(
                &Op::Delete {
                    id: id("12"),
                    keep_channels: false,
                },
                None,
            )
            .map(|_| ()),
    );
    assert_eq!(sequence.load(Ordering::Relaxed), 0, "nothing was sent");

    assert_eq!(catalog.platform(), Platform::Cscart);
    assert!(catalog.plan_get(&id("12")).is_ok());
    let product = catalog.get(&id("12")).await.result.unwrap();
    assert_eq!(product.summary.stock, Stock::Quantity(10));
    assert_eq!(
        stockroom::catalog::raw_editable(catalog.platform(), &product),
        schema::raw_editable(&product)
    );
    assert_eq!(
        stockroom::catalog::validate_raw(catalog.platform(), &Map::new()),
        ["nothing to change"]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_catalog_writes_and_finds_a_product_by_its_exact_code() {
    let (sandbox, endpoint) = sandbox().await;
    let catalog = catalog(&endpoint, false, Arc::new(AtomicU64::new(0)));
    let first = catalog.create(&socks("FIND-1")).await.result.unwrap();
    let longer = catalog.create(&socks("FIND-10")).await.result.unwrap();

    let found = catalog.find_by_sku(&Sku("FIND-1".into())).await;
    assert!(
        found.exchanges[0].path.contains("pcode=FIND-1"),
        "{:?}",
        found.exchanges[0].path
    );
    assert_eq!(found.result.unwrap().map(|p| p.id), Some(first.clone()));
    let found = catalog.find_by_sku(&Sku("FIND-10".into())).await;
    assert_eq!(found.result.unwrap().map(|p| p.id), Some(longer));
    for absent in ["find-1", "FIND-", "FIND-2", ""] {
        let found = catalog.find_by_sku(&Sku(absent.into())).await.result;
        assert_eq!(found, Ok(None), "{absent}");
    }

    catalog.set_stock(&first, 11).await.result.unwrap();
    let patch = ProductPatch {
        name: Some("Socks, renamed".into()),
        ..ProductPatch::default()
    };
    catalog.update(&first, &patch).await.result.unwrap();
    let raw = object(json!({"price": "6.75"}));
    catalog.update_raw(&first, &raw).await.result.unwrap();
    let read = catalog.get(&first).await.result.unwrap();
    assert_eq!(read.summary.name, "Socks, renamed");
    assert_eq!(read.summary.stock, Stock::Quantity(11));
    assert_eq!(read.summary.price, Some(money("6.75")));
    catalog.delete(&first).await.result.unwrap();
    let gone = catalog.find_by_sku(&Sku("FIND-1".into())).await.result;
    assert_eq!(gone, Ok(None));
    sandbox.shutdown().await;
}
