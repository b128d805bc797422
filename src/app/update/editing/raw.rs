//! The raw editor's side of staging: the JSON it opens with (the server's values with what is
//! staged over them) and what its stock number means on a product kept in several warehouses.

use serde_json::{Map, Value};

use crate::basket::send::patch_of;
use crate::basket::{Change, FieldChange, StockChange};
use crate::catalog::model::{Platform, WarehouseStock};

/// The platform's key for the stock number, where it is a product's total.
const STOCK_KEY: &str = "quantity";

/// The editable JSON as the user will have it once the `staged` change is sent: its keys over
/// the server's `baseline`; `staged_stock` is the stock the basket shows for the product.
pub fn staged_over(
    platform: Platform,
    baseline: &Map<String, Value>,
    staged: Option<&Change>,
    staged_stock: Option<i64>,
) -> Map<String, Value> {
    let mut shown = baseline.clone();
    let stock_only = |to: i64| StockChange::Set { from: to, to };
    let overlay = match staged {
        Some(Change::Raw { body, .. }) => {
            shown.extend(body.clone());
            return shown;
        }
        Some(Change::Edit { stock, fields }) => platform_keys(platform, *stock, fields),
        Some(_) => staged_stock.map_or_else(Map::new, |to| {
            platform_keys(platform, Some(stock_only(to)), &[])
        }),
        None => Map::new(),
    };
    for (key, value) in overlay {
        if let Some(old) = shown.get_mut(&key) {
            *old = shaped_like(old, value);
        }
    }
    shown
}

/// A form's changes as the platform's own keys and values.
fn platform_keys(
    platform: Platform,
    stock: Option<StockChange>,
    fields: &[FieldChange],
) -> Map<String, Value> {
    let Ok(patch) = patch_of(platform, stock, fields) else {
        return Map::new();
    };
    let body = match platform {
        Platform::Cscart => {
            crate::catalog::cscart::wire::ProductWrite::from_patch(&patch).to_json()
        }
        Platform::Valigara => {
            crate::catalog::valigara::wire::update_data(0, &patch).unwrap_or(Value::Null)
        }
        Platform::B2bwave => crate::catalog::b2bwave::wire::patch_body(&patch)
            .ok()
            .and_then(|body| body.get("product").cloned())
            .unwrap_or(Value::Null),
        // UGAL's form is its price table; its raw JSON is not the shape it writes.
        Platform::Ugal => Value::Null,
    };
    match body {
        Value::Object(mut keys) => {
            if platform == Platform::Valigara {
                keys.remove("id");
            }
            keys
        }
        _ => Map::new(),
    }
}

/// `new` written the way the server wrote the value it replaces: a number as a string where
/// the server sends strings, and the other way round.
fn shaped_like(old: &Value, new: Value) -> Value {
    match (old, new) {
        (Value::String(_), Value::Number(n)) => Value::String(n.to_string()),
        (Value::Number(_), Value::String(text)) => text
            .parse::<serde_json::Number>()
            .map_or(Value::String(text), Value::Number),
        (_, new) => new,
    }
}

/// What the changed keys of a raw body ask of the stock.
#[derive(Debug, PartialEq)]
pub enum RawStock {
    /// Nothing a warehouse rule applies to: the body is staged as it is.
    Other,
    /// The product's new total across its warehouses.
    Total(i64),
    /// Why the body cannot be staged.
    Refused(String),
}

/// On a product kept in several `warehouses`, the stock number is their total, written as a
/// change of the main one: it is staged alone, as the stock keys stage it.
pub fn stock_total_of(changed: &Map<String, Value>, warehouses: &[WarehouseStock]) -> RawStock {
    let Some(value) = changed.get(STOCK_KEY) else {
        return RawStock::Other;
    };
    if warehouses.len() < 2 {
        return RawStock::Other;
    }
    if changed.len() > 1 {
        return RawStock::Refused(format!(
            "{STOCK_KEY} is the total across {} warehouses: change it and the other keys one at a time",
            warehouses.len()
        ));
    }
    let number = match value {
        Value::String(text) => text.trim().parse::<i64>().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    };
    number.map_or_else(
        || RawStock::Refused(format!("{STOCK_KEY}: a whole number")),
        RawStock::Total,
    )
}
