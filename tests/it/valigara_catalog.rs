//! `Catalog` over Valigara: connecting with the key as `auth=`, the Valigara-only operations, and the shared clock.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use stockroom::catalog::api::Op;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::fields::{Field, FieldKind};
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{ListQuery, Money, NewProduct, Platform, ProductId, Sku, Status};
use stockroom::catalog::valigara::{SoldAction, ValigaraClient};
use stockroom::catalog::{Catalog, Connection, capabilities};
use stockroom::sandbox::{Sandbox, SandboxClock, SandboxOptions};
use stockroom::secret::Secret;

async fn catalog(sandbox: &Sandbox, platform: Platform, read_only: bool) -> Catalog {
    let endpoint = sandbox.endpoint(platform).unwrap();
    let connection = Connection {
        platform,
        base_url: endpoint.base_url.clone(),
        user: (!endpoint.user.is_empty()).then(|| endpoint.user.clone()),
        timeout: Duration::from_secs(10),
        read_only,
        requests_per_second: None,
    };
    let sequence = Arc::new(AtomicU64::new(0));
    Catalog::connect(&connection, Secret::new(endpoint.key.clone()), sequence).unwrap()
}

fn options() -> SandboxOptions {
    SandboxOptions {
        valigara_products: 30,
        cscart_products: 5,
        ..SandboxOptions::default()
    }
}

#[tokio::test]
async fn a_valigara_profile_does_everything_through_the_catalog() {
    let sandbox = Sandbox::start(options()).await.unwrap();
    let catalog = catalog(&sandbox, Platform::Valigara, false).await;
    assert_eq!(catalog.platform(), Platform::Valigara);
    assert_eq!(
        catalog.capabilities(),
        capabilities(Platform::Valigara, false)
    );
    assert!(catalog.capabilities().delete && catalog.capabilities().knows_total);

    let page = catalog.list(&ListQuery::default()).await;
    assert!(page.exchanges[0].request_body.as_ref().is_some_and(|b| {
        let body = String::from_utf8_lossy(b);
        body.contains("auth=[REDACTED]") && !body.contains("vlg_")
    }));
    assert_eq!(page.result.unwrap().total, Some(30));

    let new = NewProduct {
        name: "Catalog ring".into(),
        sku: Some(Sku("CAT-1".into())),
        price: Money::parse("5").unwrap(),
        stock: Some(4),
        category_ids: vec![],
        status: Status::Active,
    };
    let id = catalog.create(&new).await.result.unwrap();
    let found = catalog
        .find_by_sku(&Sku("CAT-1".into()))
        .await
        .result
        .unwrap();
    assert_eq!(found.map(|p| p.id), Some(id.clone()));
    let planned = catalog
        .plan(
            &Op::MarkSold {
                id: id.clone(),
                quantity: 1,
                action: SoldAction::Revise,
            },
            None,
        )
        .unwrap();
    assert!(planned.body.unwrap().contains("sold_action%22%3A%22revise"));
    let sold = catalog
        .execute(
            &Op::MarkSold {
                id: id.clone(),
                quantity: 1,
                action: SoldAction::NoAction,
            },
            None,
        )
        .await
        .sold()
        .result
        .unwrap();
    assert_eq!(sold.quantity, 3);

    let form = catalog.form_fields().await;
    assert_eq!(form.exchanges.len(), 1);
    let form = form.result.unwrap();
    let status = form.iter().find(|s| s.field == Field::Status).unwrap();
    assert!(
        matches!(&status.kind, FieldKind::Choice(words) if words.contains(&"inactive".to_owned()))
    );
    assert!(!catalog.listings_accounts().await.result.unwrap().is_empty());
    assert_eq!(catalog.listings_budget().map(|b| b.remaining), Some(4));
    let exported = catalog
        .export_products(std::slice::from_ref(&id))
        .await
        .result
        .unwrap();
    assert_eq!(exported.products[0]["sku"], "CAT-1");

    let plan = catalog
        .plan(
            &Op::Delete {
                id: id.clone(),
                keep_channels: true,
            },
            None,
        )
        .unwrap();
    assert!(plan.body.unwrap().contains("%22channels%22%3Atrue"));
    catalog.delete_with(&id, true).await.result.unwrap();
    assert!(matches!(
        catalog.get(&id).await.result,
        Err(CatalogError::NotFound { .. })
    ));

    let read_only = self::catalog(&sandbox, Platform::Valigara, true).await;
    let refused = read_only
        .execute(
            &Op::MarkSold {
                id: ProductId("1".into()),
                quantity: 1,
                action: SoldAction::NoAction,
            },
            None,
        )
        .await;
    assert!(matches!(refused.result, Err(CatalogError::ReadOnly(_))));
    assert!(refused.exchanges.is_empty());
}

