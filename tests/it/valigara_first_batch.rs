//! Valigara's list reaches the screen a batch at a time: the first page (one export of 100)
//! is reported while later batches have not even been asked for.

use std::time::Duration;

use stockroom::catalog::loader::{LoadEvent, LoadPlan, load_all};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::sandbox;

/// How many `products_export` requests the Valigara store has received so far.
fn exports(sandbox: &Sandbox) -> usize {
    sandbox
        .received("valigara")
        .iter()
        .filter(|r| r.body.windows(15).any(|w| w == b"products_export"))
        .count()
}

#[tokio::test]
async fn the_first_batch_is_reported_before_the_last_batch_is_requested() {
    let sandbox = sandbox::start(SandboxOptions {
        valigara_products: 1000,
        latency: Duration::from_millis(20),
        ..SandboxOptions::default()
    })
    .await;
    let endpoint = sandbox::endpoint(&sandbox, Platform::Valigara);
    let connection = sandbox::connection(endpoint, Duration::from_secs(10), true);
    let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
    let mut first: Option<(usize, usize)> = None;
    let summary = load_all(&catalog, LoadPlan::whole(&catalog), |event| {
        if let (None, LoadEvent::Page { page, .. }) = (&first, &event) {
            first = Some((page.items.len(), exports(&sandbox)));
        }
    })
    .await;
    assert_eq!(summary.items, 1000);
    assert!(!summary.failed);
    let (first_items, exports_then) = first.expect("a page was reported");
    assert_eq!(first_items, 100, "the first page is one export's batch");
    let all = exports(&sandbox);
    assert_eq!(all, 10, "ten batches of 100");
    assert!(
        exports_then < all,
        "the first page came after {exports_then} of {all} exports were asked for"
    );
}
