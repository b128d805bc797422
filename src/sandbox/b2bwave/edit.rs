//! A create's or update's `product` fields, checked and applied; every bad field is named.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::image;
use super::product::Product;
use super::seed::{MEASUREMENT_UNITS, VAT_CLASSES, brand_exists, category_exists};
use super::stock;

/// Fields a create must carry (the field table's "yes" rows).
pub const REQUIRED: &[&str] = &["name", "category_id", "vat_class_id", "is_active"];

const BLANK: &str = "can't be blank";
const NOT_A_NUMBER: &str = "is not a number";
const MAX_TEXT: usize = 255;
/// Decimals at or above this are refused (a `decimal(15,3)` column).
const MAX_DECIMAL: i64 = 1_000_000_000_000;

/// Validation errors in Rails' shape: each field with its messages, in the order found.
#[derive(Debug, Default)]
pub struct Errors(Vec<(String, Vec<String>)>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        match self.0.iter_mut().find(|(f, _)| f == field) {
            Some((_, messages)) => messages.push(message),
            None => self.0.push((field.to_string(), vec![message])),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_json(&self) -> Value {
        let map: Map<String, Value> = self
            .0
            .iter()
            .map(|(f, m)| (f.clone(), Value::from(m.clone())))
            .collect();
        serde_json::json!({ "errors": map })
    }
}

/// Text: a string, or a number taken as its digits (Rails casts it); `None` for null.
fn text(value: &Value) -> Result<Option<String>, &'static str> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err("is invalid"),
    }
}

fn boolean(value: &Value) -> Result<bool, &'static str> {
    let word = match value {
        Value::Bool(b) => return Ok(*b),
        Value::Null => return Err(BLANK),
        Value::String(s) => s.trim().to_ascii_lowercase(),
        Value::Number(n) => n.to_string(),
        _ => return Err("is not a boolean"),
    };
    match word.as_str() {
        "true" | "t" | "1" => Ok(true),
        "false" | "f" | "0" => Ok(false),
        "" => Err(BLANK),
        _ => Err("is not a boolean"),
    }
}

/// An integer given as a number or a string; `None` for null or "".
pub fn integer(value: &Value) -> Result<Option<i64>, &'static str> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                return Ok(Some(i));
            }
            n.to_string()
        }
        Value::String(s) => s.trim().to_string(),
        _ => return Err(NOT_A_NUMBER),
    };
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Some(i));
    }
    match text.parse::<Decimal>() {
        Ok(d) if d.fract().is_zero() => i64::try_from(d).map(Some).map_err(|_| "is too large"),
        Ok(_) => Err("must be an integer"),
        Err(_) => Err(NOT_A_NUMBER),
    }
}

/// A decimal at or above zero given as a number or a string; `None` for null or "".
fn decimal(value: &Value) -> Result<Option<Decimal>, &'static str> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return Err(NOT_A_NUMBER),
    };
    if text.is_empty() {
        return Ok(None);
    }
    let d = text.parse::<Decimal>().map_err(|_| NOT_A_NUMBER)?;
    if d.is_sign_negative() && !d.is_zero() {
        Err("must be greater than or equal to 0")
    } else if d >= Decimal::from(MAX_DECIMAL) {
        Err("must be less than 1000000000000")
    } else {
        Ok(Some(d))
    }
}

/// An id that must name one of `known`; `None` for null.
fn reference(value: &Value, known: impl Fn(u64) -> bool) -> Result<Option<u64>, &'static str> {
    match integer(value)? {
        None => Ok(None),
        Some(n) => u64::try_from(n)
            .ok()
            .filter(|n| known(*n))
            .map(Some)
            .ok_or("must exist"),
    }
}

fn required<T>(result: Result<Option<T>, &'static str>) -> Result<T, &'static str> {
    result.and_then(|v| v.ok_or(BLANK))
}

fn short(s: String) -> Result<String, &'static str> {
    if s.chars().count() > MAX_TEXT {
        Err("is too long (maximum is 255 characters)")
    } else {
        Ok(s)
    }
}