#[tokio::test]
async fn cscart_says_what_it_does_not_have() {
    let sandbox = Sandbox::start(options()).await.unwrap();
    let catalog = catalog(&sandbox, Platform::Cscart, false).await;
    let id = ProductId("1".into());
    let unsupported = |e: &CatalogError| matches!(e, CatalogError::Unsupported(m) if m.starts_with("CS-Cart has no"));
    assert!(unsupported(
        &catalog
            .execute(
                &Op::MarkSold {
                    id: id.clone(),
                    quantity: 1,
                    action: SoldAction::NoAction,
                },
                None,
            )
            .await
            .result
            .unwrap_err()
    ));
    assert!(unsupported(
        &catalog
            .plan(
                &Op::MarkSold {
                    id: id.clone(),
                    quantity: 1,
                    action: SoldAction::Remove,
                },
                None,
            )
            .unwrap_err()
    ));
    assert!(unsupported(
        &catalog.listings_accounts().await.result.unwrap_err()
    ));
    assert!(unsupported(
        &catalog
            .update_listings(std::slice::from_ref(&id), None)
            .await
            .result
            .unwrap_err()
    ));
    assert!(unsupported(
        &catalog
            .export_products(std::slice::from_ref(&id))
            .await
            .result
            .unwrap_err()
    ));
    assert!(unsupported(
        &catalog.delete_with(&id, true).await.result.unwrap_err()
    ));
    assert_eq!(catalog.listings_budget(), None);
    let form = catalog.form_fields().await;
    assert!(form.exchanges.is_empty());
    assert_eq!(
        form.result.unwrap(),
        stockroom::catalog::fields::form_fields(Platform::Cscart)
    );
}

#[tokio::test]
async fn the_bucket_refills_with_the_servers_clock() {
    let clock = SandboxClock::default();
    let sandbox = Sandbox::start(SandboxOptions {
        valigara_clock: clock.clone(),
        ..options()
    })
    .await
    .unwrap();
    let endpoint = sandbox.endpoint(Platform::Valigara).unwrap();
    let auth = Auth::QueryKey {
        name: "auth".into(),
        secret: Secret::new(endpoint.key.clone()),
    };
    let transport = Transport::new(&endpoint.base_url, auth, Duration::from_secs(10)).unwrap();
    let client_clock = clock.clone();
    let client = ValigaraClient::new(transport).with_clock(Arc::new(move || client_clock.now()));
    let first = client.list(&ListQuery::default()).await.result.unwrap();
    let ids = [first.items[0].id.clone()];
    for _ in 0..4 {
        client.update_listings(&ids, None).await.result.unwrap();
    }
    let refused = client.update_listings(&ids, None).await;
    assert!(refused.exchanges.is_empty());
    assert!(matches!(
        refused.result,
        Err(CatalogError::RateLimited { .. })
    ));
    // The server's headers say a slot frees after 15 minutes; the client believes them.
    clock.advance(Duration::from_secs(15 * 60 + 1));
    assert_eq!(client.listings_budget().remaining, 1);
    let again = client.update_listings(&ids, None).await;
    assert_eq!(again.exchanges[0].platform_status.as_deref(), Some("100"));
    again.result.unwrap();
    assert_eq!(client.listings_budget().remaining, 0);
}
