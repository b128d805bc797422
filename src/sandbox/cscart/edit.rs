//! Create and update bodies: reading, validating and applying product fields.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::product::{DESCRIPTION_FIELDS, Kind, PLAIN_FIELDS, Product, fixed, money, slug};
use super::seed::{self, FEATURES, VENDORS};

/// The fields a create must carry: CS-Cart's own source requires `price` besides the name.
/// judgment: `category_ids` stays required, as in the versions that answer 400 without it
/// (recent ones fall back to the store's default category).
pub const REQUIRED: &[&str] = &["product", "price", "category_ids"];

/// Applies `body` to `product`, or names the first field that is invalid.
///
/// judgment: real CS-Cart is lax and stores almost anything; the simulator answers 400 for
/// values it cannot store in canonical form (status "Z", price "abc", amount "x") so a client's
/// mistakes show. Fields it does not know are ignored, as CS-Cart ignores them.
pub fn apply(product: &mut Product, body: &Map<String, Value>) -> Result<(), String> {
    let mut p = product.clone();
    for (key, value) in body {
        let key = key.as_str();
        match key {
            "product" => {
                let name = text(key, value)?;
                if name.trim().is_empty() {
                    return Err(invalid(key, value, "a non-empty name"));
                }
                // judgment: a rename keeps the SEO name, as CS-Cart's SEO add-on does; a new product takes one from its name.
                if p.seo_name.is_empty() {
                    p.seo_name = slug(&name);
                }
                p.name = name;
            }
            "product_code" => p.code = text(key, value)?,
            "seo_name" => p.seo_name = slug(&text(key, value)?),
            "status" => p.status = one_of(key, value, &["A", "D", "H"])?,
            "company_id" => {
                let id = integer(key, value)?;
                if !VENDORS
                    .iter()
                    .any(|(v, _)| i64::try_from(*v).is_ok_and(|v| v == id))
                {
                    return Err(invalid(key, value, "an existing vendor id"));
                }
                p.company_id = id.unsigned_abs();
            }
            "price" => p.price = price(key, value)?,
            "list_price" => p.list_price = price(key, value)?,
            "amount" => p.amount = integer(key, value)?,
            "category_ids" => p.category_ids = categories(value)?,
            "product_features" => p.features = features(value, &p.features)?,
            _ => {
                if let Some((_, _, Some(kind))) = PLAIN_FIELDS.iter().find(|(k, _, _)| *k == key) {
                    let canonical = canonical(key, value, *kind)?;
                    p.fields.insert(key.to_string(), canonical);
                } else if DESCRIPTION_FIELDS.contains(&key) {
                    p.fields.insert(key.to_string(), text(key, value)?);
                }
            }
        }
    }
    if let Some(main) = body.get("main_category") {
        let main = integer("main_category", main)?;
        let Some(pos) = p
            .category_ids
            .iter()
            .position(|c| i64::try_from(*c).is_ok_and(|c| c == main))
        else {
            return Err(invalid(
                "main_category",
                &Value::from(main),
                "one of the product's category_ids",
            ));
        };
        let id = p.category_ids.remove(pos);
        p.category_ids.insert(0, id);
    }
    *product = p;
    Ok(())
}

fn invalid(key: &str, value: &Value, expected: &str) -> String {
    format!("Invalid value {value} for field \"{key}\": expected {expected}")
}

/// A string or a number, as text; the API sends and accepts strings.
fn text(key: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(invalid(key, value, "a string")),
    }
}

fn integer(key: &str, value: &Value) -> Result<i64, String> {
    text(key, value)?
        .trim()
        .parse::<i64>()
        .map_err(|_| invalid(key, value, "an integer"))
}

fn decimal(key: &str, value: &Value) -> Result<Decimal, String> {
    let t = text(key, value)?;
    let t = t.trim();
    t.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| invalid(key, value, "a number"))
}

fn price(key: &str, value: &Value) -> Result<Decimal, String> {
    let d = decimal(key, value)?;
    // The column is DECIMAL(12,2): nothing negative, nothing past 9999999999.99.
    if (d.is_sign_negative() && !d.is_zero()) || d > Decimal::new(999_999_999_999, 2) {
        return Err(invalid(key, value, "a price from 0 to 9999999999.99"));
    }
    Ok(d.round_dp(2))
}

fn one_of(key: &str, value: &Value, allowed: &[&str]) -> Result<String, String> {
    let t = text(key, value)?;
    if allowed.contains(&t.as_str()) {
        Ok(t)
    } else {
        Err(invalid(
            key,
            value,
            &format!("one of {}", allowed.join(", ")),
        ))
    }
}

fn canonical(key: &str, value: &Value, kind: Kind) -> Result<String, String> {
    match kind {
        Kind::Text => text(key, value),
        Kind::Int => integer(key, value).map(|n| n.to_string()),
        Kind::Decimal(2) => decimal(key, value).map(money),
        Kind::Decimal(places) => decimal(key, value).map(|d| fixed(d, places)),
        Kind::OneOf(allowed) => one_of(key, value, allowed),
    }
}

/// `category_ids` as an array, a number, or a string of comma-separated ids ("166" in the doc).
pub fn categories(value: &Value) -> Result<Vec<u64>, String> {
    let err = || invalid("category_ids", value, "existing category ids");
    let items: Vec<Value> = match value {
        Value::Array(items) => items.clone(),
        Value::String(s) => s
            .split(',')
            .map(|part| Value::String(part.trim().to_string()))
            .collect(),
        Value::Number(_) => vec![value.clone()],
        _ => return Err(err()),
    };
    let mut ids = Vec::new();
    for item in &items {
        let id = integer("category_ids", item).map_err(|_| err())?;
        let id = u64::try_from(id).map_err(|_| err())?;
        if seed::category(id).is_none() {
            return Err(err());
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() { Err(err()) } else { Ok(ids) }
}

/// `product_features` as `{feature_id: {variant_id: ..}}` or `{feature_id: variant_id}`.
/// judgment: the given features are set or replaced and others kept; a variant_id of "" or 0
/// removes the feature; unknown features or variants are a 400.
fn features(value: &Value, current: &[(u64, u64)]) -> Result<Vec<(u64, u64)>, String> {
    let err = || invalid("product_features", value, "known feature and variant ids");
    let mut out = current.to_vec();
    let entries = match value {
        Value::Object(m) => m,
        Value::Array(a) if a.is_empty() => return Ok(out),
        _ => return Err(err()),
    };
    for (feature_id, entry) in entries {
        let feature_id: u64 = feature_id.trim().parse().map_err(|_| err())?;
        let feature = FEATURES
            .iter()
            .find(|f| f.id == feature_id)
            .ok_or_else(err)?;
        let variant = match entry {
            Value::Object(m) => m.get("variant_id").cloned().unwrap_or(Value::Null),
            other => other.clone(),
        };
        let variant = match &variant {
            Value::String(s) => s
                .trim()
                .parse::<u64>()
                .ok()
                .or(s.trim().is_empty().then_some(0)),
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
        .ok_or_else(err)?;
        out.retain(|(f, _)| *f != feature_id);
        if variant != 0 {
            if !feature.variants.iter().any(|(v, _)| *v == variant) {
                return Err(err());
            }
            out.push((feature_id, variant));
        }
    }
    Ok(out)
}