/// Applies one field. Unknown and read-only fields are ignored, as Rails' strong parameters
/// ignore unpermitted ones (judgment: the doc lists no error for them).
fn apply_field(p: &mut Product, key: &str, value: &Value) -> Result<(), &'static str> {
    match key {
        "name" => {
            let name = required(text(value))?;
            if name.trim().is_empty() {
                return Err(BLANK);
            }
            p.name = short(name)?;
        }
        // judgment: a blank code is no code (it is only unique when given).
        "code" | "part_number" => {
            p.code = text(value)?
                .filter(|c| !c.trim().is_empty())
                .map(short)
                .transpose()?;
        }
        "code_upc" => p.code_upc = short(text(value)?.unwrap_or_default())?,
        "description" => p.description = text(value)?,
        "meta_description" => p.meta_description = text(value)?,
        "tag_line" => p.tag_line = text(value)?.map(short).transpose()?,
        "is_active" => p.is_active = boolean(value)?,
        "promote_category" => p.promote_category = boolean(value)?,
        "promote_front" => p.promote_front = boolean(value)?,
        "quantity_monitor" => p.quantity_monitor = boolean(value)?,
        "can_backorder" => p.can_backorder = boolean(value)?,
        "status_id" => {
            p.status_id = required(reference(value, |s| (1..=3).contains(&s))).map_err(|e| {
                if e == BLANK {
                    e
                } else {
                    "is not included in the list"
                }
            })?;
        }
        "category_id" => p.category_id = required(reference(value, category_exists))?,
        "vat_class_id" => {
            p.vat_class_id = required(reference(value, |v| VAT_CLASSES.contains(&v)))?;
        }
        "brand_id" => p.brand_id = reference(value, brand_exists)?,
        "measurement_unit_id" => {
            p.measurement_unit_id = reference(value, |m| MEASUREMENT_UNITS.contains(&m))?;
        }
        "package_quantity" => {
            p.package_quantity = match integer(value)? {
                None => None,
                Some(n) => Some(
                    u64::try_from(n)
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or("must be greater than 0")?,
                ),
            };
        }
        "minimum_quantity" => p.minimum_quantity = decimal(value)?.unwrap_or_default(),
        "price1" => p.prices[0] = decimal(value)?,
        "price2" => p.prices[1] = decimal(value)?,
        "price3" => p.prices[2] = decimal(value)?,
        "price_msrp" => p.price_msrp = decimal(value)?,
        "width" => p.width = decimal(value)?,
        "height" => p.height = decimal(value)?,
        "length" => p.length = decimal(value)?,
        // judgment: like update_quantity's total form, `quantity` sets the first warehouse.
        "quantity" => p.quantities[0] = required(integer(value))?,
        _ => {}
    }
    Ok(())
}

/// Applies `fields` to `p`, naming every field that cannot be applied. A create also names
/// each required field that is missing. `now` stamps an uploaded image.
pub fn apply(
    p: &mut Product,
    fields: &Map<String, Value>,
    create: bool,
    now: u64,
    app_code: &str,
) -> Errors {
    let mut errors = Errors::default();
    if create {
        for key in REQUIRED {
            if fields.get(*key).is_none_or(Value::is_null) {
                errors.add(key, BLANK);
            }
        }
    }
    for (key, value) in fields {
        // `code` wins over its alias `part_number` when both are sent.
        let shadowed = key == "part_number" && fields.contains_key("code");
        if (value.is_null() && create && REQUIRED.contains(&key.as_str())) || shadowed {
            continue;
        }
        if let Err(message) = apply_field(p, key, value) {
            errors.add(key, message);
        }
    }
    if let Some(quantities) = fields.get("quantities") {
        match stock::per_warehouse(quantities) {
            Ok(pairs) => stock::set(p, &pairs),
            Err(bad) => bad.into_iter().for_each(|(f, m)| errors.add(&f, m)),
        }
    }
    image::apply(p, fields, &mut errors, now, app_code);
    errors
}
