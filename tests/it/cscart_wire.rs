//! CS-Cart wire types against the JSON examples copied from the API documentation into tests/fixtures/.

use reqwest::header::{HeaderMap, HeaderValue, WWW_AUTHENTICATE};
use serde::Deserialize;
use serde_json::{Value, json};
use stockroom::catalog::cscart::wire::{
    self, ListBody, ProductWrite, WireProduct, Written, id_list, lenient, object_or_empty,
};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{
    ListQuery, Money, NewProduct, ProductId, ProductPatch, Sku, Status, Stock,
};

use crate::support::fixtures;

fn list_example() -> Value {
    fixtures::json("cscart/products-list.json")
}

fn product_example() -> Value {
    fixtures::json("cscart/product-12.json")
}

fn money(text: &str) -> Option<Money> {
    Money::parse(text)
}

#[test]
fn list_example_maps_to_a_page() {
    let body = list_example();
    assert_eq!(body["params"]["total_items"], json!("247"));
    let bytes = serde_json::to_vec(&body).unwrap();
    let query = ListQuery {
        per_page: 2,
        ..ListQuery::default()
    };
    let page = wire::decode_list(200, &bytes, &query).unwrap();
    assert_eq!(
        (page.page, page.per_page, page.total, page.more),
        (1, 2, Some(247), true)
    );
    assert_eq!(page.items.len(), 2);
    let pants = &page.items[0];
    assert_eq!(pants.id, ProductId("12".into()));
    assert_eq!(pants.name, "100g Pants");
    assert_eq!(pants.sku, Sku("U0012O5AF0".into()));
    assert_eq!(pants.price, money("30.00"));
    assert_eq!(pants.stock, Stock::Quantity(10));
    assert_eq!(pants.status, Status::Active);
    let book = &page.items[1];
    assert_eq!(book.id, ProductId("17".into()));
    assert_eq!(book.price, money("11.16"));
}

#[test]
fn list_example_products_accept_features_as_object_and_as_empty_array() {
    let example = list_example();
    let body: ListBody = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(body.params.total_items, Some(247));
    assert_eq!(body.params.items_per_page, Some(2));
    assert_eq!(body.products.len(), 2);
    assert_eq!(body.products[1].category_ids, vec![222]);
    let pants = WireProduct::deserialize(&example["products"][0]).unwrap();
    assert!(pants.product_features.contains_key("18"));
    assert_eq!(example["products"][1]["product_features"], json!([]));
    let book = WireProduct::deserialize(&example["products"][1]).unwrap();
    assert!(book.product_features.is_empty());
    assert_eq!(book.category_ids, vec![222]);
}

#[test]
fn single_product_example_maps_and_keeps_the_raw_object_in_order() {
    let raw = product_example();
    let text = serde_json::to_string(&raw).unwrap();
    let product = wire::decode_product(200, text.as_bytes()).unwrap();
    assert_eq!(product.summary.id, ProductId("12".into()));
    assert_eq!(product.summary.name, "100g Pants");
    assert_eq!(product.summary.sku, Sku("U0012O5AF0".into()));
    assert_eq!(product.summary.price, money("30.00"));
    assert_eq!(product.list_price, money("31.00"));
    assert_eq!(product.summary.stock, Stock::Quantity(10));
    assert_eq!(product.summary.status, Status::Active);
    assert_eq!(product.category_ids, vec![224]);
    assert_eq!(product.updated_at, Some(1_383_893_547));
    assert_eq!(product.raw, raw);
    let keys: Vec<&String> = product.raw.as_object().unwrap().keys().take(3).collect();
    assert_eq!(keys, ["product_id", "product", "product_type"]);
}

#[test]
fn tracking_d_means_not_tracked_and_unknown_status_is_kept() {
    let raw = json!({"product_id": 5, "product": "Gift card", "amount": "0",
        "tracking": "D", "status": "X", "price": 12.5});
    let product = wire::product_from_value(raw).unwrap();
    assert_eq!(product.summary.stock, Stock::NotTracked);
    assert_eq!(product.summary.status, Status::Other("X".into()));
    assert_eq!(product.summary.id, ProductId("5".into()));
    assert_eq!(product.summary.price, money("12.50"));
}

