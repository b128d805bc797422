//! The part of a B2B Wave product a person may edit as raw JSON, and the checks made before it is sent.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::wire::{decimal_of, flag_of, whole_of};
use crate::catalog::model::Product;
use crate::catalog::raw_checks::{non_empty_text, shown, text};

/// Keys the raw editor offers, in the order it shows them.
///
/// judgment: the documented writable fields that are plain values. Left out: ids and
/// timestamps the server owns, `price1..3` and the other fields the table marks "not used",
/// images (base64 uploads), `vat_class_id` and `brand_id` (ids of lists the API cannot read),
/// and the read-only variants. Anything left out is refused before it is sent.
pub const EDITABLE: &[&str] = &[
    "name",
    "code",
    "description",
    "is_active",
    "status_id",
    "category_id",
    "minimum_quantity",
    "quantity",
    "quantity_monitor",
    "can_backorder",
    "meta_description",
    "width",
    "height",
    "length",
];

const TEXTS: &[&str] = &["description", "meta_description"];

/// The editable subset of a product's raw JSON, in `EDITABLE` order, with only the keys it has.
pub fn raw_editable(product: &Product) -> Map<String, Value> {
    let Some(object) = product.raw.as_object() else {
        return Map::new();
    };
    EDITABLE
        .iter()
        .filter_map(|key| {
            let value = match object.get(*key)? {
                Value::Null if TEXTS.contains(key) => Value::String(String::new()),
                other => other.clone(),
            };
            Some(((*key).to_owned(), value))
        })
        .collect()
}

/// Every problem with an edited body, one message each, naming its key; empty when it may be sent.
pub fn validate_raw(body: &Map<String, Value>) -> Vec<String> {
    if body.is_empty() {
        return vec!["nothing to change".to_owned()];
    }
    body.iter()
        .filter_map(|(key, value)| {
            let check = match key.as_str() {
                "name" => non_empty_text(key, value),
                "code" | "description" | "meta_description" => text(key, value),
                "is_active" | "quantity_monitor" | "can_backorder" => flag(key, value),
                "status_id" => one_of(key, value, &[1, 2, 3]),
                "category_id" => integer(key, value, 1),
                "minimum_quantity" => non_negative_decimal(key, value),
                "quantity" => integer(key, value, i64::MIN),
                "width" | "height" | "length" => non_negative_decimal(key, value),
                _ => Err(format!("key `{key}` cannot be changed here")),
            };
            check.err()
        })
        .collect()
}

fn flag(key: &str, value: &Value) -> Result<(), String> {
    match flag_of(value) {
        Some(_) => Ok(()),
        None => Err(format!(
            "`{key}` must be true or false, not {}",
            shown(value)
        )),
    }
}

fn integer(key: &str, value: &Value, min: i64) -> Result<(), String> {
    match whole_of(value) {
        Some(number) if number >= min => Ok(()),
        _ => {
            let what = if min == i64::MIN {
                "an integer"
            } else {
                "a positive integer"
            };
            Err(format!("`{key}` must be {what}, not {}", shown(value)))
        }
    }
}

fn one_of(key: &str, value: &Value, allowed: &[i64]) -> Result<(), String> {
    match whole_of(value) {
        Some(number) if allowed.contains(&number) => Ok(()),
        _ => {
            let allowed: Vec<String> = allowed.iter().map(i64::to_string).collect();
            Err(format!(
                "`{key}` must be one of {}, not {}",
                allowed.join(", "),
                shown(value)
            ))
        }
    }
}

fn non_negative_decimal(key: &str, value: &Value) -> Result<(), String> {
    match decimal_of(value) {
        Some(number) if number >= Decimal::ZERO => Ok(()),
        _ => Err(format!(
            "`{key}` must be a non-negative decimal, not {}",
            shown(value)
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn editable_keeps_the_documented_order_and_only_present_keys() {
        let raw = json!({
            "id": 12, "quantity": "5", "name": "Test", "price1": null, "is_active": true,
            "meta_description": null, "category_id": 1, "updated_at": "2016-09-11T20:05:07.000Z"
        });
        let product = super::super::wire::product_from_value(raw).unwrap();
        let editable = raw_editable(&product);
        let keys: Vec<&str> = editable.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "name",
                "is_active",
                "category_id",
                "quantity",
                "meta_description"
            ]
        );
        assert_eq!(editable["meta_description"], "");
    }

    #[test]
    fn numbers_may_be_numbers_or_numeric_strings() {
        let sound = body(json!({
            "name": "Pants", "code": "X1", "description": "", "is_active": "false",
            "status_id": "2", "category_id": 3, "minimum_quantity": "0.0", "quantity": "-2",
            "quantity_monitor": true, "can_backorder": 0, "meta_description": "m",
            "width": 1.5, "height": "2", "length": "0"
        }));
        assert_eq!(validate_raw(&sound), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_named_by_its_key() {
        let bad = body(json!({
            "id": 13, "name": " ", "code": 5, "is_active": "maybe", "status_id": 4,
            "category_id": 0, "minimum_quantity": "-1", "quantity": "1.5", "width": "wide"
        }));
        let problems = validate_raw(&bad);
        assert_eq!(problems.len(), bad.len(), "{problems:#?}");
        assert!(problems.contains(&"key `id` cannot be changed here".to_owned()));
        assert_eq!(validate_raw(&Map::new()), ["nothing to change"]);
    }
}
