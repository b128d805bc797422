//! CS-Cart JSON as it arrives (numbers as strings, `[]` for empty objects) and its mapping to the model.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};
use rust_decimal::Decimal;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::catalog::error::CatalogError;
use crate::catalog::model::{
    ListQuery, Money, NewProduct, Page, Product, ProductId, ProductPatch, ProductSummary, Sku,
    Status, Stock,
};
use crate::catalog::ratelimit::RateLimit;

const MAX_MESSAGE_CHARS: usize = 300;

/// The answer to `GET api/products`: `{"products": [...], "params": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ListBody {
    /// Kept as JSON so each product can also be kept exactly as sent.
    #[serde(default, deserialize_with = "list_or_map")]
    pub products: Vec<Value>,
    #[serde(default, deserialize_with = "object_or_empty")]
    pub params: ListParams,
}

/// The search parameters the server echoes, with the paging it applied.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ListParams {
    #[serde(default, deserialize_with = "lenient")]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "lenient")]
    pub items_per_page: Option<u32>,
    /// Sent as a string ("247").
    #[serde(default, deserialize_with = "lenient")]
    pub total_items: Option<u64>,
}

/// The fields of a product Stockroom reads; the rest stays in `Product::raw`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WireProduct {
    #[serde(default, deserialize_with = "lenient")]
    pub product_id: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub product: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub product_code: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub price: Option<Decimal>,
    #[serde(default, deserialize_with = "lenient")]
    pub list_price: Option<Decimal>,
    #[serde(default, deserialize_with = "lenient")]
    pub amount: Option<i64>,
    /// `B` tracked, `D` not tracked.
    #[serde(default, deserialize_with = "lenient")]
    pub tracking: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "id_list")]
    pub category_ids: Vec<u64>,
    #[serde(default, deserialize_with = "lenient")]
    pub updated_timestamp: Option<i64>,
    #[serde(default, deserialize_with = "object_or_empty")]
    pub product_features: Map<String, Value>,
}

impl WireProduct {
    pub fn summary(&self) -> Result<ProductSummary, String> {
        let id = self
            .product_id
            .clone()
            .ok_or_else(|| "a product without product_id".to_owned())?;
        let stock = match (self.tracking.as_deref(), self.amount) {
            (Some("D"), _) => Stock::NotTracked,
            (_, Some(amount)) => Stock::Quantity(amount),
            (_, None) => return Err(format!("product {id} has no amount")),
        };
        Ok(ProductSummary {
            id: ProductId(id),
            sku: Sku(self.product_code.clone().unwrap_or_default()),
            name: self.product.clone().unwrap_or_default(),
            price: self.price.map(Money),
            stock,
            status: status_from_code(self.status.as_deref().unwrap_or_default()),
        })
    }
}

/// Maps one product object, keeping it whole in `raw`.
pub fn product_from_value(raw: Value) -> Result<Product, String> {
    if !raw.is_object() {
        return Err(format!("expected a product object, found {}", kind(&raw)));
    }
    let wire = WireProduct::deserialize(&raw).map_err(|e| e.to_string())?;
    Ok(Product {
        summary: wire.summary()?,
        list_price: wire.list_price.map(Money),
        category_ids: wire.category_ids,
        updated_at: wire.updated_timestamp,
        raw,
    })
}

pub fn status_from_code(code: &str) -> Status {
    match code {
        "A" => Status::Active,
        "D" => Status::Disabled,
        "H" => Status::Hidden,
        other => Status::Other(other.to_owned()),
    }
}

pub fn status_code(status: &Status) -> String {
    match status {
        Status::Active => "A".into(),
        Status::Disabled => "D".into(),
        Status::Hidden => "H".into(),
        Status::Other(raw) => raw.clone(),
    }
}

/// A product body for POST and PUT: values as strings, as the API documents them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductWrite {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub product: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub product_code: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub price: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub list_price: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub amount: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub status: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_id_list"
    )]
    pub category_ids: Option<Vec<u64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub full_description: Option<String>,
}

impl ProductWrite {
    pub fn from_new(product: &NewProduct) -> ProductWrite {
        ProductWrite {
            product: Some(product.name.clone()),
            product_code: product.sku.as_ref().map(|sku| sku.0.clone()),
            price: Some(product.price.to_string()),
            amount: product.stock.map(|n| n.to_string()),
            status: Some(status_code(&product.status)),
            category_ids: Some(product.category_ids.clone()),
            ..ProductWrite::default()
        }
    }

