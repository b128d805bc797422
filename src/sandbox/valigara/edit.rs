//! Checking and applying the fields of `product_import` and `product_update`: all or nothing.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::fields::{CURRENCIES, SHORT_MAX, SKU_MAX, STATUSES, TITLE_MAX, URL_MAX, WEIGHT_UNITS};
use super::product::{Gemstone, Image, Metal, Product};

/// Field name (`metals[0].type`) to message: the `errors` of a 303.
pub type Errors = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Import,
    Update,
}

/// Which arrays `actions` asks to append to instead of replacing.
#[derive(Debug, Default, Clone, Copy)]
struct Appends {
    metals: bool,
    gemstones: bool,
    images: bool,
}

/// The product with `fields` applied, or every error found; `product` itself is never touched.
pub fn apply(
    product: &Product,
    fields: &Map<String, Value>,
    mode: Mode,
) -> Result<Product, Errors> {
    let mut errors = Errors::new();
    let mut next = product.clone();
    let appends = match mode {
        Mode::Update => appends(fields.get("actions"), &mut errors),
        Mode::Import => Appends::default(),
    };
    if mode == Mode::Import {
        for name in ["sku", "title", "price"] {
            if !fields.contains_key(name) {
                errors.insert(name.into(), "is required".into());
            }
        }
    }
    for (name, value) in fields {
        let e = &mut errors;
        match name.as_str() {
            "id" | "actions" if mode == Mode::Update => {}
            "id" | "channels" | "updated_at" => {
                e.insert(name.clone(), "is set by the server".into());
            }
            "sku" => set(e, name, required_text(value, SKU_MAX), &mut next.sku),
            "title" => set(e, name, required_text(value, TITLE_MAX), &mut next.title),
            "description" => set(e, name, text(value, usize::MAX), &mut next.description),
            "category" => set(e, name, text(value, SHORT_MAX), &mut next.category),
            "price" => set(e, name, decimal(value, 2), &mut next.price),
            "currency" => set(e, name, choice(value, CURRENCIES), &mut next.currency),
            "quantity" => set(e, name, integer(value, 0), &mut next.quantity),
            "status" => {
                let status = if value.as_str() == Some("sold") {
                    Err("cannot be set: the server sets it when the last item is sold".into())
                } else {
                    choice(value, STATUSES)
                };
                set(e, name, status, &mut next.status);
            }
            "metals" => {
                let metals = entries(e, name, value, metal);
                merge(&mut next.metals, metals, appends.metals);
            }
            "gemstones" => {
                let gemstones = entries(e, name, value, gemstone);
                merge(&mut next.gemstones, gemstones, appends.gemstones);
            }
            "images" => {
                let first = if appends.images { next.images.len() } else { 0 };
                let images = entries(e, name, value, |e, at, entry| image(e, at, entry, first));
                merge(&mut next.images, images, appends.images);
            }
            _ => {
                e.insert(name.clone(), "unknown field".into());
            }
        }
    }
    if errors.is_empty() {
        Ok(next)
    } else {
        Err(errors)
    }
}

fn appends(actions: Option<&Value>, errors: &mut Errors) -> Appends {
    let mut appends = Appends::default();
    let Some(actions) = actions else {
        return appends;
    };
    let Some(actions) = actions.as_object() else {
        errors.insert("actions".into(), "must be an object".into());
        return appends;
    };
    for (name, value) in actions {
        let append = match value.as_str() {
            Some("append") => true,
            Some("replace") => false,
            _ => {
                let key = format!("actions.{name}");
                errors.insert(key, "must be \"replace\" or \"append\"".into());
                continue;
            }
        };
        match name.as_str() {
            "metals" => appends.metals = append,
            "gemstones" => appends.gemstones = append,
            "images" => appends.images = append,
            _ => {
                errors.insert(format!("actions.{name}"), "unknown array".into());
            }
        }
    }
    appends
}

fn set<T>(errors: &mut Errors, name: &str, value: Result<T, String>, slot: &mut T) {
    match value {
        Ok(v) => *slot = v,
        Err(message) => {
            errors.insert(name.to_string(), message);
        }
    }
}

fn merge<T>(slot: &mut Vec<T>, new: Option<Vec<T>>, append: bool) {
    if let Some(new) = new {
        if append {
            slot.extend(new);
        } else {
            *slot = new;
        }
    }
}

fn entries<T>(
    errors: &mut Errors,
    name: &str,
    value: &Value,
    parse: impl Fn(&mut Errors, &str, &Map<String, Value>) -> Option<T>,
) -> Option<Vec<T>> {
    let Some(items) = value.as_array() else {
        errors.insert(name.to_string(), "must be an array".into());
        return None;
    };
    let mut parsed = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{name}[{i}]");
        match item.as_object() {
            Some(entry) => parsed.extend(parse(errors, &at, entry)),
            None => {
                errors.insert(at, "must be an object".into());
            }
        }
    }
    Some(parsed)
}

/// Reads an array entry's fields by name, reporting unknown and invalid ones under `at`.
struct Reader<'a> {
    errors: &'a mut Errors,
    at: &'a str,
    entry: &'a Map<String, Value>,
    ok: bool,
}

