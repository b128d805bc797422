//! `Catalog` over B2B Wave against the simulator: plans against what is sent, warehouses, refusals.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use serde_json::json;
use stockroom::catalog::api::Op;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::http::PlannedRequest;
use stockroom::catalog::model::{ListQuery, Platform, ProductPatch, Sku};
use stockroom::catalog::{Catalog, Connection, capabilities};
use stockroom::sandbox::{DEMO_B2BWAVE_TOKEN, Sandbox};
use stockroom::secret::Secret;

use super::b2bwave_client::{body, id, new_product, store};

fn assert_planned_as_sent(planned: &PlannedRequest, sent: &Exchange) {
    assert_eq!(planned.method, sent.method);
    assert_eq!(planned.url, sent.url);
    assert_eq!(planned.path, sent.path);
    assert_eq!(planned.headers, sent.request_headers);
    let sent_body = sent
        .request_body
        .as_ref()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    assert_eq!(planned.body, sent_body);
}

#[tokio::test]
async fn every_plan_is_exactly_what_is_then_sent() {
    let store = store().await;
    let client = &store.client;
    let new = new_product("PLAN-1");
    let planned = client.plan_create(&new).unwrap();
    let created = client.create(&new).await;
    assert_planned_as_sent(&planned, &created.exchanges[0]);
    let created = created.result.unwrap();

    let planned = client.plan_get(&created).unwrap();
    assert_planned_as_sent(&planned, &client.get(&created).await.exchanges[0]);
    let patch = ProductPatch {
        name: Some("Planned".into()),
        ..ProductPatch::default()
    };
    let planned = client.plan_update(&created, &patch).unwrap();
    assert_eq!(planned.method, "PATCH");
    assert_planned_as_sent(
        &planned,
        &client.update(&created, &patch).await.exchanges[0],
    );
    let raw = body(json!({"can_backorder": true}));
    let planned = client.plan_update_raw(&created, &raw).unwrap();
    assert_planned_as_sent(
        &planned,
        &client.update_raw(&created, &raw).await.exchanges[0],
    );
    let planned = client.plan_set_stock(&created, 9).unwrap();
    assert!(planned.path.ends_with("api/products/update_quantity"));
    assert_planned_as_sent(&planned, &client.set_stock(&created, 9).await.exchanges[0]);
    let planned = client
        .plan_set_warehouse_stock(&id("12"), &[(1, 2)])
        .unwrap();
    let sent = client.set_warehouse_stock(&id("12"), &[(1, 2)]).await;
    assert_planned_as_sent(&planned, &sent.exchanges[0]);
    assert!(!format!("{planned:?}").contains(DEMO_B2BWAVE_TOKEN));
}

async fn connect(sandbox: &Sandbox, platform: Platform, read_only: bool) -> Catalog {
    let endpoint = sandbox.endpoint(platform).unwrap();
    let connection = Connection {
        platform,
        base_url: endpoint.base_url.clone(),
        user: Some(endpoint.user.clone()),
        timeout: Duration::from_secs(10),
        read_only,
        requests_per_second: None,
    };
    let sequence = Arc::new(AtomicU64::new(0));
    Catalog::connect(&connection, Secret::new(endpoint.key.clone()), sequence).unwrap()
}

