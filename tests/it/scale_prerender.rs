//! The sandbox's pre-rendered pages: a read answered again sends the same bytes, and a write
//! makes every store read afresh, on each platform (Valigara's reads and writes are both POSTs).

use std::time::Duration;

use stockroom::catalog::model::{ListQuery, Platform, Stock};
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::sandbox::{connect, connection, endpoint};

#[tokio::test]
async fn a_kept_page_is_sent_again_until_a_write_changes_the_store() {
    let sandbox = Sandbox::start(SandboxOptions {
        cscart_products: 30,
        valigara_products: 30,
        b2bwave_products: 30,
        ugal_items: 30,
        prerendered: true,
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    for platform in [
        Platform::Cscart,
        Platform::Valigara,
        Platform::B2bwave,
        Platform::Ugal,
    ] {
        let endpoint = endpoint(&sandbox, platform);
        let (catalog, _) = connect(
            &connection(endpoint, Duration::from_secs(10), false),
            &endpoint.key,
        );
        let query = ListQuery {
            page: 1,
            per_page: 10,
            ..ListQuery::default()
        };
        let first = catalog.list(&query).await;
        let page = first.result.unwrap();
        let again = catalog.list(&query).await;
        assert_eq!(again.result.unwrap(), page, "{platform}");
        let body = |traced: &Vec<stockroom::catalog::exchange::Exchange>| {
            traced.last().unwrap().response_body.clone()
        };
        assert_eq!(body(&first.exchanges), body(&again.exchanges), "{platform}");

        let product = page
            .items
            .iter()
            .find(|p| matches!(p.stock, Stock::Quantity(_)))
            .unwrap();
        let Stock::Quantity(before) = product.stock else {
            unreachable!()
        };
        catalog
            .set_stock(&product.id, before + 7)
            .await
            .result
            .unwrap();
        let after = catalog.list(&query).await.result.unwrap();
        let changed = after.items.iter().find(|p| p.id == product.id).unwrap();
        // B2B Wave's list shows the total over its warehouses; the main one took the change.
        assert_ne!(
            changed.stock, product.stock,
            "{platform}: the page is read afresh"
        );
    }
    sandbox.shutdown().await;
}
