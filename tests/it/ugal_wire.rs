//! UGAL wire types against the three XML samples copied from the API documentation into tests/fixtures/ and docs/platforms/ugal.md.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::json;
use stockroom::catalog::model::{Money, PriceTier, ProductId, Sku, Status, Stock};
use stockroom::catalog::ugal::{excluding_vat, schema, wire};

use crate::support::fixtures;

fn list_sample() -> String {
    sample("items")
}

fn item_sample() -> String {
    sample("item")
}

fn put_sample() -> String {
    sample("put-body")
}

/// The documented example `tests/fixtures/ugal/<name>.xml`, without its `{...}` marks.
fn sample(name: &str) -> String {
    fixtures::text(&format!("ugal/{name}.xml")).replace("{...}", "")
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

#[test]
fn the_documented_list_parses_and_maps() {
    let summaries = wire::decode_items(200, list_sample().as_bytes()).unwrap();
    assert_eq!(summaries.len(), 1);
    let row = &summaries[0];
    assert_eq!(row.id, ProductId("911-red".into()));
    assert_eq!(row.sku, Sku("911-red".into()));
    assert_eq!(row.name, "Porsche 911 — Red");
    assert_eq!(row.stock, Stock::Quantity(1));
    assert_eq!(row.status, Status::Active);
    assert_eq!(row.price, None, "the documented list carries no price");
}

#[test]
fn the_documented_item_parses_with_its_prices_and_vat() {
    let item = wire::decode_item(200, item_sample().as_bytes()).unwrap();
    assert_eq!(item.summary.id.0, "911-red");
    assert_eq!(item.summary.name, "Porsche 911 — Red");
    assert_eq!(item.summary.price, Some(money("9400.00")));
    assert_eq!(item.vat_rate, Some(Decimal::from_str("0.1960").unwrap()));
    assert_eq!(
        item.prices,
        [PriceTier {
            pricelist: "default".into(),
            quantity: 1,
            amount: money("9400.00"),
            vat: Some(money("1540.47")),
        }]
    );
    assert_eq!(item.raw["prices"][0]["currency"], "eur");
    assert_eq!(item.raw["product"]["id"], "2786");
    assert_eq!(
        schema::raw_editable(&item),
        json!({"inventory": 1, "prices": [
            {"pricelist": "default", "quantity": 1, "amount": "9400.00"}
        ]})
        .as_object()
        .cloned()
        .unwrap()
    );
}

#[test]
fn vat_comes_off_half_up_to_the_cent() {
    let rate = Decimal::from_str("0.1960").unwrap();
    assert_eq!(excluding_vat(money("9400.00"), rate), money("7859.53"));
    assert_eq!(
        (money("9400.00").0 - excluding_vat(money("9400.00"), rate).0).to_string(),
        "1540.47"
    );
}

#[test]
fn the_documented_put_body_is_what_the_client_writes() {
    let documented: wire::WireItem = quick_xml::de::from_str(&put_sample()).unwrap();
    assert_eq!(documented.inventory.as_deref(), Some("2"));
    let tiers = [PriceTier {
        pricelist: "default".into(),
        quantity: 1,
        amount: money("9200.00"),
        vat: None,
    }];
    let written = wire::item_body(Some(2), Some(&tiers));
    let squeezed: String = put_sample().split_whitespace().collect();
    assert_eq!(written, squeezed);
}

#[test]
fn a_list_price_may_be_text_or_an_amount() {
    let body = "<items><item><reference>a</reference><price>12.50</price></item>\
                <item><reference>b</reference><price><amount>3.00</amount></price></item></items>";
    let rows = wire::decode_items(200, body.as_bytes()).unwrap();
    assert_eq!(rows[0].price, Some(money("12.50")));
    assert_eq!(rows[1].price, Some(money("3.00")));
    assert_eq!(rows[0].stock, Stock::NotTracked);
    assert_eq!(rows[0].name, "a");
}

#[test]
fn a_price_change_keeps_every_other_tier() {
    let tier = |list: &str, quantity, amount| PriceTier {
        pricelist: list.into(),
        quantity,
        amount: money(amount),
        vat: None,
    };
    let tiers = [
        tier("pro", 1, "80.00"),
        tier("default", 1, "100.00"),
        tier("default", 10, "90.00"),
    ];
    let changed = wire::with_nominal(&tiers, money("95.00"));
    assert_eq!(
        changed,
        [
            tier("pro", 1, "80.00"),
            tier("default", 1, "95.00"),
            tier("default", 10, "90.00")
        ]
    );
    let none = wire::with_nominal(&[tier("pro", 1, "80.00")], money("1.00"));
    assert_eq!(none.len(), 2);
    assert_eq!(none[0], tier("default", 1, "1.00"));
}

#[test]
fn a_product_lists_its_items_under_its_title() {
    let body = "<product><id>2786</id><title>Porsche 911</title><status>offline</status>\
        <url>http://s/cars/porsche-911</url><catalog><id>12</id><title>Cars</title></catalog>\
        <items><item><reference>911-red</reference><status>online</status><label>Red</label>\
        <inventory>1</inventory></item></items></product>";
    let product = stockroom::catalog::ugal::product::decode_product(200, body.as_bytes()).unwrap();
    assert_eq!(product.id, 2786);
    assert_eq!(product.status, Status::Disabled);
    assert_eq!(product.catalog, Some((12, "Cars".into())));
    assert_eq!(product.items[0].name, "Porsche 911 — Red");
}
