//! A Valigara list page read from its `products_export` answer, against the documented product.

use serde_json::{Value, json};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{Money, Status, Stock};
use stockroom::catalog::valigara::reply::parse_reply;
use stockroom::catalog::valigara::search::decode_page;
use stockroom::catalog::valigara::wire;

/// The product example: the first JSON block of the contract.
fn doc_product() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/platforms/valigara.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    serde_json::from_str(&doc[start..end]).unwrap()
}

fn answer(status: Value, data: Value) -> Vec<u8> {
    json!({"status": status, "data": data})
        .to_string()
        .into_bytes()
}

#[test]
fn the_documented_product_reads_as_its_page_row() {
    let product = doc_product();
    let expected = wire::product_from_value(product.clone()).unwrap().summary;
    let body = answer(json!(100), json!({"products": [product], "missing": []}));
    let rows = decode_page(200, &body, &[1001]).unwrap();
    assert_eq!(rows, vec![expected.clone()]);
    assert_eq!(rows[0].name, "18K White Gold Diamond Solitaire Ring");
    assert_eq!(rows[0].price, Money::parse("1249.00"));
    assert_eq!(rows[0].stock, Stock::Quantity(3));
    assert_eq!(rows[0].status, Status::Active);

    let mut as_strings = doc_product();
    as_strings["id"] = json!("1001");
    as_strings["price"] = json!(1249);
    let partial = answer(
        json!("302"),
        json!({"products": [as_strings], "missing": [1002]}),
    );
    let rows = decode_page(200, &partial, &[1002, 1001]).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].status, Status::Other("missing".into()));
    assert!(rows[0].name.contains("product 1002 was not found"));
    assert_eq!(
        (rows[1].id.clone(), rows[1].price),
        (expected.id, expected.price)
    );
}

#[test]
fn refusals_and_broken_answers_keep_their_errors() {
    let none = answer(json!(201), json!("Products not found"));
    let rows = decode_page(200, &none, &[5, 6]).unwrap();
    assert!(rows.iter().all(|row| row.name.contains("was not found")));

    let too_many = answer(json!(303), json!({"errors": {"ids": "at most 100 ids"}}));
    match decode_page(200, &too_many, &[5]) {
        Err(CatalogError::Rejected {
            platform_code,
            message,
            ..
        }) => {
            assert_eq!(platform_code.as_deref(), Some("303"));
            assert!(message.contains("at most 100 ids"), "{message}");
        }
        other => panic!("expected a 303 refusal, got {other:?}"),
    }

    let cut = br#"{"status":100,"data":{"products":[{"id":1001,"title":"18K"#;
    let error = decode_page(200, cut, &[1001]).unwrap_err();
    assert_eq!(
        error.to_string(),
        parse_reply(200, cut).unwrap_err().to_string()
    );

    let bad_price = answer(json!(100), json!({"products": [{"id": 7, "price": "ten"}]}));
    let error = decode_page(200, &bad_price, &[7]).unwrap_err().to_string();
    assert!(
        error.contains("product 7: product 7 has price \"ten\""),
        "{error}"
    );
}