    pub fn from_patch(patch: &ProductPatch) -> ProductWrite {
        ProductWrite {
            product: patch.name.clone(),
            product_code: patch.sku.as_ref().map(|sku| sku.0.clone()),
            price: patch.price.map(|m| m.to_string()),
            list_price: patch.list_price.map(|m| m.to_string()),
            amount: patch.stock.map(|n| n.to_string()),
            status: patch.status.as_ref().map(status_code),
            category_ids: None,
            full_description: patch.description.clone(),
        }
    }

    pub fn stock(amount: i64) -> ProductWrite {
        ProductWrite {
            amount: Some(amount.to_string()),
            ..ProductWrite::default()
        }
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| Value::Object(Map::new()))
    }
}

/// The answer to POST and PUT: `{"product_id": 391}` (a number or a string).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Written {
    #[serde(default, deserialize_with = "lenient")]
    pub product_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Value,
    #[serde(default)]
    messages: Value,
    #[serde(default)]
    errors: Value,
}

pub fn decode_list(
    status: u16,
    body: &[u8],
    query: &ListQuery,
) -> Result<Page<ProductSummary>, CatalogError> {
    let list: ListBody = parse_json(status, body)?;
    let items = list
        .products
        .iter()
        .enumerate()
        .map(|(index, value)| {
            WireProduct::deserialize(value)
                .map_err(|e| e.to_string())
                .and_then(|wire| wire.summary())
                .map_err(|e| malformed(status, &format!("product #{}: {e}", index + 1)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let params = list.params;
    let page = params.page.filter(|p| *p > 0).unwrap_or(query.page);
    let per_page = params
        .items_per_page
        .filter(|n| *n > 0)
        .unwrap_or(query.per_page);
    let more = match params.total_items {
        Some(total) => u64::from(page) * u64::from(per_page) < total,
        None => !items.is_empty() && items.len() >= per_page as usize,
    };
    Ok(Page {
        items,
        page,
        per_page,
        total: params.total_items,
        more,
    })
}

pub fn decode_product(status: u16, body: &[u8]) -> Result<Product, CatalogError> {
    let raw: Value = parse_json(status, body)?;
    product_from_value(raw).map_err(|reason| malformed(status, &reason))
}

pub fn decode_written_id(status: u16, body: &[u8]) -> Result<ProductId, CatalogError> {
    let written: Written = parse_json(status, body)?;
    written
        .product_id
        .map(ProductId)
        .ok_or_else(|| malformed(status, "no product_id in the answer"))
}

/// Parses a JSON body, or says in one short line why it is not the JSON expected.
pub fn parse_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, CatalogError> {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(malformed(status, "empty answer instead of JSON"));
    }
    if trimmed.starts_with('<') {
        return Err(malformed(status, &markup_reason(trimmed)));
    }
    serde_json::from_str(trimmed).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "unexpected JSON",
            _ => "invalid JSON",
        };
        malformed(status, &format!("{what}: {e}"))
    })
}

/// The error for a non-2xx answer, with the server's own message.
pub fn error_for(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    rate_limit: Option<&RateLimit>,
) -> CatalogError {
    let message = error_message(status, body);
    match status {
        401 => CatalogError::Unauthorized {
            status,
            message: match realm(headers) {
                Some(realm) => format!("{message} (realm \"{realm}\")"),
                None => message,
            },
        },
        403 => CatalogError::Forbidden { status, message },
        404 => CatalogError::NotFound { message },
        429 => CatalogError::RateLimited {
            status,
            retry_after: rate_limit.and_then(|rate| rate.retry_after),
            message,
        },
        400..=499 => CatalogError::Rejected {
            status,
            platform_code: None,
            message,
        },
        500..=599 => CatalogError::Server { status, message },
        _ => malformed(status, &format!("unexpected status: {message}")),
    }
}

/// The message of an error body: `message`, `messages`, `errors`, or a page title.
pub fn error_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let fallback = || {
        StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("no message")
            .to_owned()
    };
    if trimmed.is_empty() {
        return fallback();
    }
    if trimmed.starts_with('<') {
        return markup_reason(trimmed);
    }
    match serde_json::from_str::<ErrorBody>(trimmed) {
        Ok(parsed) => {
            let mut texts = Vec::new();
            for value in [&parsed.message, &parsed.messages, &parsed.errors] {
                collect_texts(value, &mut texts);
            }
            let mut unique: Vec<String> = Vec::new();
            for text in texts {
                if !unique.contains(&text) {
                    unique.push(text);
                }
            }
            if unique.is_empty() {
                fallback()
            } else {
                shorten(&unique.join("; "), MAX_MESSAGE_CHARS)
            }
        }
        Err(_) => shorten(trimmed.lines().next().unwrap_or_default(), 120),
    }
}

