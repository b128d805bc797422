//! The UGAL simulator's PUT over real loopback HTTP: every rule and error code, 401, 403, 405.
#![cfg(test)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use stockroom::sandbox::{DEMO_UGAL_READONLY_TOKEN, DEMO_UGAL_TOKEN};

use crate::sandbox_ugal::{Api, Elem, doc_sample, parse_xml};
use crate::support::fixtures;

fn prices(item: &Elem) -> Vec<(String, String, String)> {
    item.child("prices")
        .children
        .iter()
        .map(|p| {
            (
                p.child("pricelist").text.clone(),
                p.child("quantity").text.clone(),
                p.child("amount").text.clone(),
            )
        })
        .collect()
}

fn triples(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

impl Api {
    async fn put(&self, url: &str, body: &str) -> (StatusCode, Elem) {
        self.xml(Method::PUT, url, Some(body)).await
    }
}

#[tokio::test]
async fn the_documented_update_replaces_inventory_and_the_whole_price_list() {
    let api = Api::start().await;
    let path = "/api/v1/items/911-blue.xml";
    let before = api.get(&format!("{}{path}", api.vat)).await;
    assert_eq!(prices(&before).len(), 2, "default and pro");
    let body = &fixtures::text("ugal/put-body.xml");
    let (status, item) = api.put(&format!("{}{path}", api.vat), body).await;
    assert_eq!(status, StatusCode::OK, "{item:?}");
    assert_eq!(item.shape(), doc_sample("item").shape());
    assert_eq!(item.child("reference").text, "911-blue");
    assert_eq!(item.child("inventory").text, "2");
    assert_eq!(prices(&item), triples(&[("default", "1", "9200.00")]));
    // 9200.00 − 9200.00 / 1.196 = 1507.6923…
    assert_eq!(
        item.child("prices").children[0].child("vat").text,
        "1507.69"
    );
    let after = api.get(&format!("{}{path}", api.vat)).await;
    assert_eq!(after.to_json(), item.to_json());
    let plain = api.get(&format!("{}{path}", api.plain)).await;
    assert_eq!(
        plain.child("inventory").text,
        "3",
        "the other site is another shop"
    );
}

#[tokio::test]
async fn defaults_order_and_partial_updates() {
    let api = Api::start().await;
    let url = format!("{}/api/v1/items/911-red.xml", api.plain);
    let body = "<item><prices>\
        <price><pricelist>wholesale</pricelist><quantity>50</quantity><amount>7000</amount></price>\
        <price><amount>9300.5</amount><currency>usd</currency></price>\
        <price><pricelist>pro</pricelist><amount>8800.00</amount></price>\
        <price><quantity>10</quantity><amount>9000</amount></price>\
        </prices></item>";
    let (status, item) = api.put(&url, body).await;
    assert_eq!(status, StatusCode::OK, "{item:?}");
    assert_eq!(
        prices(&item),
        triples(&[
            ("default", "1", "9300.50"),
            ("default", "10", "9000.00"),
            ("pro", "1", "8800.00"),
            ("wholesale", "50", "7000.00"),
        ])
    );
    assert_eq!(item.child("inventory").text, "1", "inventory untouched");
    assert!(
        item.child("prices")
            .children
            .iter()
            .all(|p| p.child("currency").text == "eur")
    );
    assert!(
        item.child("prices").children[0]
            .children
            .iter()
            .all(|c| c.name != "vat")
    );

    let (status, item) = api
        .put(
            &url,
            "<item><inventory> 0 </inventory><label>x</label></item>",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(item.child("inventory").text, "0");
    assert_eq!(
        item.child("label").text,
        "Red",
        "only inventory and prices change"
    );
    assert_eq!(prices(&item).len(), 4, "prices untouched");
}

#[tokio::test]
async fn vat_is_the_included_part_rounded_half_up() {
    let api = Api::start().await;
    let rows = api.page(&api.vat, "catalogId=1").await;
    let reference = &rows[0].child("reference").text;
    let url = format!("{}/api/v1/items/{reference}.xml", api.vat);
    assert_eq!(api.get(&url).await.child("vatrate").text, "0.2000");
    // 0.03 − 0.03 / 1.2 = 0.005 exactly: half-up gives 0.01, half-even would give 0.00.
    let (status, item) = api
        .put(
            &url,
            "<item><prices><price><amount>0.03</amount></price></prices></item>",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let price = &item.child("prices").children[0];
    assert_eq!(
        (
            price.child("amount").text.as_str(),
            price.child("vat").text.as_str()
        ),
        ("0.03", "0.01")
    );
    let (_, item) = api
        .put(
            &url,
            "<item><prices><price><amount>120</amount></price></prices></item>",
        )
        .await;
    assert_eq!(item.child("prices").children[0].child("vat").text, "20.00");
}

#[tokio::test]
async fn each_broken_rule_has_its_code_and_changes_nothing() {
    let api = Api::start().await;
    let url = format!("{}/api/v1/items/911-red.xml", api.vat);
    let price = |inner: &str| format!("<item><prices><price>{inner}</price></prices></item>");
    let nominal = "<price><amount>1.00</amount></price>";
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "400.100 - Content missing or invalid"),
        (
            "not xml at all".into(),
            "400.100 - Content missing or invalid",
        ),
        (
            "<item><inventory>2</inventory>".into(),
            "400.100 - Content missing or invalid",
        ),
        (
            "<product><inventory>2</inventory></product>".into(),
            "400.100 - Content missing or invalid",
        ),
        (
            "<item/><item/>".into(),
            "400.100 - Content missing or invalid",
        ),
        (
            "<item><inventory>-1</inventory></item>".into(),
            "400.203 - Item inventory invalid",
        ),
        (
            "<item><inventory>1.5</inventory></item>".into(),
            "400.203 - Item inventory invalid",
        ),
        (
            "<item><inventory>lots</inventory></item>".into(),
            "400.203 - Item inventory invalid",
        ),
        (
            price("<amount>-1.00</amount>"),
            "400.204 - Price amount invalid",
        ),
        (
            price("<amount>1.234</amount>"),
            "400.204 - Price amount invalid",
        ),
        (
            price("<amount>1,50</amount>"),
            "400.204 - Price amount invalid",
        ),
        (
            price("<quantity>1</quantity>"),
            "400.204 - Price amount invalid",
        ),
        (
            format!(
                "<item><prices>{nominal}<price><quantity>0</quantity><amount>1</amount></price></prices></item>"
            ),
            "400.208 - Price quantity invalid",
        ),
        (
            format!(
                "<item><prices>{nominal}<price><quantity>2.5</quantity><amount>1</amount></price></prices></item>"
            ),
            "400.208 - Price quantity invalid",
        ),
        (
            format!(
                "<item><prices>{nominal}<price><pricelist>gold</pricelist><amount>1</amount></price></prices></item>"
            ),
            "400.209 - Pricelist invalid",
        ),
        (
            price("<pricelist>pro</pricelist><amount>1</amount>"),
            "400.210 - Nominal price not present",
        ),
        (
            "<item><prices></prices></item>".into(),
            "400.210 - Nominal price not present",
        ),
        (
            format!(
                "<item><prices>{nominal}<price><pricelist>default</pricelist><quantity>1</quantity><amount>2</amount></price></prices></item>"
            ),
            "400.211 - Duplicate price specification found",
        ),
    ];
    let before = api.get(&url).await.to_json();
    for (body, error) in cases {
        let (status, answer) = api.put(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.to_json(), json!([error]), "{body}");
    }
    for path in [
        "/api/v1/items/.xml",
        "/api/v1/items/a%2Fb.xml",
        "/api/v1/items/911/red.xml",
    ] {
        let (status, answer) = api
            .put(
                &format!("{}{path}", api.vat),
                "<item><inventory>1</inventory></item>",
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            answer.to_json(),
            json!(["400.202 - Item reference invalid"])
        );
    }
    assert_eq!(api.get(&url).await.to_json(), before, "nothing changed");
}

#[tokio::test]
async fn every_error_found_is_reported_together_and_nothing_changes() {
    let api = Api::start().await;
    let url = format!("{}/api/v1/items/911-red.xml", api.plain);
    let before = api.get(&url).await.to_json();
    let body = "<item><inventory>x</inventory><prices>\
        <price><pricelist>gold</pricelist><quantity>0</quantity><amount>1.234</amount></price>\
        <price><pricelist>pro</pricelist><amount>5</amount></price>\
        <price><pricelist>pro</pricelist><quantity>1</quantity><amount>6</amount></price>\
        <price><amount>oops</amount></price>\
        </prices></item>";
    let (status, answer) = api.put(&url, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.to_json(),
        json!([
            "400.203 - Item inventory invalid",
            "400.204 - Price amount invalid",
            "400.208 - Price quantity invalid",
            "400.209 - Pricelist invalid",
            "400.211 - Duplicate price specification found",
        ])
    );
    let (status, answer) = api
        .put(&format!("{}/api/v1/items/.xml", api.plain), "<nope>")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.to_json(),
        json!([
            "400.100 - Content missing or invalid",
            "400.202 - Item reference invalid"
        ])
    );
    assert_eq!(api.get(&url).await.to_json(), before);
    let (status, answer) = api
        .put(&format!("{}/api/v1/items/ghost.xml", api.plain), "junk")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer.to_json(), json!(["404 - Not Found"]));
}

