//! CS-Cart: vendors, stock not tracked, hidden and disabled products, a variation group,
//! products not returnable and features of every type.

use std::collections::BTreeSet;

use reqwest::{Client, Method};
use serde_json::Value;
use stockroom::catalog::model::{Platform, Status, Stock};

use super::{detail_screen, product, row, store, summaries, text_of};
use crate::support::sandbox::{self, Reply};

/// Every product of the demo store as the sandbox sends it.
async fn raw_products(sandbox: &stockroom::sandbox::Sandbox) -> Vec<Value> {
    let endpoint = sandbox::endpoint(sandbox, Platform::Cscart);
    let request = sandbox::request(
        &Client::new(),
        endpoint,
        Method::GET,
        "/api/products?items_per_page=100000",
    );
    let body = Reply::read(request).await.json();
    body["products"].as_array().expect("products").clone()
}

fn field(product: &Value, key: &str) -> String {
    text_of(&product[key])
}

fn id_where(products: &[Value], key: &str, value: &str) -> String {
    products
        .iter()
        .find(|p| field(p, key) == value && !matches!(field(p, "product_id").as_str(), "12" | "17"))
        .map(|p| field(p, "product_id"))
        .unwrap_or_else(|| panic!("no product with {key} {value}"))
}

#[tokio::test]
async fn the_seed_has_every_kind_of_product_in_the_documented_shapes() {
    let (sandbox, _) = store(Platform::Cscart).await;
    let products = raw_products(&sandbox).await;
    let count = |key: &str, value: &str| products.iter().filter(|p| field(p, key) == value).count();
    assert!(count("tracking", "D") >= 20, "products not tracked");
    assert!(count("tracking", "B") > 1000, "most are tracked");
    assert!(count("is_returnable", "N") >= 20, "products not returnable");
    assert!(count("status", "D") >= 20 && count("status", "H") >= 20);
    let vendors: BTreeSet<String> = products.iter().map(|p| field(p, "company_id")).collect();
    assert_eq!(vendors.len(), 6, "{vendors:?}");
    let variations: Vec<&Value> = products
        .iter()
        .filter(|p| field(p, "product_type") == "V")
        .collect();
    assert_eq!(variations.len(), 3);
    for variation in &variations {
        assert_eq!(field(variation, "parent_product_id"), "40");
        assert_eq!(
            variation["variation_features"]["550"]["description"],
            "Size"
        );
    }
    let parent = products
        .iter()
        .find(|p| field(p, "product_id") == "40")
        .unwrap();
    assert_eq!(field(parent, "product_type"), "P");
    assert_eq!(field(parent, "parent_product_id"), "0");
    assert_eq!(parent["variation_features"]["550"]["variant"], "S");
    let types: BTreeSet<String> = products
        .iter()
        .filter_map(|p| p["product_features"].as_object())
        .flat_map(|features| features.values().map(|f| field(f, "feature_type")))
        .collect();
    assert_eq!(
        types.into_iter().collect::<Vec<_>>(),
        ["C", "E", "M", "O", "S", "T"],
        "features of every type but groups"
    );
    // Every value is a string, as the document says of every field but a few.
    let warranty = products
        .iter()
        .find_map(|p| p["product_features"].get("553"))
        .expect("a warranty");
    assert!(
        warranty["value_int"]
            .as_str()
            .is_some_and(|v| v.ends_with(".00")),
        "{warranty}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_client_reads_untracked_stock_hidden_and_disabled_products_right() {
    let (sandbox, catalog) = store(Platform::Cscart).await;
    let products = raw_products(&sandbox).await;
    let untracked = id_where(&products, "tracking", "D");
    let hidden = id_where(&products, "status", "H");
    let disabled = id_where(&products, "status", "D");
    let listed = summaries(&catalog).await;
    let summary = |id: &str| listed.iter().find(|s| s.id.0 == id).unwrap().clone();
    assert_eq!(summary(&untracked).stock, Stock::NotTracked);
    assert_eq!(summary(&hidden).status, Status::Hidden);
    assert_eq!(summary(&disabled).status, Status::Disabled);
    assert_eq!(
        product(&catalog, &untracked).await.summary.stock,
        Stock::NotTracked
    );
    let variation = product(&catalog, "42").await;
    assert_eq!(variation.summary.name, "Trail Running Jacket");
    assert_eq!(variation.raw["parent_product_id"], "40");
    assert_eq!(variation.raw["company_id"], "6");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_detail_shows_tracking_returns_vendor_and_features() {
    let (sandbox, catalog) = store(Platform::Cscart).await;
    let products = raw_products(&sandbox).await;
    let untracked = products
        .iter()
        .find(|p| field(p, "tracking") == "D" && field(p, "amount") != "0")
        .map(|p| field(p, "product_id"))
        .unwrap();
    let screen = detail_screen(Platform::Cscart, product(&catalog, &untracked).await);
    assert!(
        row(&screen, "Stock").contains("Stock not tracked"),
        "{screen}"
    );
    assert!(row(&screen, "Tracking").contains("not tracked (stock is not counted)"));
    let not_returnable = id_where(&products, "is_returnable", "N");
    let screen = detail_screen(Platform::Cscart, product(&catalog, &not_returnable).await);
    assert!(
        row(&screen, "Returns").contains("Returns not returnable"),
        "{screen}"
    );
    let warranty = products
        .iter()
        .find(|p| p["product_features"].get("553").is_some())
        .map(|p| (field(p, "product_id"), field(p, "company_id")))
        .unwrap();
    let screen = detail_screen(Platform::Cscart, product(&catalog, &warranty.0).await);
    let months = row(&screen, "Warranty");
    assert!(
        ["12 months", "24 months", "36 months"]
            .iter()
            .any(|m| months.contains(m)),
        "{screen}"
    );
    assert!(row(&screen, "Company ID").contains(&format!("Company ID {}", warranty.1)));
    assert!(
        row(&screen, "Tracking").contains("Tracking tracked"),
        "{screen}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_detail_tells_a_variation_group_s_main_product_from_its_variations() {
    let (sandbox, catalog) = store(Platform::Cscart).await;
    let screen = detail_screen(Platform::Cscart, product(&catalog, "40").await);
    assert!(screen.contains("── Variations"), "{screen}");
    assert!(row(&screen, "Role").contains("main product of its variation group"));
    assert!(!screen.contains("Variation of"), "{screen}");
    let screen = detail_screen(Platform::Cscart, product(&catalog, "41").await);
    assert!(
        row(&screen, "Variation of").contains("Variation of #40"),
        "{screen}"
    );
    let sizes: Vec<String> = screen
        .lines()
        .filter(|line| line.contains("Size "))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(sizes.iter().any(|line| line.contains("Size M")), "{screen}");
    assert!(
        row(&screen, "Material").contains("Recycled polyester"),
        "{screen}"
    );
    assert!(
        row(&screen, "Waterproof").contains("Waterproof yes"),
        "{screen}"
    );
    sandbox.shutdown().await;
}