fn collect_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if !text.trim().is_empty() => out.push(text.trim().to_owned()),
        Value::Array(items) => items.iter().for_each(|item| collect_texts(item, out)),
        Value::Object(map) => match map.get("message") {
            Some(message) => collect_texts(message, out),
            None => {
                for (key, item) in map {
                    match item {
                        Value::String(text) => out.push(format!("{key}: {}", text.trim())),
                        other => collect_texts(other, out),
                    }
                }
            }
        },
        _ => {}
    }
}

fn malformed(status: u16, reason: &str) -> CatalogError {
    CatalogError::Malformed {
        status,
        reason: shorten(reason, MAX_MESSAGE_CHARS),
    }
}

fn markup_reason(text: &str) -> String {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let is_html = ["<!doctype html", "<html", "<head", "<body", "<title"]
        .iter()
        .any(|marker| head.contains(marker));
    let what = if is_html {
        "HTML page instead of JSON"
    } else {
        "markup instead of JSON"
    };
    match html_title(text) {
        Some(title) => format!("{what}: {title}"),
        None => what.to_owned(),
    }
}

/// The `<title>` of an HTML page, whitespace collapsed and cut short.
pub fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = html.get(start..end)?.split_whitespace().collect::<Vec<_>>();
    (!title.is_empty()).then(|| shorten(&title.join(" "), 80))
}

fn realm(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(WWW_AUTHENTICATE)?.to_str().ok()?;
    let at = value.to_ascii_lowercase().find("realm=")? + "realm=".len();
    let rest = value.get(at..)?;
    let realm = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([',', ' ']).next()?,
    };
    (!realm.is_empty()).then(|| shorten(realm, 80))
}

fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value PHP may send as a string or as a number: `"10"`, `10`, `10.0`.
/// Empty strings and null read as `None`; anything that does not parse as `T` is an error.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    struct StringOrNumber<T>(PhantomData<T>);

    impl<'de, T> Visitor<'de> for StringOrNumber<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a number")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<T>, E> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            match text.parse().or_else(|_| text.trim().parse()) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(E::custom(format!(
                    "cannot read {:?}: {e}",
                    shorten(text, 40)
                ))),
            }
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<T>, E> {
            self.visit_str(&n.to_string())
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<T>, E> {
            self.visit_str(&n.to_string())
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Option<T>, E> {
            self.visit_str(&n.to_string())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D2: Deserializer<'de>>(self, inner: D2) -> Result<Option<T>, D2::Error> {
            inner.deserialize_any(self)
        }
    }

    deserializer.deserialize_any(StringOrNumber(PhantomData))
}

/// An object that PHP sends as `[]` when it is empty (and as a list when its keys are 0..n).
pub fn object_or_empty<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = match Value::deserialize(deserializer)? {
        Value::Null => return Ok(T::default()),
        Value::Array(items) if items.is_empty() => return Ok(T::default()),
        Value::Array(items) => Value::Object(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| (index.to_string(), item))
                .collect(),
        ),
        other => other,
    };
    T::deserialize(value).map_err(de::Error::custom)
}

/// A list that PHP may send as an object keyed by position or id.
fn list_or_map<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Value>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items),
        Value::Object(map) => Ok(map.into_iter().map(|(_, item)| item).collect()),
        other => Err(de::Error::custom(format!(
            "expected a list of products, found {}",
            kind(&other)
        ))),
    }
}

/// Category ids: `[224]`, `["224"]`, `"166"` or `"166,167"`.
pub fn id_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
    let items = match Value::deserialize(deserializer)? {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        Value::Object(map) => map.into_iter().map(|(_, item)| item).collect(),
        Value::String(text) => text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| Value::String(part.trim().to_owned()))
            .collect(),
        number @ Value::Number(_) => vec![number],
        Value::Bool(_) => return Err(de::Error::custom("expected category ids, found a boolean")),
    };
    items
        .iter()
        .map(|item| {
            let id = match item {
                Value::Number(n) => n.as_u64(),
                Value::String(text) => text.trim().parse().ok(),
                _ => None,
            };
            id.ok_or_else(|| {
                de::Error::custom(format!(
                    "not a category id: {}",
                    shorten(&item.to_string(), 40)
                ))
            })
        })
        .collect()
}

fn some_id_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u64>>, D::Error> {
    id_list(deserializer).map(Some)
}
