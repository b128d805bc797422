//! The part of a CS-Cart product a person may edit as raw JSON, and the checks made before it is sent.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::catalog::model::Product;
use crate::catalog::raw_checks::{non_empty_text, shown, text};

/// Keys the raw editor offers, in the order it shows them.
///
/// judgment: these are the product's own settings, each a plain value CS-Cart stores as
/// given. Left out: ids and timestamps the server owns (`product_id`, `timestamp`,
/// `updated_timestamp`), nested structures with their own rules and partial-update
/// semantics (`product_features`, `main_pair`, `image_pairs`, `prices`, options), the
/// SEO name (a change breaks the storefront's links) and the rarely used flags, whose
/// effect a person editing text cannot see. Anything left out is refused before it is sent.
pub const EDITABLE: &[&str] = &[
    "product",
    "product_code",
    "price",
    "list_price",
    "amount",
    "status",
    "short_description",
    "full_description",
    "category_ids",
    "main_category",
    "tracking",
    "min_qty",
    "max_qty",
    "weight",
    "free_shipping",
    "avail_since",
    "company_id",
];

const DESCRIPTIONS: &[&str] = &["short_description", "full_description"];

/// The editable subset of a product's raw JSON, in `EDITABLE` order, with only the keys it has.
pub fn raw_editable(product: &Product) -> Map<String, Value> {
    editable_of(&product.raw)
}

fn editable_of(raw: &Value) -> Map<String, Value> {
    let Some(object) = raw.as_object() else {
        return Map::new();
    };
    EDITABLE
        .iter()
        .filter_map(|key| {
            let value = object.get(*key)?;
            let value = match value {
                // A description PHP sends as null is an empty text to the person editing it.
                Value::Null if DESCRIPTIONS.contains(key) => Value::String(String::new()),
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
    let mut problems = Vec::new();
    for (key, value) in body {
        let problem = match key.as_str() {
            "product" => non_empty_text(key, value),
            "product_code" | "short_description" | "full_description" => text(key, value),
            "price" | "list_price" | "weight" => non_negative_decimal(key, value),
            "amount" => integer(key, value, i64::MIN).map(|_| ()),
            "min_qty" | "max_qty" | "avail_since" => integer(key, value, 0).map(|_| ()),
            "main_category" | "company_id" => integer(key, value, 1).map(|_| ()),
            "status" => one_of(key, value, &["A", "D", "H"]),
            "tracking" => one_of(key, value, &["B", "D"]),
            "free_shipping" => one_of(key, value, &["Y", "N"]),
            "category_ids" => category_ids(value).map(|_| ()),
            _ => Err(format!("key `{key}` cannot be changed here")),
        };
        if let Err(message) = problem {
            problems.push(message);
        }
    }
    if let (Some(main), Some(ids)) = (body.get("main_category"), body.get("category_ids"))
        && let (Ok(main), Ok(ids)) = (integer("main_category", main, 1), category_ids(ids))
        && !ids
            .iter()
            .any(|id| i64::try_from(*id).is_ok_and(|id| id == main))
    {
        problems.push(format!(
            "`main_category` must be one of `category_ids`, not {main}"
        ));
    }
    problems
}

/// A string, or a number written without quotes: the API reads both.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn non_negative_decimal(key: &str, value: &Value) -> Result<(), String> {
    let number = scalar(value).and_then(|text| text.parse::<Decimal>().ok());
    match number {
        Some(number) if !number.is_sign_negative() || number.is_zero() => Ok(()),
        _ => Err(format!(
            "`{key}` must be a non-negative decimal, not {}",
            shown(value)
        )),
    }
}

fn integer(key: &str, value: &Value, min: i64) -> Result<i64, String> {
    let number = scalar(value).and_then(|text| text.parse::<i64>().ok());
    match number {
        Some(number) if number >= min => Ok(number),
        _ => {
            let what = match min {
                i64::MIN => "an integer",
                0 => "a non-negative integer",
                _ => "a positive integer",
            };
            Err(format!("`{key}` must be {what}, not {}", shown(value)))
        }
    }
}

fn one_of(key: &str, value: &Value, allowed: &[&str]) -> Result<(), String> {
    match value {
        Value::String(code) if allowed.contains(&code.as_str()) => Ok(()),
        other => Err(format!(
            "`{key}` must be one of {}, not {}",
            allowed.join(", "),
            shown(other)
        )),
    }
}

/// `[224, 225]`, `["224"]` or `"224,225"`, as the API accepts; at least one id.
fn category_ids(value: &Value) -> Result<Vec<u64>, String> {
    let error = || {
        format!(
            "`category_ids` must be a list of positive integers, not {}",
            shown(value)
        )
    };
    let items: Vec<Value> = match value {
        Value::Array(items) => items.clone(),
        Value::String(text) => text
            .split(',')
            .map(|part| Value::String(part.trim().to_owned()))
            .collect(),
        _ => return Err(error()),
    };
    let ids = items
        .iter()
        .map(|item| match item {
            Value::Number(n) => n.as_u64().filter(|id| *id > 0),
            Value::String(text) => text.trim().parse::<u64>().ok().filter(|id| *id > 0),
            _ => None,
        })
        .collect::<Option<Vec<u64>>>()
        .ok_or_else(error)?;
    if ids.is_empty() {
        Err(error())
    } else {
        Ok(ids)
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
            "product_id": "12", "amount": "5", "product": "Pants", "price": "30.00",
            "updated_timestamp": "1", "category_ids": [224], "full_description": null,
            "product_features": [], "status": "A"
        });
        let product = crate::catalog::cscart::wire::product_from_value(raw).unwrap();
        let editable = raw_editable(&product);
        let keys: Vec<&str> = editable.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "product",
                "price",
                "amount",
                "status",
                "full_description",
                "category_ids"
            ]
        );
        assert_eq!(editable["full_description"], "");
        assert!(editable_of(&json!([1, 2])).is_empty());
    }

    #[test]
    fn a_sound_body_has_no_problems() {
        let sound = body(json!({
            "product": "Pants", "price": "30.00", "list_price": 31, "weight": "0.5",
            "amount": "-2", "min_qty": 0, "max_qty": "10", "status": "H",
            "category_ids": "224, 225", "main_category": 225, "tracking": "B",
            "free_shipping": "N", "avail_since": "0", "company_id": "1",
            "product_code": "X1", "short_description": ""
        }));
        assert_eq!(validate_raw(&sound), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_named_by_its_key() {
        let bad = body(json!({
            "product_id": "13", "price": "-1", "list_price": "abc", "weight": true,
            "amount": "1.5", "min_qty": "-1", "status": "Z", "product": "  ",
            "category_ids": [224, 0], "tracking": "X", "free_shipping": "yes"
        }));
        let problems = validate_raw(&bad);
        assert_eq!(problems.len(), bad.len(), "{problems:#?}");
        assert!(problems.contains(&"key `product_id` cannot be changed here".to_owned()));
        for key in bad.keys().filter(|key| *key != "product_id") {
            let named = format!("`{key}`");
            assert!(
                problems.iter().any(|p| p.contains(&named)),
                "{key}: {problems:#?}"
            );
        }
    }

    #[test]
    fn an_empty_body_and_a_stray_main_category_are_refused() {
        assert_eq!(validate_raw(&Map::new()), ["nothing to change"]);
        let stray = body(json!({"category_ids": [224], "main_category": 225}));
        let problems = validate_raw(&stray);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("`main_category`"), "{problems:?}");
        assert!(!validate_raw(&body(json!({"category_ids": []}))).is_empty());
    }
}