#[tokio::test]
async fn a_b2bwave_profile_works_through_the_catalog() {
    let store = store().await;
    let catalog = connect(&store.sandbox, Platform::B2bwave, false).await;
    assert_eq!(catalog.platform(), Platform::B2bwave);
    assert_eq!(
        catalog.capabilities(),
        capabilities(Platform::B2bwave, false)
    );
    assert!(!catalog.capabilities().delete && !catalog.capabilities().knows_total);

    let page = catalog
        .list(&ListQuery {
            per_page: 10,
            ..ListQuery::default()
        })
        .await;
    assert_eq!(
        page.exchanges[0].request_headers[0],
        ("authorization".into(), "Basic [REDACTED]".into())
    );
    assert!(page.result.unwrap().more);
    let planned = catalog
        .plan(
            &Op::SetWarehouseStock {
                id: id("12"),
                quantities: vec![(3, 4)],
            },
            None,
        )
        .unwrap();
    let sent = catalog
        .execute(
            &Op::SetWarehouseStock {
                id: id("12"),
                quantities: vec![(3, 4)],
            },
            None,
        )
        .await;
    assert_planned_as_sent(&planned, &sent.exchanges[0]);
    sent.result.unwrap();
    let product = catalog.get(&id("12")).await.result.unwrap();
    assert!(
        product
            .warehouses
            .iter()
            .any(|w| w.id == 3 && w.quantity == 4)
    );
    let found = catalog
        .find_by_sku(&Sku("00001".into()))
        .await
        .result
        .unwrap();
    assert_eq!(found.map(|p| p.id.0), Some("12".into()));
    assert!(matches!(
        catalog.delete(&id("12")).await.result,
        Err(CatalogError::Unsupported(_))
    ));
    let unsupported = |e: &CatalogError| matches!(e, CatalogError::Unsupported(m) if m.starts_with("B2B Wave has no"));
    assert!(unsupported(
        &catalog.listings_accounts().await.result.unwrap_err()
    ));
    assert!(unsupported(
        &catalog
            .plan(
                &Op::Delete {
                    id: id("12"),
                    keep_channels: true,
                },
                None,
            )
            .unwrap_err()
    ));

    let cscart = connect(&store.sandbox, Platform::Cscart, false).await;
    let refused = cscart
        .execute(
            &Op::SetWarehouseStock {
                id: id("12"),
                quantities: vec![(1, 1)],
            },
            None,
        )
        .await;
    assert!(refused.exchanges.is_empty());
    assert_eq!(
        refused.result,
        Err(CatalogError::Unsupported(
            "CS-Cart has no warehouses".into()
        ))
    );

    let read_only = connect(&store.sandbox, Platform::B2bwave, true).await;
    assert!(matches!(
        read_only
            .execute(
                &Op::SetWarehouseStock {
                    id: id("12"),
                    quantities: vec![(1, 1)],
                },
                None,
            )
            .await
            .result,
        Err(CatalogError::ReadOnly(_))
    ));
}

#[tokio::test]
async fn a_new_total_for_a_product_in_several_warehouses_goes_to_its_main_one() {
    use stockroom::basket::{Change, Item, ItemId, ItemStatus, Outcome, StockChange, Target};
    use stockroom::catalog::model::Stock;
    let store = store().await;
    let catalog = connect(&store.sandbox, Platform::B2bwave, false).await;
    let mut found = None;
    for page in 1..=5 {
        let query = ListQuery {
            page,
            per_page: 100,
            ..ListQuery::default()
        };
        for summary in catalog.list(&query).await.result.unwrap().items {
            let product = catalog.get(&summary.id).await.result.unwrap();
            if product.warehouses.len() > 1 && matches!(product.summary.stock, Stock::Quantity(_)) {
                found = Some(product);
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let product = found.expect("a product kept in several warehouses");
    let Stock::Quantity(total) = product.summary.stock else {
        unreachable!()
    };
    // As `:import` and `=` on a summary stage it: a new total, without the warehouses.
    let item = Item {
        id: ItemId(1),
        target: Target {
            id: Some(product.summary.id.clone()),
            sku: product.summary.sku.0.clone(),
            name: product.summary.name.clone(),
        },
        change: Change::Edit {
            stock: Some(StockChange::Set {
                from: total,
                to: total + 5,
            }),
            fields: vec![],
        },
        status: ItemStatus::Staged,
        sku_owners_before: None,
        maybe_applied: false,
    };
    let (outcome, _) = stockroom::basket::send::send(&catalog, &item).await;
    assert!(matches!(outcome, Outcome::Sent { .. }), "{outcome:?}");
    let after = catalog.get(&product.summary.id).await.result.unwrap();
    assert_eq!(after.summary.stock, Stock::Quantity(total + 5));
    assert_eq!(
        after.warehouses[0].quantity,
        product.warehouses[0].quantity + 5,
        "the main warehouse takes the change"
    );
    assert_eq!(after.warehouses[1..], product.warehouses[1..]);
    let (again, _) = stockroom::basket::send::send(&catalog, &item).await;
    assert_eq!(again, Outcome::AlreadyApplied);
}
