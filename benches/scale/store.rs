//! Catalogs connected to an in-process sandbox, and a whole catalog read from one.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use stockroom::catalog::loader::{LoadEvent, LoadPlan, load_all};
use stockroom::catalog::model::{Page, Platform, ProductSummary};
use stockroom::catalog::{Catalog, Connection};
use stockroom::sandbox::{Sandbox, SandboxOptions};
use stockroom::secret::Secret;

/// A catalog on the sandbox's store of `platform`, and the counter of the requests it sends.
pub fn connect(
    sandbox: &Sandbox,
    platform: Platform,
    read_only: bool,
) -> (Catalog, Arc<AtomicU64>) {
    let endpoint = sandbox
        .endpoint(platform)
        .expect("the sandbox serves every platform");
    let connection = Connection {
        platform,
        base_url: endpoint.base_url.clone(),
        user: (!endpoint.user.is_empty()).then(|| endpoint.user.clone()),
        timeout: Duration::from_secs(30),
        read_only,
        requests_per_second: None,
    };
    let sequence = Arc::new(AtomicU64::new(0));
    let catalog = Catalog::connect(
        &connection,
        Secret::new(&endpoint.key),
        Arc::clone(&sequence),
    )
    .expect("a sandbox connection is valid");
    (catalog, sequence)
}

/// Every page of a CS-Cart sandbox of `products` products, as the app's loader brings them
/// (the largest page the platform serves), in page order: the sandbox's generated names,
/// SKUs, prices and stock.
pub fn cscart_pages(
    runtime: &tokio::runtime::Runtime,
    products: usize,
) -> Vec<Page<ProductSummary>> {
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxOptions {
            cscart_products: products,
            valigara_products: 1,
            b2bwave_products: 1,
            ugal_items: 1,
            ..SandboxOptions::default()
        })
        .await
        .expect("the sandbox starts");
        let (catalog, _) = connect(&sandbox, Platform::Cscart, true);
        let plan = LoadPlan::whole(&catalog);
        let mut pages = Vec::new();
        load_all(&catalog, plan, |event| match event {
            LoadEvent::Page { page, .. } => pages.push(page),
            LoadEvent::Failed { page, error, .. } => panic!("page {page} failed: {error}"),
        })
        .await;
        sandbox.shutdown().await;
        pages.sort_by_key(|page| page.page);
        let loaded: usize = pages.iter().map(|page| page.items.len()).sum();
        assert_eq!(loaded, products, "the whole catalog arrives");
        pages
    })
}
