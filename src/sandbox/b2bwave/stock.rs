//! `update_quantity`: a product's stock set by code or id, as a total or per warehouse.

use serde_json::{Map, Value};

use super::edit::{Errors, integer};
use super::product::Product;
use super::seed::WAREHOUSES;
use super::store::Store;

/// Bad fields and their messages.
pub type Bad = Vec<(String, String)>;

/// Why an update_quantity was refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    Invalid(Errors),
}

/// Sets the listed warehouses: `(index in WAREHOUSES, quantity)` pairs.
pub fn set(p: &mut Product, pairs: &[(usize, i64)]) {
    for (index, quantity) in pairs {
        if let Some(slot) = p.quantities.get_mut(*index) {
            *slot = *quantity;
        }
    }
}

fn warehouse(entry: &Map<String, Value>) -> Result<usize, (&'static str, &'static str)> {
    let by_id = match entry.get("warehouse_id").map(integer) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(id))) => Some(
            WAREHOUSES
                .iter()
                .position(|w| i64::try_from(w.id).is_ok_and(|wid| wid == id))
                .ok_or(("warehouse_id", "does not exist"))?,
        ),
        Some(Err(message)) => return Err(("warehouse_id", message)),
    };
    let by_code = match entry.get("warehouse_code") {
        None | Some(Value::Null) => None,
        Some(Value::String(code)) => Some(
            WAREHOUSES
                .iter()
                .position(|w| w.code == code)
                .ok_or(("warehouse_code", "does not exist"))?,
        ),
        Some(_) => return Err(("warehouse_code", "is invalid")),
    };
    match (by_id, by_code) {
        (Some(a), Some(b)) if a != b => Err(("warehouse_code", "does not match warehouse_id")),
        (Some(index), _) | (None, Some(index)) => Ok(index),
        (None, None) => Err(("warehouse_id", "can't be blank")),
    }
}

/// The per-warehouse form's `quantities`, or every bad entry's field (`quantities[1].quantity`)
/// and message. A warehouse listed twice takes its last quantity.
pub fn per_warehouse(value: &Value) -> Result<Vec<(usize, i64)>, Bad> {
    let entries = match value {
        Value::Array(entries) if !entries.is_empty() => entries,
        Value::Array(_) | Value::Null => {
            return Err(vec![("quantities".into(), "can't be blank".into())]);
        }
        _ => return Err(vec![("quantities".into(), "must be a list".into())]),
    };
    let mut pairs = Vec::new();
    let mut bad = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let Value::Object(entry) = entry else {
            bad.push((format!("quantities[{n}]"), "is invalid".to_string()));
            continue;
        };
        let index = warehouse(entry).map_err(|(field, message)| {
            bad.push((format!("quantities[{n}].{field}"), message.into()))
        });
        let quantity = entry
            .get("quantity")
            .map_or(Ok(None), integer)
            .and_then(|q| q.ok_or("can't be blank"))
            .map_err(|message| bad.push((format!("quantities[{n}].quantity"), message.into())));
        if let (Ok(index), Ok(quantity)) = (index, quantity) {
            pairs.push((index, quantity));
        }
    }
    if bad.is_empty() { Ok(pairs) } else { Err(bad) }
}

/// The product named by `id` (winning when both are sent) or `code`.
fn find(store: &Store, body: &Map<String, Value>) -> Result<u64, Refusal> {
    let given = |key: &str| body.get(key).filter(|v| !v.is_null());
    if let Some(id) = given("id") {
        return integer(id)
            .ok()
            .flatten()
            .and_then(|id| u64::try_from(id).ok())
            .filter(|id| store.products.contains_key(id))
            .ok_or(Refusal::NotFound);
    }
    if let Some(code) = given("code") {
        let code = match code {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        return store.by_code(&code).ok_or(Refusal::NotFound);
    }
    let mut errors = Errors::default();
    errors.add("id", "can't be blank");
    errors.add("code", "can't be blank");
    Err(Refusal::Invalid(errors))
}

/// Sets the stock and answers the product's id. Everything is checked before anything is
/// written. judgment: the total form sets the first warehouse, and when `product.quantities`
/// is sent it is used and a top-level `quantity` is ignored.
pub fn update_quantity(store: &mut Store, body: &Map<String, Value>) -> Result<u64, Refusal> {
    let id = find(store, body)?;
    let mut errors = Errors::default();
    let pairs = match body.get("product").and_then(|p| p.get("quantities")) {
        Some(quantities) => match per_warehouse(quantities) {
            Ok(pairs) => pairs,
            Err(bad) => {
                bad.into_iter().for_each(|(f, m)| errors.add(&f, m));
                Vec::new()
            }
        },
        None => match body.get("quantity").map_or(Ok(None), integer) {
            Ok(Some(quantity)) => vec![(0, quantity)],
            Ok(None) => {
                errors.add("quantity", "can't be blank");
                Vec::new()
            }
            Err(message) => {
                errors.add("quantity", message);
                Vec::new()
            }
        },
    };
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let now = store.write_time();
    let product = store.products.get_mut(&id).ok_or(Refusal::NotFound)?;
    set(product, &pairs);
    product.updated_at = now;
    Ok(id)
}
