//! The product fields a client may send, as `product_listfields` describes them.

use serde_json::{Value, json};

pub const STATUSES: &[&str] = &["active", "inactive", "draft"];
pub const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "CAD", "AUD", "ILS"];
pub const WEIGHT_UNITS: &[&str] = &["g", "dwt", "oz"];
pub const SKU_MAX: usize = 64;
pub const TITLE_MAX: usize = 255;
pub const SHORT_MAX: usize = 64;
pub const URL_MAX: usize = 1024;

enum Kind {
    String(usize),
    Text,
    Decimal,
    Integer,
    Enum(&'static [&'static str]),
    Array(&'static [Field]),
}

struct Field {
    name: &'static str,
    kind: Kind,
    required: bool,
    label: &'static str,
}

const fn field(name: &'static str, kind: Kind, required: bool, label: &'static str) -> Field {
    Field {
        name,
        kind,
        required,
        label,
    }
}

const METAL: &[Field] = &[
    field("type", Kind::String(SHORT_MAX), true, "Metal"),
    field("purity", Kind::String(SHORT_MAX), false, "Purity"),
    field("weight", Kind::Decimal, false, "Weight"),
    field(
        "weight_unit",
        Kind::Enum(WEIGHT_UNITS),
        false,
        "Weight unit",
    ),
];

const GEMSTONE: &[Field] = &[
    field("type", Kind::String(SHORT_MAX), true, "Gemstone"),
    field("shape", Kind::String(SHORT_MAX), false, "Shape"),
    field("carat", Kind::Decimal, false, "Carat weight"),
    field("color", Kind::String(SHORT_MAX), false, "Colour"),
    field("clarity", Kind::String(SHORT_MAX), false, "Clarity"),
    field("count", Kind::Integer, false, "Number of stones"),
    field("setting", Kind::String(SHORT_MAX), false, "Setting"),
];

const IMAGE: &[Field] = &[
    field("url", Kind::String(URL_MAX), true, "Image URL"),
    field("position", Kind::Integer, false, "Position"),
];

const PRODUCT: &[Field] = &[
    field("sku", Kind::String(SKU_MAX), true, "SKU"),
    field("title", Kind::String(TITLE_MAX), true, "Title"),
    field("description", Kind::Text, false, "Description"),
    field("category", Kind::String(SHORT_MAX), false, "Category"),
    field("price", Kind::Decimal, true, "Price"),
    field("currency", Kind::Enum(CURRENCIES), false, "Currency"),
    field("quantity", Kind::Integer, false, "Quantity"),
    field("status", Kind::Enum(STATUSES), false, "Status"),
    field("metals", Kind::Array(METAL), false, "Metals"),
    field("gemstones", Kind::Array(GEMSTONE), false, "Gemstones"),
    field("images", Kind::Array(IMAGE), false, "Images"),
];

/// The descriptors: `{"name", "type", "required", "label", ...}`.
pub fn descriptors() -> Value {
    Value::Array(PRODUCT.iter().map(descriptor).collect())
}

fn descriptor(f: &Field) -> Value {
    let mut d = json!({
        "name": f.name,
        "type": type_name(&f.kind),
        "required": f.required,
        "label": f.label,
    });
    if let Value::Object(map) = &mut d {
        match &f.kind {
            Kind::String(max) => {
                map.insert("max_length".into(), json!(max));
            }
            Kind::Enum(values) => {
                map.insert("values".into(), json!(values));
            }
            Kind::Array(fields) => {
                let fields = fields.iter().map(descriptor).collect();
                map.insert("fields".into(), Value::Array(fields));
            }
            Kind::Text | Kind::Decimal | Kind::Integer => {}
        }
    }
    d
}

fn type_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::String(_) => "string",
        Kind::Text => "text",
        Kind::Decimal => "decimal",
        Kind::Integer => "integer",
        Kind::Enum(_) => "enum",
        Kind::Array(_) => "array",
    }
}

/// The readable form (`preview=1`): `price (decimal, required): Price`; an array's entry
/// fields follow it as `metals[].type (string, max 64, required): Metal`.
pub fn preview() -> Value {
    let mut lines = Vec::new();
    for f in PRODUCT {
        lines.push(Value::String(line(f.name, f)));
        if let Kind::Array(fields) = &f.kind {
            for sub in *fields {
                lines.push(Value::String(line(
                    &format!("{}[].{}", f.name, sub.name),
                    sub,
                )));
            }
        }
    }
    Value::Array(lines)
}

fn line(name: &str, f: &Field) -> String {
    let mut parts = vec![match &f.kind {
        Kind::String(max) => format!("string, max {max}"),
        Kind::Enum(values) => format!("enum: {}", values.join("|")),
        other => type_name(other).to_string(),
    }];
    if f.required {
        parts.push("required".to_string());
    }
    format!("{name} ({}): {}", parts.join(", "), f.label)
}
