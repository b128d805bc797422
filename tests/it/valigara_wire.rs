//! Valigara wire types against the examples of docs/platforms/valigara.md.

use serde_json::{Value, json};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::fields::{Field, FieldKind};
use stockroom::catalog::model::{
    Filters, ListQuery, Money, NewProduct, ProductPatch, Sku, SortField, SortOrder, Status, Stock,
};
use stockroom::catalog::ratelimit::RateLimit;
use stockroom::catalog::valigara::form::{FieldDescriptor, form_specs};
use stockroom::catalog::valigara::reply::{error_for, parse_reply};
use stockroom::catalog::valigara::search::search_data;
use stockroom::catalog::valigara::{schema, wire};

/// The product example: the first JSON block of the contract.
fn doc_product() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/platforms/valigara.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    serde_json::from_str(&doc[start..end]).unwrap()
}

#[test]
fn the_documented_product_parses_and_maps() {
    let raw = doc_product();
    let product = wire::product_from_value(raw.clone()).unwrap();
    let summary = &product.summary;
    assert_eq!(summary.id.0, "1001");
    assert_eq!(summary.sku, Sku("VR-1001".into()));
    assert_eq!(summary.name, "18K White Gold Diamond Solitaire Ring");
    assert_eq!(summary.price, Money::parse("1249.00"));
    assert_eq!(summary.price.unwrap().to_string(), "1249.00");
    assert_eq!(summary.stock, Stock::Quantity(3));
    assert_eq!(summary.status, Status::Active);
    assert_eq!(product.updated_at, Some(1_795_169_700));
    assert_eq!(
        product.description.as_deref(),
        Some("A classic solitaire ...")
    );
    assert_eq!(product.raw, raw);

    let editable = schema::raw_editable(&product);
    let keys: Vec<&str> = editable.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "title",
            "sku",
            "description",
            "category",
            "price",
            "quantity",
            "status",
            "metals",
            "gemstones",
            "images"
        ]
    );
    assert_eq!(schema::validate_raw(&editable), Vec::<String>::new());
}

#[test]
fn statuses_map_both_ways() {
    for (word, status) in [
        ("active", Status::Active),
        ("inactive", Status::Disabled),
        ("draft", Status::Other("draft".into())),
        ("sold", Status::Other("sold".into())),
    ] {
        assert_eq!(wire::status_from_word(word), status);
        assert_eq!(wire::status_word(&status), word);
    }
}

#[test]
fn odd_products_are_refused_or_kept_lenient() {
    assert!(wire::product_from_value(json!([1])).is_err());
    assert!(wire::product_from_value(json!({"title": "no id"})).is_err());
    assert!(wire::product_from_value(json!({"id": 1, "price": "abc"})).is_err());
    let lean =
        wire::product_from_value(json!({"id": "7", "price": 12.5, "updated_at": "soon"})).unwrap();
    assert_eq!(lean.summary.price, Money::parse("12.5"));
    assert_eq!(lean.summary.stock, Stock::NotTracked);
    assert_eq!(lean.updated_at, None);
}

#[test]
fn writes_send_only_what_changes() {
    let patch = ProductPatch {
        price: Money::parse("10"),
        status: Some(Status::Disabled),
        ..ProductPatch::default()
    };
    assert_eq!(
        wire::update_data(1001, &patch).unwrap(),
        json!({"id": 1001, "price": "10.00", "status": "inactive"})
    );
    let list_price = ProductPatch {
        list_price: Money::parse("1"),
        ..ProductPatch::default()
    };
    assert!(wire::update_data(1, &list_price).is_err());
    let new = NewProduct {
        name: "Ring".into(),
        sku: Some(Sku("R-1".into())),
        price: Money::parse("5").unwrap(),
        stock: Some(2),
        category_ids: vec![3],
        status: Status::Active,
    };
    assert_eq!(
        wire::import_data(&new),
        json!({"sku": "R-1", "title": "Ring", "price": "5.00", "quantity": 2, "status": "active"})
    );
    let raw = json!({"metals": [], "id": 9}).as_object().cloned().unwrap();
    assert_eq!(
        wire::raw_update_data(1001, &raw),
        json!({"id": 1001, "metals": []})
    );
}

#[test]
fn search_maps_filters_and_sort() {
    let query = ListQuery {
        sort: SortField::Stock,
        order: SortOrder::Descending,
        filters: Filters {
            name: Some(" ring ".into()),
            sku: Some("VR-1001".into()),
            category_id: Some(4),
            price_min: Money::parse("10"),
            price_max: Money::parse("99.5"),
            stock_min: Some(1),
            stock_max: Some(5),
            status: Some(Status::Disabled),
            category_name: Some("Rings".into()),
            ..Filters::default()
        },
        ..ListQuery::default()
    };
    assert_eq!(
        search_data(&query),
        json!({
            "title": "ring", "sku": "VR-1001", "status": "inactive", "category": "Rings",
            "price_from": "10.00", "price_to": "99.50", "quantity_from": 1, "quantity_to": 5,
            "sort": "quantity", "order": "desc"
        })
    );
    // `sort` and `order` are not in the document's copy: the default sort sends neither.
    assert_eq!(search_data(&ListQuery::default()), json!({}));
}