#[test]
fn create_and_update_examples_read_as_write_bodies() {
    let create: ProductWrite =
        serde_json::from_value(fixtures::json("cscart/create.json")).unwrap();
    assert_eq!(create.product.as_deref(), Some("Product Name"));
    // The doc sends a single category id as a string; the wire types take it as a list.
    assert_eq!(create.category_ids, Some(vec![166]));
    assert_eq!(create.price.as_deref(), Some("1000"));

    let vendor = fixtures::json("cscart/create-for-vendor.json");
    let vendor: ProductWrite = serde_json::from_value(vendor).unwrap();
    assert_eq!(vendor.product.as_deref(), Some("Vendor's Product Name"));

    let update = fixtures::json("cscart/update.json");
    let update: ProductWrite = serde_json::from_value(update.clone()).unwrap();
    let ours = ProductWrite::from_patch(&ProductPatch {
        name: Some("100g Pants Updated".into()),
        price: money("31.00"),
        list_price: money("35.00"),
        stock: Some(15),
        ..ProductPatch::default()
    });
    assert_eq!(update, ours);
    assert_eq!(
        ours.to_json(),
        json!({"product": "100g Pants Updated", "price": "31.00", "list_price": "35.00", "amount": "15"})
    );

    let feature = fixtures::json("cscart/update-feature.json");
    let feature = WireProduct::deserialize(&feature).unwrap();
    assert!(feature.product_features.contains_key("18"));

    let created = fixtures::json("cscart/created.json");
    let created: Written = serde_json::from_value(created).unwrap();
    assert_eq!(created.product_id.as_deref(), Some("391"));
}

#[test]
fn image_examples_are_not_valid_json_in_the_doc() {
    // These two examples carry `//` comments and trailing commas (and the update one
    // is a fragment, not an object): they document shape only, so they are not parsed.
    for name in ["create-with-images.txt", "update-image.txt"] {
        let text = fixtures::text(&format!("cscart/{name}"));
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{name}");
    }
}

#[test]
fn new_product_is_sent_with_string_values_and_integer_categories() {
    let body = ProductWrite::from_new(&NewProduct {
        name: "Socks".into(),
        sku: Some(Sku("SOCK-1".into())),
        price: Money::parse("4.5").unwrap(),
        stock: Some(7),
        category_ids: vec![166, 224],
        status: Status::Hidden,
    })
    .to_json();
    assert_eq!(
        body,
        json!({"product": "Socks", "product_code": "SOCK-1", "price": "4.50",
            "amount": "7", "status": "H", "category_ids": [166, 224]})
    );
    assert_eq!(ProductWrite::stock(-2).to_json(), json!({"amount": "-2"}));
}

#[derive(Debug, Deserialize)]
struct Probe {
    #[serde(default, deserialize_with = "lenient")]
    n: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    s: Option<String>,
    #[serde(default, deserialize_with = "id_list")]
    ids: Vec<u64>,
    #[serde(default, deserialize_with = "object_or_empty")]
    map: serde_json::Map<String, Value>,
}

fn probe(value: Value) -> Result<Probe, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn lenient_reads_strings_numbers_null_and_empty() {
    assert_eq!(probe(json!({"n": "10"})).unwrap().n, Some(10));
    assert_eq!(probe(json!({"n": 10})).unwrap().n, Some(10));
    assert_eq!(probe(json!({"n": " -3 "})).unwrap().n, Some(-3));
    assert_eq!(probe(json!({"n": ""})).unwrap().n, None);
    assert_eq!(probe(json!({"n": null})).unwrap().n, None);
    assert_eq!(probe(json!({})).unwrap().n, None);
    assert_eq!(probe(json!({"s": 391})).unwrap().s.as_deref(), Some("391"));
    assert!(probe(json!({"n": "ten"})).is_err());
    assert!(probe(json!({"n": [1]})).is_err());
}

#[test]
fn ids_and_objects_accept_php_shapes() {
    assert_eq!(probe(json!({"ids": [224, "225"]})).unwrap().ids, [224, 225]);
    assert_eq!(probe(json!({"ids": "166, 167"})).unwrap().ids, [166, 167]);
    assert_eq!(probe(json!({"ids": 7})).unwrap().ids, [7]);
    assert!(probe(json!({"ids": ["x"]})).is_err());
    assert!(probe(json!({"map": []})).unwrap().map.is_empty());
    assert!(
        probe(json!({"map": {"18": {}}}))
            .unwrap()
            .map
            .contains_key("18")
    );
    assert!(probe(json!({"map": ["a"]})).unwrap().map.contains_key("0"));
}

