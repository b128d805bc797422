//! Values that settle: a price with more decimals than the store keeps is rounded before it is
//! sent, so running the same file again sends nothing; a value the store cannot keep is refused.

use stockroom::basket::check::{Verdict, check};
use stockroom::basket::{Change, FieldChange};
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{
    Money, Platform, Product, ProductId, ProductSummary, Sku, Status, Stock,
};

use crate::bulk_cli::{store, tracked};

/// Applies a price of three decimals to one product of `platform`, twice.
fn a_rounded_price_settles(platform: &str) {
    let store = store(platform, &[], 10);
    let (_, rows) = store.export_csv();
    let (sku, stock, price) = tracked(&rows)[0].clone();
    let asked = Money(Money::parse(&price).unwrap().0 + rust_decimal::Decimal::new(1005, 3));
    let kept = Money(Money::parse(&price).unwrap().0 + rust_decimal::Decimal::new(101, 2));
    let file = store.file(
        "prices.csv",
        &format!("sku,stock,price\n{sku},{stock},{asked}\n"),
    );
    let warning = format!(
        "line 2: warning: price {} for SKU {sku} rounded to {kept}",
        asked.0
    );

    let dry = store.apply(&file, true);
    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    assert!(dry.stdout.contains(&warning), "{}", dry.stdout);
    assert!(
        dry.stdout.contains(&format!("price {price} -> {kept}")),
        "the dry run shows the value that will be sent: {}",
        dry.stdout
    );

    let first = store.apply(&file, false);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert!(first.stdout.contains(&warning), "{}", first.stdout);
    assert!(
        first.stdout.contains("sent 1, already applied 0"),
        "{}",
        first.stdout
    );
    let after = store.export_csv().1;
    let row = after.iter().find(|r| r[1] == sku).unwrap();
    assert_eq!(Money::parse(&row[3]), Some(kept), "{platform}");

    let second = store.apply(&file, false);
    assert_eq!(second.code, 0, "{}{}", second.stdout, second.stderr);
    assert!(
        second.stdout.contains("nothing to send") && second.stdout.contains("sent 0,"),
        "a rerun of the same file sends nothing: {}",
        second.stdout
    );
}

#[test]
fn cscart_a_rounded_price_is_sent_once() {
    a_rounded_price_settles("cscart");
}

#[test]
fn ugal_a_rounded_price_is_sent_once() {
    a_rounded_price_settles("ugal");
}

#[test]
fn valigara_a_rounded_price_is_sent_once() {
    a_rounded_price_settles("valigara");
}

#[test]
fn a_stock_the_store_cannot_keep_is_refused_before_sending() {
    let store = store("cscart", &[], 10);
    let (_, rows) = store.export_csv();
    let (sku, _, _) = tracked(&rows)[0].clone();
    let file = store.file("big.csv", &format!("sku,stock\n{sku},9000000\n"));
    let run = store.apply(&file, false);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "line 2: SKU {sku}: stock 9000000 is more than CS-Cart keeps (at most 8388607)"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(store.export_csv().1, rows, "nothing was sent");
}

fn product_priced(price: &str) -> Product {
    Product {
        summary: ProductSummary {
            id: ProductId("1".into()),
            sku: Sku("A".into()),
            name: "A".into(),
            price: Money::parse(price),
            stock: Stock::Quantity(1),
            status: Status::Active,
        },
        list_price: None,
        category_ids: vec![],
        updated_at: None,
        description: None,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw: serde_json::json!({"product_id": "1", "price": price}),
    }
}

#[test]
fn a_basket_price_the_store_kept_rounded_is_found_applied_not_in_conflict() {
    let change = Change::Edit {
        stock: None,
        fields: vec![FieldChange {
            field: Field::Price,
            from: "10.00".into(),
            to: "12.345".into(),
        }],
    };
    assert_eq!(
        check(Platform::Cscart, &change, &product_priced("12.35")),
        Verdict::AlreadyApplied
    );
    let pending = Change::Edit {
        stock: None,
        fields: vec![FieldChange {
            field: Field::Price,
            from: "10.00".into(),
            to: "12.35".into(),
        }],
    };
    assert_eq!(
        check(Platform::Cscart, &change, &product_priced("10.00")),
        Verdict::Send(pending),
        "the value sent is the one the store keeps"
    );
}