#[tokio::test]
async fn json_updates_take_the_json_shape() {
    let api = Api::start().await;
    let url = format!("{}/api/v1/items/911-red.json", api.vat);
    let body = json!({"item": {"inventory": 4, "prices": [
        {"amount": "9500.00"},
        {"pricelist": "pro", "quantity": "10", "amount": 9000},
    ]}});
    let (status, item) = api.json(Method::PUT, &url, Some(&body.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    assert_eq!(item["item"]["inventory"], "4");
    assert_eq!(item["item"]["prices"][1]["amount"], "9000.00");
    assert_eq!(item["item"]["prices"][1]["quantity"], "10");
    assert_eq!(item["item"]["prices"].as_array().unwrap().len(), 2);
    for (body, error) in [
        (
            "<item><inventory>1</inventory></item>",
            "400.100 - Content missing or invalid",
        ),
        (
            r#"{"inventory": 1}"#,
            "400.100 - Content missing or invalid",
        ),
        (
            r#"{"item": {"prices": {"amount": "1"}}}"#,
            "400.100 - Content missing or invalid",
        ),
        (
            r#"{"item": {"inventory": -2}}"#,
            "400.203 - Item inventory invalid",
        ),
        (
            r#"{"item": {"prices": [{"pricelist": "pro", "amount": "1"}]}}"#,
            "400.210 - Nominal price not present",
        ),
    ] {
        let (status, answer) = api.json(Method::PUT, &url, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer, json!({ "errors": [error] }), "{body}");
    }
    let (_, now) = api.json(Method::GET, &url, None).await;
    assert_eq!(now, item);
}

#[tokio::test]
async fn the_read_only_token_reads_but_may_not_put() {
    let api = Api::start().await;
    let url = format!("{}/api/v1/items/911-red.xml", api.vat);
    let (status, _) = api
        .raw(DEMO_UGAL_READONLY_TOKEN, Method::GET, &url, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = "<item><inventory>9</inventory></item>".to_string();
    let (status, text) = api
        .raw(
            DEMO_UGAL_READONLY_TOKEN,
            Method::PUT,
            &url,
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(parse_xml(&text).to_json(), json!(["403 - Forbidden"]));
    let (status, text) = api
        .raw(
            DEMO_UGAL_READONLY_TOKEN,
            Method::PUT,
            &url.replace(".xml", ".json"),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"errors": ["403 - Forbidden"]})
    );
    let (status, _) = api.raw("wrong", Method::PUT, &url, Some(body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get(&url).await.child("inventory").text, "1");
    let (status, _) = api.raw(DEMO_UGAL_TOKEN, Method::GET, &url, None).await;
    assert_eq!(status, StatusCode::OK);
}
