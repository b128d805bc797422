//! `product_search`: the filters, the sort and the order, answering matching ids.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::edit::{Errors, decimal, integer};
use super::product::Product;

const SORTS: &[&str] = &["id", "title", "sku", "price", "quantity", "updated_at"];
const STATUSES: &[&str] = &["active", "inactive", "draft", "sold"];

#[derive(Debug, Default)]
struct Filters {
    sku: Option<String>,
    words: Vec<String>,
    status: Option<String>,
    category: Option<String>,
    metal: Option<String>,
    gemstone: Option<String>,
    price_from: Option<Decimal>,
    price_to: Option<Decimal>,
    quantity_from: Option<u64>,
    quantity_to: Option<u64>,
    sort: String,
    descending: bool,
}

/// What the search makes of `sort` and `order`, which the document's copy does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKeys {
    /// judgment: they sort, as `docs/platforms/valigara.md` designs.
    #[default]
    Honoured,
    /// They are unknown keys like any other: 303.
    Refused,
    /// They are accepted and have no effect: ids in id order.
    Ignored,
}

/// The ids of the matching products in the requested order, or the 303 errors.
// judgment: unknown filter names and invalid values are 303 rather than ignored; `category`,
// `metal` and `gemstone` match case-insensitively and whole; ties keep id order (reversed
// with `desc`); `title` sorts case-insensitively.
pub fn search<'a>(
    products: impl Iterator<Item = Cow<'a, Product>>,
    data: Option<&Map<String, Value>>,
    sort_keys: SortKeys,
) -> Result<Vec<u64>, Errors> {
    let filters = match data {
        Some(data) => parse(data, sort_keys)?,
        None => Filters::default(),
    };
    let found = products.filter(|p| matches(&filters, p));
    // Products come in id order, which the stable sort keeps among equal keys.
    let mut ids: Vec<u64> = match filters.sort.as_str() {
        "title" => sorted(found, |p| p.title.to_lowercase()),
        "sku" => sorted(found, |p| p.sku.clone()),
        "price" => sorted(found, |p| p.price),
        "quantity" => sorted(found, |p| p.quantity),
        "updated_at" => sorted(found, |p| p.updated_at),
        _ => found.map(|p| p.id).collect(),
    };
    if filters.descending {
        ids.reverse();
    }
    Ok(ids)
}

/// The ids in the order of `key`, each key computed once.
fn sorted<'a, K: Ord>(
    products: impl Iterator<Item = Cow<'a, Product>>,
    key: impl Fn(&Product) -> K,
) -> Vec<u64> {
    let mut keyed: Vec<(K, u64)> = products.map(|p| (key(&p), p.id)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, id)| id).collect()
}

fn parse(data: &Map<String, Value>, sort_keys: SortKeys) -> Result<Filters, Errors> {
    let mut errors = Errors::new();
    let mut f = Filters::default();
    for (name, value) in data {
        let mut fail = |message: &str| {
            errors.insert(name.clone(), message.to_string());
        };
        let text = value.as_str().map(str::to_string);
        let sorting = matches!(name.as_str(), "sort" | "order");
        match name.as_str() {
            _ if sorting && sort_keys == SortKeys::Ignored => {}
            _ if sorting && sort_keys == SortKeys::Refused => fail("unknown filter"),
            "sku" | "title" | "category" | "metal" | "gemstone" if text.is_none() => {
                fail("must be a string");
            }
            "sku" => f.sku = text,
            "title" => {
                let lower = text.unwrap_or_default().to_lowercase();
                f.words = lower.split_whitespace().map(str::to_string).collect();
            }
            "category" => f.category = text.map(|t| t.to_lowercase()),
            "metal" => f.metal = text.map(|t| t.to_lowercase()),
            "gemstone" => f.gemstone = text.map(|t| t.to_lowercase()),
            "status" => match value.as_str() {
                Some(s) if STATUSES.contains(&s) => f.status = Some(s.to_string()),
                _ => fail("must be one of: active, inactive, draft, sold"),
            },
            "price_from" | "price_to" => match decimal(value, 2) {
                Ok(d) if name == "price_from" => f.price_from = Some(d),
                Ok(d) => f.price_to = Some(d),
                Err(message) => fail(&message),
            },
            "quantity_from" | "quantity_to" => match integer(value, 0) {
                Ok(n) if name == "quantity_from" => f.quantity_from = Some(n),
                Ok(n) => f.quantity_to = Some(n),
                Err(message) => fail(&message),
            },
            "sort" => match value.as_str() {
                Some(s) if SORTS.contains(&s) => f.sort = s.to_string(),
                _ => fail(&format!("must be one of: {}", SORTS.join(", "))),
            },
            "order" => match value.as_str() {
                Some("asc") => f.descending = false,
                Some("desc") => f.descending = true,
                _ => fail("must be \"asc\" or \"desc\""),
            },
            _ => fail("unknown filter"),
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(errors)
    }
}

fn matches(f: &Filters, p: &Product) -> bool {
    let title = if f.words.is_empty() {
        String::new()
    } else {
        p.title.to_lowercase()
    };
    f.sku.as_ref().is_none_or(|s| *s == p.sku)
        && f.words.iter().all(|w| title.contains(w.as_str()))
        && f.status.as_ref().is_none_or(|s| *s == p.status)
        && f.category
            .as_ref()
            .is_none_or(|c| *c == p.category.to_lowercase())
        && f.metal
            .as_ref()
            .is_none_or(|m| p.metals.iter().any(|x| x.kind.to_lowercase() == *m))
        && f.gemstone
            .as_ref()
            .is_none_or(|g| p.gemstones.iter().any(|x| x.kind.to_lowercase() == *g))
        && f.price_from.is_none_or(|from| p.price >= from)
        && f.price_to.is_none_or(|to| p.price <= to)
        && f.quantity_from.is_none_or(|from| p.quantity >= from)
        && f.quantity_to.is_none_or(|to| p.quantity <= to)
}
