//! The part of a Valigara product a person may edit as raw JSON, and the checks made before it is sent.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::catalog::model::Product;
use crate::catalog::raw_checks::{non_empty_text, text};

/// Keys the raw editor offers, in the order it shows them. Left out: `id`, `currency`,
/// `channels` (read-only) and `updated_at` (the server's).
pub const EDITABLE: &[&str] = &[
    "title",
    "sku",
    "description",
    "category",
    "price",
    "quantity",
    "status",
    "metals",
    "gemstones",
    "images",
];

/// Statuses a client may set; `sold` is the server's.
const SETTABLE_STATUSES: &[&str] = &["active", "inactive", "draft"];

/// The editable subset of a product's raw JSON, in `EDITABLE` order, with only the keys it has.
pub fn raw_editable(product: &Product) -> Map<String, Value> {
    let Some(object) = product.raw.as_object() else {
        return Map::new();
    };
    EDITABLE
        .iter()
        .filter_map(|key| Some(((*key).to_owned(), object.get(*key)?.clone())))
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
            "title" | "sku" => non_empty_text(key, value),
            "description" | "category" => text(key, value),
            "price" => decimal_text(key, value),
            "quantity" => non_negative_integer(key, value),
            "status" => match value {
                Value::String(word) if SETTABLE_STATUSES.contains(&word.as_str()) => Ok(()),
                other => Err(format!(
                    "`status` must be one of {}, not {other}",
                    SETTABLE_STATUSES.join(", ")
                )),
            },
            "metals" => entries(key, value, &[("weight", Check::Decimal)], true),
            "gemstones" => entries(
                key,
                value,
                &[("carat", Check::Decimal), ("count", Check::Integer)],
                true,
            ),
            "images" => entries(
                key,
                value,
                &[("url", Check::Text), ("position", Check::Integer)],
                false,
            ),
            _ => Err(format!("key `{key}` cannot be changed here")),
        };
        problems.extend(problem.err());
    }
    problems
}

#[derive(Clone, Copy)]
enum Check {
    Decimal,
    Integer,
    Text,
}

/// Money and weights travel as decimal strings, never as floats.
fn decimal_text(key: &str, value: &Value) -> Result<(), String> {
    match value {
        Value::String(text)
            if text
                .trim()
                .parse::<Decimal>()
                .is_ok_and(|d| !d.is_sign_negative() || d.is_zero()) =>
        {
            Ok(())
        }
        other => Err(format!(
            "`{key}` must be a non-negative decimal in quotes, like \"12.50\", not {other}"
        )),
    }
}

fn non_negative_integer(key: &str, value: &Value) -> Result<(), String> {
    match value.as_u64() {
        Some(_) => Ok(()),
        None => Err(format!("`{key}` must be a whole number >= 0, not {value}")),
    }
}

/// An array of objects; each entry's listed keys checked, and `type` required when asked.
fn entries(
    key: &str,
    value: &Value,
    checks: &[(&str, Check)],
    needs_type: bool,
) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Err(format!("`{key}` must be a list, not {value}"));
    };
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = format!("{key}[{index}]");
        let Value::Object(entry) = item else {
            problems.push(format!("`{at}` must be an object"));
            continue;
        };
        if needs_type
            && entry
                .get("type")
                .and_then(Value::as_str)
                .is_none_or(|t| t.trim().is_empty())
        {
            problems.push(format!("`{at}` needs a `type`"));
        }
        for (name, check) in checks {
            let Some(field) = entry.get(*name) else {
                continue;
            };
            let label = format!("{at}.{name}");
            let result = match check {
                Check::Decimal => decimal_text(&label, field),
                Check::Integer => non_negative_integer(&label, field),
                Check::Text => text(&label, field),
            };
            problems.extend(result.err());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
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
    fn a_sound_body_passes_and_bad_values_are_named() {
        let sound = body(json!({
            "title": "Ring", "price": "10.00", "quantity": 2, "status": "draft",
            "metals": [{"type": "gold", "weight": "3.20"}],
            "gemstones": [{"type": "diamond", "carat": "0.50", "count": 1}],
            "images": [{"url": "https://x/1.jpg", "position": 1}], "category": "Rings"
        }));
        assert_eq!(validate_raw(&sound), Vec::<String>::new());
        let bad = body(json!({
            "id": 3, "price": 10.5, "quantity": -1, "status": "sold",
            "metals": [{"weight": "3"}], "gemstones": [{"type": "ruby", "carat": 1}]
        }));
        let problems = validate_raw(&bad);
        assert_eq!(problems.len(), bad.len(), "{problems:#?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`metals[0]` needs a `type`"))
        );
        assert!(problems.iter().any(|p| p.contains("`gemstones[0].carat`")));
        assert_eq!(validate_raw(&Map::new()), ["nothing to change"]);
    }
}
