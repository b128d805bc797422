//! UGAL: items and products online or offline, and every price-list shape: the nominal price
//! alone, quantity tiers, several lists, and no price at all.

use reqwest::{Client, Method};
use serde_json::Value;
use stockroom::catalog::model::{Platform, Status};
use stockroom::sandbox::Sandbox;

use super::{detail_screen, product, row, store, summaries, text_of};
use crate::support::sandbox::{self, Reply};

/// Every item of the plain (VAT-free) site in full, as its JSON form sends it.
async fn raw_items(sandbox: &Sandbox, references: &[String]) -> Vec<Value> {
    let endpoint = sandbox::endpoint(sandbox, Platform::Ugal);
    let client = Client::new();
    let mut out = Vec::new();
    for reference in references {
        let path = format!("/api/v1/items/{reference}.json");
        let request = sandbox::request(&client, endpoint, Method::GET, &path);
        out.push(Reply::read(request).await.json()["item"].clone());
    }
    out
}

fn prices(item: &Value) -> Vec<Value> {
    item["prices"].as_array().cloned().unwrap_or_default()
}

fn lists(item: &Value) -> std::collections::BTreeSet<String> {
    prices(item)
        .iter()
        .map(|p| text_of(&p["pricelist"]))
        .collect()
}

fn reference_where(items: &[Value], wanted: impl Fn(&Value) -> bool) -> String {
    items
        .iter()
        .find(|i| !text_of(&i["reference"]).starts_with("911-") && wanted(i))
        .map(|i| text_of(&i["reference"]))
        .expect("the seed has one")
}

fn single(item: &Value) -> bool {
    prices(item).len() == 1
}

fn tiered(item: &Value) -> bool {
    prices(item).iter().any(|p| p["quantity"] != "1")
}

#[tokio::test]
async fn the_seed_has_every_price_shape_and_both_statuses() {
    let (sandbox, catalog) = store(Platform::Ugal).await;
    let references: Vec<String> = summaries(&catalog)
        .await
        .into_iter()
        .map(|s| s.id.0)
        .collect();
    assert_eq!(references.len(), 1200);
    let items = raw_items(&sandbox, &references).await;
    let count = |f: &dyn Fn(&Value) -> bool| items.iter().filter(|i| f(i)).count();
    assert!(
        count(&|i| prices(i).is_empty()) >= 15,
        "items with no price"
    );
    assert!(count(&single) >= 100, "the nominal price alone");
    assert!(count(&tiered) >= 100, "quantity tiers");
    assert!(
        count(&|i| lists(i).len() >= 2) >= 100,
        "several price lists"
    );
    for item in items.iter().filter(|i| !prices(i).is_empty()) {
        assert_eq!(
            prices(item)[0]["pricelist"],
            "default",
            "the nominal price first"
        );
        assert_eq!(prices(item)[0]["quantity"], "1");
    }
    assert!(count(&|i| i["status"] == "offline") >= 50);
    assert!(count(&|i| i["status"] == "online" && i["product"]["status"] == "offline") > 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_client_reads_every_price_shape_and_status() {
    let (sandbox, catalog) = store(Platform::Ugal).await;
    let listed = summaries(&catalog).await;
    let references: Vec<String> = listed.iter().map(|s| s.id.0.clone()).collect();
    let items = raw_items(&sandbox, &references[..400]).await;
    let summary = |id: &str| listed.iter().find(|s| s.id.0 == id).unwrap().clone();
    let unpriced = reference_where(&items, |i| prices(i).is_empty());
    assert_eq!(summary(&unpriced).price, None, "no price is never 0");
    let read = product(&catalog, &unpriced).await;
    assert!(read.prices.is_empty());
    assert_eq!(read.summary.price, None);
    let tiered = reference_where(&items, |i| tiered(i) && lists(i).len() >= 2);
    let read = product(&catalog, &tiered).await;
    let expected = items
        .iter()
        .find(|i| text_of(&i["reference"]) == tiered)
        .unwrap();
    assert_eq!(read.prices.len(), prices(expected).len());
    assert_eq!(
        read.summary.price.map(|m| m.to_string()),
        Some(text_of(&prices(expected)[0]["amount"]))
    );
    let offline = reference_where(&items, |i| i["status"] == "offline");
    assert_eq!(summary(&offline).status, Status::Disabled);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_detail_shows_the_price_lists_and_both_statuses() {
    let (sandbox, catalog) = store(Platform::Ugal).await;
    let listed = summaries(&catalog).await;
    let references: Vec<String> = listed.iter().map(|s| s.id.0.clone()).collect();
    let items = raw_items(&sandbox, &references[..400]).await;

    let unpriced = reference_where(&items, |i| prices(i).is_empty());
    let screen = detail_screen(Platform::Ugal, product(&catalog, &unpriced).await);
    assert!(
        row(&screen, "no price set").contains("none no price set"),
        "{screen}"
    );

    let single = reference_where(&items, single);
    let screen = detail_screen(Platform::Ugal, product(&catalog, &single).await);
    let section = &screen[screen
        .find("── Price lists")
        .expect("a Price lists section")..];
    assert_eq!(section.matches(" ×").count(), 1, "{screen}");

    let tiered = reference_where(&items, |i| tiered(i) && lists(i).len() >= 2);
    let expected = items
        .iter()
        .find(|i| text_of(&i["reference"]) == tiered)
        .unwrap();
    let screen = detail_screen(Platform::Ugal, product(&catalog, &tiered).await);
    for price in prices(expected) {
        let label = format!(
            "{} ×{}",
            text_of(&price["pricelist"]),
            text_of(&price["quantity"])
        );
        assert!(
            row(&screen, &label).contains(&format!("{label} {}", text_of(&price["amount"]))),
            "{label}\n{screen}"
        );
    }

    let hidden = reference_where(&items, |i| i["status"] == "offline");
    let screen = detail_screen(Platform::Ugal, product(&catalog, &hidden).await);
    assert!(
        row(&screen, "Status ").contains("Status offline"),
        "{screen}"
    );
    assert!(row(&screen, "Item ").contains("Item offline"), "{screen}");
    let product_offline = reference_where(&items, |i| {
        i["status"] == "online" && i["product"]["status"] == "offline"
    });
    let screen = detail_screen(Platform::Ugal, product(&catalog, &product_offline).await);
    assert!(
        row(&screen, "Product ").contains("Product offline"),
        "{screen}"
    );
    assert!(row(&screen, "Item ").contains("Item online"), "{screen}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_item_with_no_price_can_be_given_one() {
    let (sandbox, catalog) = store(Platform::Ugal).await;
    let listed = summaries(&catalog).await;
    let unpriced = listed
        .iter()
        .find(|s| s.price.is_none())
        .expect("an item with no price");
    let id = unpriced.id.clone();
    let patch = stockroom::catalog::model::ProductPatch {
        price: stockroom::catalog::model::Money::parse("19.90"),
        ..Default::default()
    };
    let sent = catalog.update(&id, &patch).await;
    assert!(sent.result.is_ok(), "{:?}", sent.result);
    let read = product(&catalog, &id.0).await;
    assert_eq!(
        read.prices.len(),
        1,
        "the nominal price alone: {:?}",
        read.prices
    );
    assert_eq!(
        read.summary.price.map(|m| m.to_string()).as_deref(),
        Some("19.90")
    );
    sandbox.shutdown().await;
}
