//! Each platform's own filters, typed in the search language and sent the platform's way,
//! against the sandbox over loopback: CS-Cart's vendor scope, Valigara's status words and
//! category names, B2B Wave's `status_id`, UGAL's `productId`.

use std::time::Duration;

use serde_json::Value;
use stockroom::app::search;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{ListQuery, Platform, ProductSummary, Status};
use stockroom::catalog::{Catalog, Traced};
use stockroom::sandbox::Sandbox;

use crate::support::sandbox::{connect, connection, endpoint, start, stores_of};

const PRODUCTS: usize = 60;

async fn store(platform: Platform) -> (Sandbox, Catalog) {
    let sandbox = start(stores_of(PRODUCTS)).await;
    let at = endpoint(&sandbox, platform);
    let (catalog, _) = connect(&connection(at, Duration::from_secs(10), false), &at.key);
    (sandbox, catalog)
}

/// Every row `text` finds, read in the platform's words and sent as the list would send it.
async fn listed(catalog: &Catalog, text: &str) -> Traced<Vec<ProductSummary>> {
    let filters = search::parse(text, catalog.platform()).expect("the platform reads it");
    let query = ListQuery {
        per_page: catalog.bulk_page_size(),
        filters,
        ..ListQuery::default()
    };
    catalog.list(&query).await.map(|page| page.items)
}

/// One field of a product's own object, as a string whatever its JSON type.
async fn raw_field(catalog: &Catalog, row: &ProductSummary, pointer: &str) -> String {
    let product = catalog
        .get(&row.id)
        .await
        .result
        .expect("the product reads");
    match product.raw.pointer(pointer) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => panic!("{pointer} missing in {}", product.raw),
    }
}

#[tokio::test]
async fn cscart_vendor_lists_only_that_vendors_products() {
    let (sandbox, catalog) = store(Platform::Cscart).await;
    let all = listed(&catalog, "").await.result.unwrap();
    let traced = listed(&catalog, "vendor:2").await;
    let paths: Vec<String> = traced.exchanges.iter().map(|e| e.url.clone()).collect();
    assert!(
        paths.iter().all(|p| p.contains("/api/vendors/2/products")),
        "{paths:?}"
    );
    let rows = traced.result.unwrap();
    assert!(
        !rows.is_empty() && rows.len() < all.len(),
        "{} of {}",
        rows.len(),
        all.len()
    );
    for row in &rows {
        assert_eq!(
            raw_field(&catalog, row, "/company_id").await,
            "2",
            "{}",
            row.sku.0
        );
    }
    let unknown = listed(&catalog, "vendor:999").await.result;
    assert!(
        matches!(unknown, Err(CatalogError::NotFound { .. })),
        "{unknown:?}"
    );
    drop(sandbox);
}

#[tokio::test]
async fn cscart_vendor_by_name_is_looked_up_once_then_scoped_by_id() {
    let (sandbox, catalog) = store(Platform::Cscart).await;
    let traced = listed(&catalog, "vendor:northwind").await;
    let paths: Vec<&str> = traced.exchanges.iter().map(|e| e.path.as_str()).collect();
    assert!(paths[0].contains("/api/vendors?"), "{paths:?}");
    assert!(paths[1].contains("/api/vendors/2/products"), "{paths:?}");
    let by_name = traced.result.unwrap();
    assert_eq!(by_name, listed(&catalog, "vendor:2").await.result.unwrap());
    let again = listed(&catalog, "vendor:Northwind").await;
    assert_eq!(again.exchanges.len(), 1, "the vendors are read once");

    let unknown = listed(&catalog, "vendor:nobody").await.result;
    let Err(CatalogError::NotFound { message }) = unknown else {
        panic!("{unknown:?}")
    };
    assert!(message.contains("Kettle & Co (3)"), "{message}");
    let several = listed(&catalog, "vendor:o").await.result;
    assert!(
        matches!(&several, Err(CatalogError::Unsupported(m)) if m.contains("several vendors")),
        "{several:?}"
    );
    drop(sandbox);
}

#[tokio::test]
async fn valigara_status_words_and_category_names_filter_on_the_server() {
    let (sandbox, catalog) = store(Platform::Valigara).await;
    let rings = listed(&catalog, "cat:Rings").await.result.unwrap();
    assert!(!rings.is_empty());
    for row in &rings {
        assert_eq!(raw_field(&catalog, row, "/category").await, "Rings");
    }
    let drafts = listed(&catalog, "status:draft").await.result.unwrap();
    assert!(!drafts.is_empty(), "the seed has drafts");
    assert!(
        drafts
            .iter()
            .all(|r| r.status == Status::Other("draft".into())),
        "{drafts:?}"
    );
    let sent = sandbox.received("valigara");
    assert!(
        sent.iter()
            .any(|r| String::from_utf8_lossy(&r.body).contains("%22category%22%3A%22Rings%22")),
        "the category goes by name"
    );
}

#[tokio::test]
async fn b2bwave_status_words_send_status_id_eq() {
    let (sandbox, catalog) = store(Platform::B2bwave).await;
    for (word, id) in [("discontinued", "2"), ("coming-soon", "3"), ("active", "1")] {
        let traced = listed(&catalog, &format!("status:{word}")).await;
        assert!(
            traced.exchanges[0]
                .url
                .contains(&format!("status_id_eq={id}")),
            "{}",
            traced.exchanges[0].url
        );
        let rows = traced.result.unwrap();
        assert!(
            !rows.is_empty() && rows.len() < PRODUCTS,
            "{word}: {}",
            rows.len()
        );
        for row in rows.iter().take(5) {
            assert_eq!(raw_field(&catalog, row, "/status_id").await, id, "{word}");
        }
    }
    drop(sandbox);
}

#[tokio::test]
async fn ugal_id_lists_one_products_items() {
    let (sandbox, catalog) = store(Platform::Ugal).await;
    let all = listed(&catalog, "").await.result.unwrap();
    let first = all.first().expect("items");
    let product = raw_field(&catalog, first, "/product/id").await;
    let traced = listed(&catalog, &format!("id:{product}")).await;
    assert!(
        traced.exchanges[0]
            .url
            .contains(&format!("productId={product}")),
        "{}",
        traced.exchanges[0].url
    );
    let rows = traced.result.unwrap();
    assert!(!rows.is_empty() && rows.len() < all.len());
    for row in &rows {
        assert_eq!(raw_field(&catalog, row, "/product/id").await, product);
    }
    drop(sandbox);
}
