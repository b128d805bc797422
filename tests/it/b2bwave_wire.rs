//! B2B Wave wire types against the samples copied from the API documentation into tests/fixtures/ and docs/platforms/b2bwave.md.

use serde_json::{Value, json};
use stockroom::catalog::b2bwave::{schema, wire};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{
    Money, NewProduct, ProductId, ProductPatch, Sku, Status, Stock, WarehouseStock,
};

use crate::support::fixtures;

fn list_sample() -> Value {
    fixtures::json("b2bwave/products-list.json")
}

/// The create request (first) and the update request (second): `{"product": {...}}`.
fn write_samples() -> Vec<Value> {
    vec![
        fixtures::json("b2bwave/create-request.json"),
        fixtures::json("b2bwave/update-request.json"),
    ]
}

fn create_response_sample() -> Value {
    fixtures::json("b2bwave/create-response.json")
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

fn product(value: Value) -> stockroom::catalog::model::Product {
    wire::product_from_value(value).unwrap()
}

#[test]
fn the_documented_list_parses_and_maps() {
    let sample = list_sample();
    let summaries = wire::decode_summaries(200, &bytes(&sample)).unwrap();
    assert_eq!(summaries.len(), 1);
    let summary = &summaries[0];
    assert_eq!(summary.id, ProductId("12".into()));
    assert_eq!(summary.sku, Sku("00001".into()));
    assert_eq!(summary.name, "Test Product");
    assert_eq!(summary.price, None);
    assert_eq!(summary.stock, Stock::NotTracked);
    assert_eq!(summary.status, Status::Active);

    let full = wire::decode_one(200, &bytes(&sample), &ProductId("12".into())).unwrap();
    assert_eq!(full.category_ids, [1]);
    assert_eq!(full.updated_at, Some(1_473_624_307));
    assert!(full.description.unwrap().starts_with("Lorem ipsum"));
    assert!(full.warehouses.is_empty());
    assert_eq!(full.raw, sample[0]);
    assert_eq!(full.raw["minimum_quantity"], "0.0");
    assert_eq!(full.raw["product_variants"][1]["code"], "mediumbgb");

    let missing = wire::decode_one(200, &bytes(&sample), &ProductId("13".into()));
    assert!(matches!(missing, Err(CatalogError::NotFound { .. })));
}

#[test]
fn the_documented_create_answer_maps_its_quantity() {
    let answer = wire::decode_product(201, &bytes(&create_response_sample())).unwrap();
    assert_eq!(answer.summary.id.0, "12");
    assert_eq!(answer.summary.stock, Stock::Quantity(10));
    assert_eq!(answer.updated_at, Some(1_473_624_307));
    assert_eq!(answer.raw["product_variants"], json!([]));
}

#[test]
fn create_and_patch_bodies_match_the_documented_requests() {
    let samples = write_samples();
    let (create, patch) = (&samples[0]["product"], &samples[1]["product"]);
    let new = NewProduct {
        name: "Test Product".into(),
        sku: Some(Sku("00001".into())),
        price: Money::parse("12.50").unwrap(),
        stock: Some(10),
        category_ids: vec![1, 7],
        status: Status::Active,
    };
    let body = wire::create_body(&new, Some(1));
    let sent = body["product"].as_object().unwrap();
    for (key, value) in sent {
        assert_eq!(&create[key], value, "{key}");
    }
    // price1..3 are documented as "not used": never written.
    assert!(!sent.contains_key("price1"));
    for required in ["name", "category_id", "vat_class_id", "is_active"] {
        assert!(sent.contains_key(required), "{required}");
    }
    // The store's own VAT class is sent; without one known, none is made up.
    assert_eq!(
        wire::create_body(&new, Some(3))["product"]["vat_class_id"],
        3
    );
    let unknown = wire::create_body(&new, None);
    assert!(unknown["product"].get("vat_class_id").is_none());
    let priced = ProductPatch {
        price: Money::parse("9"),
        stock: Some(1),
        ..ProductPatch::default()
    };
    assert!(matches!(
        wire::patch_body(&priced),
        Err(CatalogError::Unsupported(_))
    ));

    let change = ProductPatch {
        name: Some("Test Product Change".into()),
        stock: Some(9),
        status: Some(Status::Active),
        ..ProductPatch::default()
    };
    let body = wire::patch_body(&change).unwrap();
    let sent = body["product"].as_object().unwrap();
    assert_eq!(
        sent.keys().map(String::as_str).collect::<Vec<_>>(),
        ["name", "quantity", "is_active"]
    );
    for (key, value) in sent {
        assert_eq!(&patch[key], value, "{key}");
    }
    let list_price = ProductPatch {
        list_price: Money::parse("1"),
        ..ProductPatch::default()
    };
    assert!(matches!(
        wire::patch_body(&list_price),
        Err(CatalogError::Unsupported(_))
    ));
    let off = ProductPatch {
        status: Some(Status::Disabled),
        ..ProductPatch::default()
    };
    assert_eq!(
        wire::patch_body(&off).unwrap(),
        json!({"product": {"is_active": false}})
    );
}

#[test]
fn stock_bodies_follow_the_documented_forms() {
    assert_eq!(
        wire::stock_body("912398", 99),
        json!({"id": "912398", "quantity": "99"})
    );
    assert_eq!(
        wire::warehouse_stock_body("12", &[(1, 123), (2, 321)]),
        json!({"id": "12", "product": {"quantities": [
            {"warehouse_id": 1, "quantity": 123}, {"warehouse_id": 2, "quantity": 321}
        ]}})
    );
}

#[test]
fn numbers_arrive_as_strings_or_numbers_and_nulls_anywhere() {
    for quantity in [
        json!("99"),
        json!("99.0"),
        json!(99),
        json!(99.0),
        json!(" 99 "),
    ] {
        let read = product(json!({"id": 1, "quantity": quantity, "quantity_monitor": true}));
        assert_eq!(read.summary.stock, Stock::Quantity(99), "{quantity}");
    }
    let untracked = product(json!({"id": "2", "quantity": "5", "quantity_monitor": false}));
    assert_eq!(untracked.summary.stock, Stock::NotTracked);
    assert_eq!(untracked.summary.id.0, "2");
    let fraction = wire::product_from_value(json!({"id": 3, "quantity": "1.5"}));
    assert!(fraction.unwrap_err().contains("quantity"));

    let priced = product(json!({"id": 4, "price1": "203.775", "code": "", "part_number": "P-4"}));
    assert_eq!(priced.summary.price.unwrap().to_string(), "203.775");
    assert_eq!(priced.summary.sku, Sku("P-4".into()));
    let odd = product(json!({
        "id": 5, "price1": "", "is_active": "false", "updated_at": "last week",
        "category_id": null, "description": null, "name": null, "quantity": null
    }));
    assert_eq!(odd.summary.price, None);
    assert_eq!(odd.summary.status, Status::Disabled);
    assert_eq!(odd.summary.stock, Stock::NotTracked);
    assert_eq!((odd.updated_at, odd.description), (None, None));
    assert!(odd.category_ids.is_empty());
    let unknown = product(json!({"id": 6, "is_active": null}));
    assert_eq!(unknown.summary.status, Status::Other("unknown".into()));
    assert!(wire::product_from_value(json!({"id": 7, "price1": "ten"})).is_err());
}

#[test]
fn warehouses_come_from_quantities() {
    let read = product(json!({
        "id": 12, "quantity": "99", "quantity_monitor": true,
        "quantities": [
            {"warehouse_id": 1, "warehouse_code": "MAIN", "warehouse_name": "Main warehouse", "quantity": "60"},
            {"warehouse_id": "2", "warehouse_code": "EAST", "warehouse_name": null, "quantity": 39}
        ]
    }));
    assert_eq!(
        read.warehouses,
        [
            WarehouseStock {
                id: 1,
                code: "MAIN".into(),
                name: "Main warehouse".into(),
                quantity: 60
            },
            WarehouseStock {
                id: 2,
                code: "EAST".into(),
                name: String::new(),
                quantity: 39
            }
        ]
    );
    assert!(wire::product_from_value(json!({"id": 1, "quantities": [{"quantity": 1}]})).is_err());
}

#[test]
fn unexpected_shapes_are_malformed_not_panics() {
    for body in [
        &b"{\"products\": []}"[..],
        b"[1, 2]",
        b"[{\"name\": \"no id\"}]",
        b"[{\"id\": 1,",
        b"<html><title>Oops</title></html>",
        b"",
    ] {
        let read = wire::decode_summaries(200, body);
        assert!(
            matches!(read, Err(CatalogError::Malformed { status: 200, .. })),
            "{read:?}"
        );
    }
}

#[test]
fn the_raw_editor_offers_the_documented_writable_fields() {
    let full = product(create_response_sample());
    let editable = schema::raw_editable(&full);
    assert_eq!(
        editable.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "name",
            "code",
            "description",
            "is_active",
            "status_id",
            "category_id",
            "minimum_quantity",
            "quantity",
            "quantity_monitor",
            "meta_description"
        ]
    );
    assert_eq!(schema::validate_raw(&editable), Vec::<String>::new());
}