impl<'a> Reader<'a> {
    fn new(
        errors: &'a mut Errors,
        at: &'a str,
        entry: &'a Map<String, Value>,
        known: &[&str],
    ) -> Self {
        let mut reader = Reader {
            errors,
            at,
            entry,
            ok: true,
        };
        for name in entry.keys().filter(|k| !known.contains(&k.as_str())) {
            reader.fail(name, "unknown field".into());
        }
        reader
    }

    fn fail(&mut self, name: &str, message: String) {
        self.ok = false;
        self.errors.insert(format!("{}.{name}", self.at), message);
    }

    fn get<T>(&mut self, name: &str, default: T, parse: impl Fn(&Value) -> Result<T, String>) -> T {
        match self.entry.get(name).map(&parse) {
            None => default,
            Some(Ok(v)) => v,
            Some(Err(message)) => {
                self.fail(name, message);
                default
            }
        }
    }

    fn required(&mut self, name: &str, max: usize) -> String {
        if !self.entry.contains_key(name) {
            self.fail(name, "is required".into());
        }
        self.get(name, String::new(), |v| required_text(v, max))
    }

    fn optional_decimal(&mut self, name: &str, places: u32) -> Option<Decimal> {
        self.get(name, None, |v| match v {
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::Null => Ok(None),
            v => decimal(v, places).map(Some),
        })
    }
}

const METAL_FIELDS: &[&str] = &["type", "purity", "weight", "weight_unit"];

fn metal(errors: &mut Errors, at: &str, entry: &Map<String, Value>) -> Option<Metal> {
    let mut r = Reader::new(errors, at, entry, METAL_FIELDS);
    let metal = Metal {
        kind: r.required("type", SHORT_MAX),
        purity: r.get("purity", String::new(), |v| text(v, SHORT_MAX)),
        weight: r.optional_decimal("weight", 3),
        weight_unit: r.get("weight_unit", "g".into(), |v| choice(v, WEIGHT_UNITS)),
    };
    r.ok.then_some(metal)
}

const GEMSTONE_FIELDS: &[&str] = &[
    "type", "shape", "carat", "color", "clarity", "count", "setting",
];

fn gemstone(errors: &mut Errors, at: &str, entry: &Map<String, Value>) -> Option<Gemstone> {
    let mut r = Reader::new(errors, at, entry, GEMSTONE_FIELDS);
    let short = |v: &Value| text(v, SHORT_MAX);
    let gemstone = Gemstone {
        kind: r.required("type", SHORT_MAX),
        shape: r.get("shape", String::new(), short),
        carat: r.optional_decimal("carat", 3),
        color: r.get("color", String::new(), short),
        clarity: r.get("clarity", String::new(), short),
        count: r.get("count", 1, |v| integer(v, 1)),
        setting: r.get("setting", String::new(), short),
    };
    r.ok.then_some(gemstone)
}

// judgment: an image sent without `position` takes its place in the list (1-based),
// counting the images it is appended after.
fn image(errors: &mut Errors, at: &str, entry: &Map<String, Value>, first: usize) -> Option<Image> {
    let mut r = Reader::new(errors, at, entry, &["url", "position"]);
    let index = at
        .rsplit_once('[')
        .and_then(|(_, i)| i.trim_end_matches(']').parse::<usize>().ok())
        .unwrap_or(0);
    let default = u64::try_from(first + index + 1).unwrap_or(u64::MAX);
    let image = Image {
        url: r.required("url", URL_MAX),
        position: r.get("position", default, |v| integer(v, 1)),
    };
    r.ok.then_some(image)
}

pub fn text(value: &Value, max: usize) -> Result<String, String> {
    match value {
        Value::String(s) if s.chars().count() > max => Err(format!("at most {max} characters")),
        Value::String(s) => Ok(s.clone()),
        _ => Err("must be a string".into()),
    }
}

fn required_text(value: &Value, max: usize) -> Result<String, String> {
    let s = text(value, max)?;
    if s.trim().is_empty() {
        return Err("cannot be empty".into());
    }
    Ok(s)
}

fn choice(value: &Value, values: &[&str]) -> Result<String, String> {
    match value.as_str() {
        Some(s) if values.contains(&s) => Ok(s.to_string()),
        _ => Err(format!("must be one of: {}", values.join(", "))),
    }
}

/// A non-negative decimal with at most `places` decimals, as a string or a JSON number.
pub fn decimal(value: &Value, places: u32) -> Result<Decimal, String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return Err("must be a decimal string such as \"12.50\"".into()),
    };
    let parsed = Decimal::from_str(&text).ok().filter(|_| {
        text.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    });
    match parsed {
        None => Err("must be a decimal string such as \"12.50\"".into()),
        Some(d) if d.is_sign_negative() && !d.is_zero() => Err("cannot be negative".into()),
        Some(d) if d.scale() > places => Err(format!("at most {places} decimal places")),
        Some(d) => Ok(d.abs()),
    }
}

/// A JSON integer of at least `min`.
pub fn integer(value: &Value, min: u64) -> Result<u64, String> {
    match value.as_u64() {
        Some(n) if n >= min => Ok(n),
        _ => Err(format!("must be an integer >= {min}")),
    }
}
