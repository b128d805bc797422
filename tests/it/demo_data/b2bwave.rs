//! B2B Wave: discontinued and coming-soon products (`status_id`), variants, and quantities
//! not monitored.

use reqwest::{Client, Method};
use serde_json::Value;
use stockroom::catalog::model::{Platform, Status, Stock};

use super::{detail_screen, product, row, store, summaries, text_of};
use crate::support::sandbox::{self, Reply};

async fn raw_products(sandbox: &stockroom::sandbox::Sandbox) -> Vec<Value> {
    let endpoint = sandbox::endpoint(sandbox, Platform::B2bwave);
    let request = sandbox::request(&Client::new(), endpoint, Method::GET, "/api/products");
    Reply::read(request)
        .await
        .json()
        .as_array()
        .expect("a bare array")
        .clone()
}

/// The first product (after the documented one) that `wanted` picks.
fn first(products: &[Value], wanted: impl Fn(&Value) -> bool) -> String {
    products
        .iter()
        .find(|p| p["id"] != 12 && wanted(p))
        .map(|p| text_of(&p["id"]))
        .expect("the seed has one")
}

#[tokio::test]
async fn the_seed_has_every_status_variants_and_unmonitored_quantities() {
    let (sandbox, _) = store(Platform::B2bwave).await;
    let products = raw_products(&sandbox).await;
    let count = |f: &dyn Fn(&Value) -> bool| products.iter().filter(|p| f(p)).count();
    for status in 1..=3 {
        // An integer, as the documented sample sends it.
        assert!(
            count(&|p| p["status_id"] == status) >= 30,
            "status_id {status}"
        );
    }
    assert!(count(&|p| p["status_id"] == 2 && p["is_active"] == true) > 0);
    let with_variants = count(&|p| {
        p["has_variants"] == true
            && p["product_variants"]
                .as_array()
                .is_some_and(|v| v.len() >= 2)
    });
    assert!(with_variants >= 50, "{with_variants}");
    assert!(count(&|p| p["quantity_monitor"] == false) >= 50);
    assert!(count(&|p| p["can_backorder"] == true) >= 50);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_client_reads_statuses_and_unmonitored_stock() {
    let (sandbox, catalog) = store(Platform::B2bwave).await;
    let products = raw_products(&sandbox).await;
    let inactive = first(&products, |p| p["is_active"] == false);
    let unmonitored = first(&products, |p| p["quantity_monitor"] == false);
    let listed = summaries(&catalog).await;
    let summary = |id: &str| listed.iter().find(|s| s.id.0 == id).unwrap().clone();
    assert_eq!(summary(&inactive).status, Status::Disabled);
    assert_eq!(summary(&unmonitored).stock, Stock::NotTracked);
    let discontinued = first(&products, |p| p["status_id"] == 2);
    let read = product(&catalog, &discontinued).await;
    assert_eq!(
        stockroom::catalog::b2bwave::wire::status_id_label(&read.raw).as_deref(),
        Some("discontinued")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_detail_shows_discontinued_coming_soon_and_variants() {
    let (sandbox, catalog) = store(Platform::B2bwave).await;
    let products = raw_products(&sandbox).await;
    let discontinued = first(&products, |p| {
        p["status_id"] == 2 && p["is_active"] == false
    });
    let screen = detail_screen(Platform::B2bwave, product(&catalog, &discontinued).await);
    assert!(
        row(&screen, "Status ").contains("Status inactive · discontinued"),
        "{screen}"
    );
    let section = &screen[screen.find("── Status").expect("a Status section")..];
    assert!(
        row(section, "discontinued").contains("│ Status discontinued"),
        "{screen}"
    );
    let coming = first(&products, |p| p["status_id"] == 3);
    let screen = detail_screen(Platform::B2bwave, product(&catalog, &coming).await);
    assert!(
        row(&screen, "Status ").contains("· coming soon"),
        "{screen}"
    );
    let varied = products
        .iter()
        .find(|p| p["id"] != 12 && p["has_variants"] == true)
        .unwrap();
    let screen = detail_screen(
        Platform::B2bwave,
        product(&catalog, &text_of(&varied["id"])).await,
    );
    assert!(screen.contains("── Variants"), "{screen}");
    for variant in varied["product_variants"].as_array().unwrap() {
        let code = variant["code"].as_str().unwrap();
        let option = &variant["option_values"][0];
        let expected = format!(
            "{code} {}: {}",
            text_of(&option["option"]),
            text_of(&option["value"])
        );
        assert!(
            row(&screen, code).contains(&expected),
            "{expected}\n{screen}"
        );
    }
    let unmonitored = first(&products, |p| p["quantity_monitor"] == false);
    let screen = detail_screen(Platform::B2bwave, product(&catalog, &unmonitored).await);
    assert!(
        row(&screen, "Stock").contains("Stock not tracked"),
        "{screen}"
    );
    assert!(
        row(&screen, "Quantity").contains("not monitored"),
        "{screen}"
    );
    sandbox.shutdown().await;
}
