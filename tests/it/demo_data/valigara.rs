//! Valigara: active, inactive, draft and sold pieces, listed on several channels or none.

use std::collections::BTreeSet;

use reqwest::Client;
use serde_json::{Value, json};
use stockroom::catalog::model::{Platform, Status, Stock};
use stockroom::sandbox::Sandbox;

use super::{detail_screen, product, row, store, summaries, text_of};
use crate::support::sandbox;

/// Every product of the demo store as `products_export` sends it, a hundred at a time.
async fn raw_products(sandbox: &Sandbox) -> Vec<Value> {
    let endpoint = sandbox::endpoint(sandbox, Platform::Valigara);
    let url = format!("{}/client/V1/", endpoint.base_url);
    let client = Client::new();
    let mut out = Vec::new();
    for first in (1001u64..).step_by(100).take(12) {
        let ids: Vec<u64> = (first..first + 100).collect();
        let data = json!({ "ids": ids }).to_string();
        let form = [
            ("auth", endpoint.key.as_str()),
            ("action", "products_export"),
            ("data", data.as_str()),
        ];
        let body: Value = client
            .post(&url)
            .form(&form)
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("JSON");
        assert_eq!(body["status"], 100, "{body}");
        out.extend(
            body["data"]["products"]
                .as_array()
                .expect("products")
                .clone(),
        );
    }
    out
}

fn first(products: &[Value], wanted: impl Fn(&Value) -> bool) -> String {
    products
        .iter()
        .find(|p| p["id"] != 1001 && wanted(p))
        .map(|p| text_of(&p["id"]))
        .expect("the seed has one")
}

fn channels(product: &Value) -> Vec<Value> {
    product["channels"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_seed_has_every_status_and_listings_on_several_channels() {
    let (sandbox, _) = store(Platform::Valigara).await;
    let products = raw_products(&sandbox).await;
    assert_eq!(products.len(), 1200);
    let count = |f: &dyn Fn(&Value) -> bool| products.iter().filter(|p| f(p)).count();
    for status in ["active", "inactive", "draft", "sold"] {
        assert!(count(&|p| p["status"] == status) >= 20, "{status}");
    }
    assert!(
        count(&|p| p["status"] == "sold" && p["quantity"] != 0) == 0,
        "sold is 0 left"
    );
    assert!(
        count(&|p| p["status"] == "draft" && !channels(p).is_empty()) == 0,
        "drafts are not listed"
    );
    assert!(
        count(&|p| channels(p).len() >= 2) >= 100,
        "listed on several channels"
    );
    let names: BTreeSet<String> = products
        .iter()
        .flat_map(channels)
        .map(|c| text_of(&c["channel"]))
        .collect();
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["amazon", "ebay", "etsy"]
    );
    let states: BTreeSet<String> = products
        .iter()
        .flat_map(channels)
        .map(|c| text_of(&c["status"]))
        .collect();
    assert_eq!(states.into_iter().collect::<Vec<_>>(), ["ended", "listed"]);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_client_keeps_draft_and_sold_as_they_are() {
    let (sandbox, catalog) = store(Platform::Valigara).await;
    let products = raw_products(&sandbox).await;
    let listed = summaries(&catalog).await;
    let summary = |id: &str| listed.iter().find(|s| s.id.0 == id).unwrap().clone();
    let sold = first(&products, |p| p["status"] == "sold");
    assert_eq!(summary(&sold).status, Status::Other("sold".into()));
    assert_eq!(summary(&sold).stock, Stock::Quantity(0));
    let draft = first(&products, |p| p["status"] == "draft");
    assert_eq!(summary(&draft).status, Status::Other("draft".into()));
    assert_eq!(
        summary(&first(&products, |p| p["status"] == "inactive")).status,
        Status::Disabled
    );
    let several = first(&products, |p| channels(p).len() >= 2);
    let read = product(&catalog, &several).await;
    assert_eq!(
        read.raw["channels"],
        products
            .iter()
            .find(|p| text_of(&p["id"]) == several)
            .unwrap()["channels"]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_detail_shows_the_listing_state_and_every_channel() {
    let (sandbox, catalog) = store(Platform::Valigara).await;
    let products = raw_products(&sandbox).await;
    let several = products
        .iter()
        .find(|p| p["status"] == "active" && channels(p).len() == 3)
        .expect("a piece on every channel");
    let id = text_of(&several["id"]);
    let screen = detail_screen(Platform::Valigara, product(&catalog, &id).await);
    let listed = channels(several)
        .iter()
        .filter(|c| c["status"] == "listed")
        .count();
    assert!(
        row(&screen, "Listed on").contains(&format!("Listed on {listed} of 3 channels")),
        "{screen}"
    );
    for channel in channels(several) {
        let expected = format!(
            "{} #{} {} {}",
            text_of(&channel["channel"]),
            text_of(&channel["account_id"]),
            text_of(&channel["status"]),
            text_of(&channel["listing_id"]),
        );
        assert!(
            row(&screen, &text_of(&channel["listing_id"])).contains(&expected),
            "{expected}\n{screen}"
        );
    }
    let sold = first(&products, |p| p["status"] == "sold");
    let screen = detail_screen(Platform::Valigara, product(&catalog, &sold).await);
    assert!(row(&screen, "Status ").contains("Status sold"), "{screen}");
    let draft = first(&products, |p| p["status"] == "draft");
    let screen = detail_screen(Platform::Valigara, product(&catalog, &draft).await);
    assert!(row(&screen, "Status ").contains("Status draft"), "{screen}");
    assert!(
        row(&screen, "Listed on").contains("Listed on no channel"),
        "{screen}"
    );
    assert!(!screen.contains("── Channels"), "{screen}");
    sandbox.shutdown().await;
}