#[test]
fn list_accepts_empty_array_params_and_numbers_as_strings() {
    let body = br#"{"products": [], "params": []}"#;
    let page = wire::decode_list(200, body, &ListQuery::default()).unwrap();
    assert_eq!((page.page, page.total, page.more), (1, None, false));
    let body = br#"{"products": [{"product_id": "1", "amount": 3}],
        "params": {"page": "2", "items_per_page": "1", "total_items": 2}}"#;
    let page = wire::decode_list(200, body, &ListQuery::default()).unwrap();
    assert_eq!(
        (page.page, page.per_page, page.total, page.more),
        (2, 1, Some(2), false)
    );
}

#[test]
fn html_error_page_is_malformed_with_its_title() {
    let html = b"<!DOCTYPE html>\n<html><head><title>\n  502 Bad Gateway </title></head><body>nginx</body></html>";
    let error = wire::decode_product(200, html).unwrap_err();
    assert_eq!(
        error,
        CatalogError::Malformed {
            status: 200,
            reason: "HTML page instead of JSON: 502 Bad Gateway".into()
        }
    );
    let error = wire::error_for(502, &HeaderMap::new(), html, None);
    assert!(
        matches!(&error, CatalogError::Server { status: 502, message } if message.contains("502 Bad Gateway")),
        "{error:?}"
    );
}

#[test]
fn truncated_or_empty_json_is_malformed_with_the_position() {
    let error = wire::decode_product(200, br#"{"product_id": "12", "product": "100g"#).unwrap_err();
    let CatalogError::Malformed { status, reason } = error else {
        panic!("{error:?}")
    };
    assert_eq!(status, 200);
    assert!(reason.starts_with("invalid JSON: "), "{reason}");
    assert!(reason.contains("line 1 column"), "{reason}");
    let error = wire::decode_written_id(201, b"").unwrap_err();
    assert!(matches!(error, CatalogError::Malformed { reason, .. } if reason.contains("empty")));
    let error = wire::decode_list(200, br#"{"products": "none"}"#, &ListQuery::default());
    assert!(
        matches!(error, Err(CatalogError::Malformed { reason, .. }) if reason.starts_with("unexpected JSON"))
    );
}

#[test]
fn huge_bodies_never_make_huge_messages() {
    let long = format!("{{\"message\": \"{}\"}}", "x".repeat(100_000));
    let error = wire::error_for(400, &HeaderMap::new(), long.as_bytes(), None);
    assert!(error.to_string().len() < 400, "{}", error.to_string().len());
    let truncated = format!("{{\"product\": \"{}", "y".repeat(100_000));
    let error = wire::decode_product(200, truncated.as_bytes()).unwrap_err();
    assert!(error.to_string().len() < 400);
}

#[test]
fn error_statuses_map_to_typed_errors_with_server_messages() {
    let mut headers = HeaderMap::new();
    headers.insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"User email/API key\""),
    );
    let unauthorized = wire::error_for(
        401,
        &headers,
        br#"{"message": "Unauthorized", "status": 401}"#,
        None,
    );
    assert_eq!(
        unauthorized,
        CatalogError::Unauthorized {
            status: 401,
            message: "Unauthorized (realm \"User email/API key\")".into()
        }
    );
    let none = HeaderMap::new();
    let missing = wire::error_for(
        404,
        &none,
        br#"{"message": "Not Found", "status": 404}"#,
        None,
    );
    assert_eq!(
        missing,
        CatalogError::NotFound {
            message: "Not Found".into()
        }
    );
    let refused = wire::error_for(
        400,
        &none,
        br#"{"message": "Bad Request", "messages": ["Bad Request", "price: not a number"], "errors": [{"message": "category_ids required"}]}"#,
        None,
    );
    assert_eq!(
        refused,
        CatalogError::Rejected {
            status: 400,
            platform_code: None,
            message: "Bad Request; price: not a number; category_ids required".into()
        }
    );
    assert!(matches!(wire::error_for(415, &none, b"", None),
        CatalogError::Rejected { status: 415, message, .. } if message == "Unsupported Media Type"));
    assert!(matches!(
        wire::error_for(422, &none, b"{}", None),
        CatalogError::Rejected { status: 422, .. }
    ));
    assert!(matches!(
        wire::error_for(403, &none, b"", None),
        CatalogError::Forbidden { status: 403, .. }
    ));
    assert!(matches!(wire::error_for(503, &none, b"busy", None),
        CatalogError::Server { status: 503, message } if message == "busy"));
    let rate = stockroom::catalog::ratelimit::RateLimit {
        retry_after: Some(std::time::Duration::from_secs(7)),
        ..Default::default()
    };
    assert!(matches!(wire::error_for(429, &none, b"", Some(&rate)),
        CatalogError::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 7));
}
