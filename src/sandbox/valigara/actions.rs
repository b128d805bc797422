//! The product actions: import, update, sold, delete and export.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::edit::{self, Errors, Mode, integer};
use super::product::{Product, timestamp};
use super::store::Store;

/// A body `{"status": status, "data": data}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub data: Value,
}

impl Reply {
    pub fn ok(data: Value) -> Reply {
        Reply { status: 100, data }
    }

    pub fn failed(message: String) -> Reply {
        Reply {
            status: 201,
            data: Value::String(message),
        }
    }

    pub fn invalid(errors: Errors) -> Reply {
        Reply {
            status: 303,
            data: json!({"errors": errors}),
        }
    }

    pub fn invalid_field(name: &str, message: &str) -> Reply {
        Reply::invalid(Errors::from([(name.to_string(), message.to_string())]))
    }
}

pub const EXPORT_MAX: usize = 100;

fn not_found(id: u64) -> Reply {
    Reply::failed(format!("Product {id} not found"))
}

/// The positive integer `data[name]`.
pub fn id_field(data: &Map<String, Value>, name: &str) -> Result<u64, Reply> {
    match data.get(name) {
        None => Err(Reply::invalid_field(name, "is required")),
        Some(v) => integer(v, 1).map_err(|m| Reply::invalid_field(name, &m)),
    }
}

/// The non-empty list of positive integers `data["ids"]`, duplicates dropped, order kept.
pub fn ids_field(data: &Map<String, Value>) -> Result<Vec<u64>, Reply> {
    let message = "must be a non-empty array of product ids";
    let Some(items) = data.get("ids").and_then(Value::as_array) else {
        return Err(Reply::invalid_field("ids", message));
    };
    let mut ids = Vec::new();
    for item in items {
        let id = integer(item, 1).map_err(|_| Reply::invalid_field("ids", message))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(Reply::invalid_field("ids", message));
    }
    Ok(ids)
}

/// The answer of a batch: 100 when no id failed, 302 with `failed` (id to reason) when
/// some did, 201 when every one did.
pub fn batch(
    key: &str,
    done: Vec<Value>,
    failed: BTreeMap<String, String>,
    succeeded: usize,
) -> Reply {
    if failed.is_empty() {
        return Reply::ok(json!({ key: done }));
    }
    if succeeded == 0 {
        let reasons: Vec<String> = failed
            .iter()
            .map(|(id, why)| format!("{id}: {why}"))
            .collect();
        return Reply::failed(format!("Nothing was done: {}", reasons.join("; ")));
    }
    Reply {
        status: 302,
        data: json!({ key: done, "failed": failed }),
    }
}

pub fn import(store: &mut Store, data: &Map<String, Value>) -> Reply {
    let blank = Product::empty(0);
    let mut product = match edit::apply(&blank, data, Mode::Import) {
        Ok(p) => p,
        Err(errors) => return Reply::invalid(errors),
    };
    if store.sku_taken(&product.sku, 0) {
        return Reply::invalid_field("sku", "is already used by another product");
    }
    product.id = store.next_id();
    product.updated_at = store.write_time();
    let id = product.id;
    store.products.insert(id, product);
    Reply::ok(json!({"id": id}))
}

pub fn update(store: &mut Store, data: &Map<String, Value>) -> Reply {
    let id = match id_field(data, "id") {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let Some(current) = store.products.get(&id) else {
        return not_found(id);
    };
    let mut product = match edit::apply(&current, data, Mode::Update) {
        Ok(p) => p,
        Err(errors) => return Reply::invalid(errors),
    };
    if store.sku_taken(&product.sku, id) {
        return Reply::invalid_field("sku", "is already used by another product");
    }
    product.updated_at = store.write_time();
    let updated_at = timestamp(product.updated_at);
    store.products.insert(id, product);
    Reply::ok(json!({"id": id, "updated_at": updated_at}))
}

pub fn sold(store: &mut Store, data: &Map<String, Value>) -> Reply {
    let id = match id_field(data, "id") {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let quantity = match data.get("quantity").map(|v| integer(v, 1)) {
        Some(Ok(q)) => q,
        Some(Err(m)) => return Reply::invalid_field("quantity", &m),
        None => return Reply::invalid_field("quantity", "is required"),
    };
    let action = match data.get("sold_action").map(Value::as_str) {
        None => "no_action",
        Some(Some(a @ ("no_action" | "revise" | "remove"))) => a,
        Some(_) => {
            return Reply::invalid_field("sold_action", "must be no_action, revise or remove");
        }
    };
    let Some(stock) = store.products.get(&id).map(|p| p.quantity) else {
        return not_found(id);
    };
    let Some(left) = stock.checked_sub(quantity) else {
        let message = format!("cannot sell {quantity}: only {stock} in stock");
        return Reply::invalid_field("quantity", &message);
    };
    if action == "revise" && left < 1 {
        return Reply::failed(format!(
            "Product {id}: nothing would be left to revise on the channels; the sale was not recorded"
        ));
    }
    let at = store.write_time();
    let Some(product) = store.products.get_mut(&id) else {
        return not_found(id);
    };
    product.quantity = left;
    if action == "remove" {
        for channel in &mut product.channels {
            channel.status = "ended";
        }
        if left == 0 {
            product.status = "sold".to_string();
        }
    }
    product.updated_at = at;
    Reply::ok(json!({"id": id, "quantity": left, "status": product.status}))
}

// judgment: `channels: true` leaves the listings live on the marketplaces, which the
// sandbox does not model beyond the product it deletes; the answer is the same either way.
pub fn delete(store: &mut Store, data: &Map<String, Value>) -> Reply {
    let ids = match ids_field(data) {
        Ok(ids) => ids,
        Err(reply) => return reply,
    };
    if data.get("channels").is_some_and(|v| !v.is_boolean()) {
        return Reply::invalid_field("channels", "must be true or false");
    }
    let mut deleted = Vec::new();
    let mut failed = BTreeMap::new();
    for id in ids {
        if store.products.remove(&id).is_some() {
            deleted.push(json!(id));
        } else {
            failed.insert(id.to_string(), "not found".to_string());
        }
    }
    let found = deleted.len();
    batch("deleted", deleted, failed, found)
}

pub fn export(store: &Store, data: &Map<String, Value>) -> Reply {
    match id_field(data, "id") {
        Ok(id) => store
            .products
            .get(&id)
            .map_or_else(|| not_found(id), |p| Reply::ok(p.render())),
        Err(reply) => reply,
    }
}

// judgment: products come in the order their ids were asked, duplicates once.
pub fn export_many(store: &Store, data: &Map<String, Value>) -> Reply {
    let ids = match ids_field(data) {
        Ok(ids) => ids,
        Err(reply) => return reply,
    };
    if ids.len() > EXPORT_MAX {
        let message = format!("at most {EXPORT_MAX} ids per request");
        return Reply::invalid_field("ids", &message);
    }
    let (found, missing): (Vec<u64>, Vec<u64>) = ids
        .into_iter()
        .partition(|id| store.products.contains_key(id));
    if found.is_empty() {
        let ids: Vec<String> = missing.iter().map(u64::to_string).collect();
        return Reply::failed(format!("No product was found: {}", ids.join(", ")));
    }
    let products: Vec<Value> = found
        .iter()
        .filter_map(|id| store.products.get(id).map(|p| p.render()))
        .collect();
    let status = if missing.is_empty() { 100 } else { 302 };
    Reply {
        status,
        data: json!({"products": products, "missing": missing}),
    }
}
