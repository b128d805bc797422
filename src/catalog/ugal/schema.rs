//! The part of a UGAL item a person may edit as JSON (inventory and prices), its checks, and its XML.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::wire::price_xml;
use crate::catalog::b2bwave::wire::{decimal_of, text_of, whole_of};
use crate::catalog::model::{Product, Stock};

/// Keys the raw editor offers: the only two an item's PUT takes.
pub const EDITABLE: &[&str] = &["inventory", "prices"];

/// `{"inventory": 1, "prices": [{"pricelist": "default", "quantity": 1, "amount": "9400.00"}]}`.
pub fn raw_editable(product: &Product) -> Map<String, Value> {
    let mut editable = Map::new();
    if let Stock::Quantity(inventory) = product.summary.stock {
        editable.insert("inventory".into(), json!(inventory));
    }
    let prices: Vec<Value> = product
        .prices
        .iter()
        .map(|tier| {
            json!({
                "pricelist": tier.pricelist,
                "quantity": tier.quantity,
                "amount": tier.amount.to_string(),
            })
        })
        .collect();
    editable.insert("prices".into(), Value::Array(prices));
    editable
}

/// Every problem with an edited body, one message each, naming its key; empty when it may be sent.
pub fn validate_raw(body: &Map<String, Value>) -> Vec<String> {
    if body.is_empty() {
        return vec!["nothing to change".to_owned()];
    }
    let mut problems = Vec::new();
    for (key, value) in body {
        match key.as_str() {
            "inventory" => {
                if whole_of(value).is_none_or(|n| n < 0) {
                    problems.push(format!(
                        "`inventory` must be a whole number ≥ 0, not {value}"
                    ));
                }
            }
            "prices" => price_problems(value, &mut problems),
            _ => problems.push(format!("key `{key}` cannot be changed here")),
        }
    }
    problems
}

fn price_problems(value: &Value, problems: &mut Vec<String>) {
    let Value::Array(rows) = value else {
        problems.push(format!("`prices` must be a list, not {value}"));
        return;
    };
    for (index, row) in rows.iter().enumerate() {
        let at = format!("`prices[{index}]`");
        let Value::Object(price) = row else {
            problems.push(format!("{at} must be an object, not {row}"));
            continue;
        };
        for (key, value) in price {
            let problem = match key.as_str() {
                "pricelist" => match value {
                    Value::String(name) if !name.trim().is_empty() => None,
                    _ => Some("a price list name"),
                },
                "quantity" => whole_of(value)
                    .is_none_or(|q| q < 1 || q > i64::from(u32::MAX))
                    .then_some("a whole number ≥ 1"),
                "amount" => decimal_of(value)
                    .is_none_or(|a| a < Decimal::ZERO)
                    .then_some("a decimal ≥ 0"),
                _ => {
                    problems.push(format!("{at}: key `{key}` cannot be sent"));
                    None
                }
            };
            if let Some(wanted) = problem {
                problems.push(format!("{at}.{key} must be {wanted}, not {value}"));
            }
        }
        if !price.contains_key("amount") {
            problems.push(format!("{at} has no `amount`"));
        }
    }
}

/// The XML PUT body of an edited JSON body, or every problem with it.
pub fn raw_body(body: &Map<String, Value>) -> Result<String, Vec<String>> {
    let problems = validate_raw(body);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut xml = String::from("<item>");
    if let Some(inventory) = body.get("inventory").and_then(whole_of) {
        xml.push_str(&format!("<inventory>{inventory}</inventory>"));
    }
    if let Some(Value::Array(rows)) = body.get("prices") {
        xml.push_str("<prices>");
        for row in rows {
            let field = |key: &str| row.get(key).and_then(text_of);
            let quantity = row
                .get("quantity")
                .and_then(whole_of)
                .map(|q| q.to_string());
            let amount = row
                .get("amount")
                .and_then(decimal_of)
                .map(|a| a.to_string())
                .unwrap_or_default();
            xml.push_str(&price_xml(
                field("pricelist").as_deref(),
                quantity.as_deref(),
                &amount,
            ));
        }
        xml.push_str("</prices>");
    }
    xml.push_str("</item>");
    Ok(xml)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn the_documented_shape_becomes_the_documented_put() {
        let edited = body(json!({"inventory": 2, "prices": [
            {"pricelist": "default", "quantity": 1, "amount": "9200.00"}
        ]}));
        assert_eq!(
            raw_body(&edited).unwrap(),
            "<item><inventory>2</inventory><prices><price><pricelist>default</pricelist>\
             <quantity>1</quantity><amount>9200.00</amount></price></prices></item>"
        );
    }

    #[test]
    fn every_problem_is_named() {
        let bad = body(json!({"inventory": -1, "name": "x", "prices": [
            {"pricelist": 3, "quantity": 0, "amount": "-1"}, "x", {"quantity": 1}
        ]}));
        let problems = validate_raw(&bad);
        assert_eq!(problems.len(), 7, "{problems:#?}");
        assert_eq!(validate_raw(&Map::new()), ["nothing to change"]);
    }
}
