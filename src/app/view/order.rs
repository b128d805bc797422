//! Sorting a view by one column: each row's key taken once, then a parallel sort of the keys,
//! so a million rows compare plain values instead of looking each product up every time.

use std::cmp::Ordering;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::catalog::model::{ProductSummary, SortField, SortOrder, Status, Stock};

use super::super::rows::RowRef;

/// Bytes of a text's case-folded UTF-8 kept in its key; longer texts that tie on them are
/// compared in full.
const PREFIX: usize = 16;

/// One row's sort key: the value (`None`: the product has none, it goes last), then the row's
/// catalog position for ties.
enum Value<'a> {
    Text { prefix: u128, text: &'a str },
    Money(Decimal),
    Quantity(i64),
    Status(u8, &'a str),
}

struct Keyed<'a> {
    value: Option<Value<'a>>,
    position: u64,
    at: RowRef,
}

/// `rows` in the order of `field`, products without a value last either way, ties in catalog
/// order (`position` gives a row's place in the catalog).
pub fn sort<'a>(
    rows: Vec<RowRef>,
    field: SortField,
    order: SortOrder,
    product: impl Fn(&RowRef) -> Option<&'a ProductSummary> + Sync,
    position: impl Fn(&RowRef) -> u64 + Sync,
) -> Vec<RowRef> {
    let mut keyed: Vec<Keyed<'a>> = rows
        .into_par_iter()
        .map(|at| Keyed {
            value: product(&at).and_then(|p| value(p, field)),
            position: position(&at),
            at,
        })
        .collect();
    keyed.par_sort_unstable_by(|a, b| {
        let by_value = match (&a.value, &b.value) {
            (Some(x), Some(y)) => match order {
                SortOrder::Ascending => compare(x, y),
                SortOrder::Descending => compare(x, y).reverse(),
            },
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_value.then(a.position.cmp(&b.position))
    });
    keyed.into_iter().map(|keyed| keyed.at).collect()
}

fn value(product: &ProductSummary, field: SortField) -> Option<Value<'_>> {
    match field {
        SortField::Name | SortField::Updated => Some(text(&product.name)),
        SortField::Sku => Some(text(&product.sku.0)),
        SortField::Price => product.price.map(|price| Value::Money(price.0)),
        SortField::Stock => match product.stock {
            Stock::Quantity(quantity) => Some(Value::Quantity(quantity)),
            Stock::NotTracked => None,
        },
        SortField::Status => Some(match &product.status {
            Status::Active => Value::Status(0, ""),
            Status::Hidden => Value::Status(1, ""),
            Status::Disabled => Value::Status(2, ""),
            Status::Other(text) => Value::Status(3, text),
        }),
    }
}

fn text(text: &str) -> Value<'_> {
    let mut bytes = [0u8; PREFIX];
    let mut filled = 0;
    let mut buffer = [0u8; 4];
    'outer: for c in text.chars().flat_map(char::to_lowercase) {
        for &byte in c.encode_utf8(&mut buffer).as_bytes() {
            let Some(slot) = bytes.get_mut(filled) else {
                break 'outer;
            };
            *slot = byte;
            filled += 1;
        }
    }
    Value::Text {
        prefix: u128::from_be_bytes(bytes),
        text,
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (
            Value::Text {
                prefix: pa,
                text: a,
            },
            Value::Text {
                prefix: pb,
                text: b,
            },
        ) => pa.cmp(pb).then_with(|| natural(a, b)),
        (Value::Money(a), Value::Money(b)) => a.cmp(b),
        (Value::Quantity(a), Value::Quantity(b)) => a.cmp(b),
        (Value::Status(ra, a), Value::Status(rb, b)) => ra.cmp(rb).then_with(|| a.cmp(b)),
        _ => Ordering::Equal,
    }
}

/// Case-insensitive, then exact: the order a person expects of names and SKUs.
pub fn natural(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let fold = |byte: &u8| byte.to_ascii_lowercase();
        return a
            .as_bytes()
            .iter()
            .map(fold)
            .cmp(b.as_bytes().iter().map(fold))
            .then_with(|| a.cmp(b));
    }
    let fold = |c: char| c.to_lowercase();
    a.chars()
        .flat_map(fold)
        .cmp(b.chars().flat_map(fold))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_prefix_orders_as_the_whole_folded_text_does() {
        let texts = [
            "",
            "a",
            "A",
            "a\u{0}",
            "ab",
            "Ab",
            "Élan",
            "élan",
            "elan",
            "Ünïcode long name beyond sixteen",
            "unicode long name beyond sixteen bytes",
            "Straße",
            "STRASSE",
            "strasse",
            "zz",
            "Z",
        ];
        for a in texts {
            for b in texts {
                let keyed = compare(&text(a), &text(b));
                assert_eq!(keyed, natural(a, b), "{a:?} against {b:?}");
            }
        }
    }
}