fn reply(status: Value, data: Value) -> stockroom::catalog::valigara::reply::Reply {
    let body = json!({"status": status, "data": data}).to_string();
    parse_reply(200, body.as_bytes()).unwrap()
}

#[test]
fn every_status_keeps_its_code_and_text() {
    let setup = error_for(&reply(json!(101), json!("Non HTTPS call")), None);
    assert!(
        matches!(&setup, CatalogError::Setup(m) if m.contains("requires https") && m.contains("101")),
        "{setup:?}"
    );
    assert_eq!(
        error_for(&reply(json!(102), json!("Authentication Failed")), None),
        CatalogError::Unauthorized {
            status: 200,
            message: "102 Authentication Failed: Authentication Failed".into()
        }
    );
    assert!(matches!(
        error_for(&reply(json!("103"), json!("read-only key")), None),
        CatalogError::Forbidden { message, .. } if message == "103 Unauthorized Request: read-only key"
    ));
    let rate = RateLimit {
        retry_after: Some(std::time::Duration::from_secs(900)),
        ..RateLimit::default()
    };
    assert!(matches!(
        error_for(&reply(json!(105), json!("Rate limit exceeded")), Some(&rate)),
        CatalogError::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 900
    ));
    assert_eq!(
        error_for(&reply(json!(201), json!("Product 5 not found")), None),
        CatalogError::NotFound {
            message: "201 Action Failed: Product 5 not found".into()
        }
    );
    for code in [200, 201, 300, 301, 302] {
        let error = error_for(&reply(json!(code), json!("why")), None);
        assert!(
            matches!(&error, CatalogError::Rejected { platform_code: Some(c), message, .. }
                if *c == code.to_string() && message.ends_with(": why")),
            "{error:?}"
        );
    }
    let invalid = error_for(
        &reply(
            json!(303),
            json!({"errors": {"price": "must be a non-negative decimal", "quantity": "must be an integer >= 0"}}),
        ),
        None,
    );
    assert_eq!(
        invalid,
        CatalogError::Rejected {
            status: 200,
            platform_code: Some("303".into()),
            message: "303 Invalid Data: price: must be a non-negative decimal; quantity: must be an integer >= 0".into()
        }
    );
}

#[test]
fn envelopes_that_are_not_one_are_malformed() {
    for body in [
        "",
        "[1,2]",
        "{\"data\": 1}",
        "<html><title>Down</title></html>",
        "{\"status\": 100, \"da",
    ] {
        let error = parse_reply(200, body.as_bytes()).unwrap_err();
        assert!(
            matches!(error, CatalogError::Malformed { status: 200, .. }),
            "{body}: {error:?}"
        );
    }
}

#[test]
fn listfields_become_the_form() {
    let fields: Vec<FieldDescriptor> = serde_json::from_value(json!([
        {"name": "sku", "type": "string", "required": true, "label": "SKU", "max_length": 64},
        {"name": "title", "type": "string", "required": true, "label": "Title"},
        {"name": "description", "type": "text", "required": false, "label": "Description"},
        {"name": "category", "type": "string", "required": false, "label": "Category"},
        {"name": "price", "type": "decimal", "required": true, "label": "Price"},
        {"name": "quantity", "type": "integer", "required": false, "label": "Quantity"},
        {"name": "status", "type": "enum", "values": ["active", "inactive", "draft"], "required": false, "label": "Status"},
        {"name": "metals", "type": "array", "label": "Metals", "fields": [
            {"name": "type", "type": "string", "required": true, "label": "Type"}
        ]}
    ]))
    .unwrap();
    assert_eq!(fields[7].fields[0].name, "type");
    let specs = form_specs(&fields);
    let shape: Vec<(Field, bool)> = specs.iter().map(|s| (s.field, s.required)).collect();
    assert_eq!(
        shape,
        [
            (Field::Name, true),
            (Field::Sku, true),
            (Field::Price, true),
            (Field::Stock, false),
            (Field::Status, false),
            (Field::Description, false)
        ]
    );
    assert_eq!(
        specs[4].kind,
        FieldKind::Choice(vec!["active".into(), "inactive".into(), "draft".into()])
    );
    assert_eq!(specs[5].kind, FieldKind::LongText);
}
