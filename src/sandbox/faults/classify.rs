//! Which operation a request is, per platform, as the table in `faults.rs` says.

use axum::http::{HeaderMap, Method};
use serde_json::{Map, Value};

use super::{Operation, Target};

/// The request as the classifier sees it: the path below the store's prefix.
pub struct Seen<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

pub fn operation(store: Target, seen: &Seen<'_>) -> Option<Operation> {
    let path = seen.path.trim_end_matches('/');
    match store {
        Target::Cscart => cscart(seen, path),
        Target::Valigara => valigara(seen),
        Target::B2bwave => b2bwave(seen, path),
        Target::Ugal | Target::UgalVat => ugal(seen, path),
        Target::All => None,
    }
}

/// The path's segments without the extension of the last one.
fn segments(path: &str, extensions: &[&str]) -> Vec<String> {
    let mut parts: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(last) = parts.last_mut()
        && let Some(stem) = extensions.iter().find_map(|ext| last.strip_suffix(ext))
    {
        *last = stem.to_string();
    }
    parts
}

fn json_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn cscart(seen: &Seen<'_>, path: &str) -> Option<Operation> {
    let parts = segments(path, &[]);
    let api: Vec<&str> = match parts.as_slice() {
        [a, v, rest @ ..] if a == "api" && v == "2.0" => rest.iter().map(String::as_str).collect(),
        [a, rest @ ..] if a == "api" => rest.iter().map(String::as_str).collect(),
        _ => return None,
    };
    let collection = matches!(
        api.as_slice(),
        ["products"] | ["categories" | "vendors" | "stores", _, "products"]
    );
    let one = matches!(
        api.as_slice(),
        ["products", _] | ["categories", _, "products", _]
    );
    let m = seen.method;
    match () {
        _ if collection && m == Method::GET => Some(Operation::List),
        _ if collection && m == Method::POST && !matches!(api.first(), Some(&"categories")) => {
            Some(Operation::Create)
        }
        _ if one && m == Method::GET => Some(Operation::Get),
        _ if one && api.len() == 2 && m == Method::PUT => {
            let stock = json_object(seen.body)
                .is_some_and(|body| !body.is_empty() && body.keys().all(|k| k == "amount"));
            Some(if stock {
                Operation::Stock
            } else {
                Operation::Edit
            })
        }
        _ if one && api.len() == 2 && m == Method::DELETE => Some(Operation::Delete),
        _ => None,
    }
}

/// The action and data from the query and, for a form POST, the body (later values win).
fn valigara(seen: &Seen<'_>) -> Option<Operation> {
    let params = crate::sandbox::valigara::params(
        seen.method,
        seen.query.map(str::to_owned),
        seen.headers,
        seen.body,
    );
    let action = params.get("action").cloned();
    let data = params.get("data").cloned();
    let op = match action?.as_str() {
        "product_search" | "products_export" => Operation::List,
        "product_export"
        | "product_listfields"
        | "listings_accounts_get"
        | "products_post_templates_list" => Operation::Get,
        "product_sold" | "products_revise_inventory" => Operation::Stock,
        "product_update" => {
            let stock = data
                .as_deref()
                .and_then(|d| json_object(d.as_bytes()))
                .is_some_and(|d| {
                    d.contains_key("quantity")
                        && d.keys()
                            .all(|k| matches!(k.as_str(), "id" | "sku" | "quantity"))
                });
            if stock {
                Operation::Stock
            } else {
                Operation::Edit
            }
        }
        "product_update_listings" | "products_post" => Operation::Edit,
        "product_import" => Operation::Create,
        "product_delete" => Operation::Delete,
        _ => return None,
    };
    Some(op)
}

fn b2bwave(seen: &Seen<'_>, path: &str) -> Option<Operation> {
    let parts = segments(path, &[".json"]);
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let m = seen.method;
    match parts.as_slice() {
        ["api", "products"] if m == Method::GET => {
            let one = url::form_urlencoded::parse(seen.query.unwrap_or_default().as_bytes())
                .any(|(key, _)| key == "id_eq");
            Some(if one { Operation::Get } else { Operation::List })
        }
        ["api", "products"] if m == Method::POST => Some(Operation::Create),
        ["api", "products", "update_quantity"] if m == Method::POST => Some(Operation::Stock),
        ["api", "products", _] if m == Method::PATCH || m == Method::PUT => Some(Operation::Edit),
        _ => None,
    }
}

fn ugal(seen: &Seen<'_>, path: &str) -> Option<Operation> {
    let parts = segments(path, &[".json", ".xml"]);
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let m = seen.method;
    match parts.as_slice() {
        ["api", "v1", "items"] if m == Method::GET => Some(Operation::List),
        ["api", "v1", "items", ..] if m == Method::GET => Some(Operation::Get),
        ["api", "v1", "products", _] if m == Method::GET => Some(Operation::Get),
        ["api", "v1", "items", ..] if m == Method::PUT => {
            // judgment: the body is looked at, not parsed; a PUT naming prices is a price edit.
            let body = String::from_utf8_lossy(seen.body);
            let prices = body.contains("<prices") || body.contains("\"prices\"");
            let inventory = body.contains("<inventory") || body.contains("\"inventory\"");
            Some(if inventory && !prices {
                Operation::Stock
            } else {
                Operation::Edit
            })
        }
        _ => None,
    }
}
