//! B2B Wave JSON as it arrives (numbers as strings or numbers, nulls anywhere) and its mapping to the model.

mod list;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::reply::{malformed, parse_json};
use crate::catalog::error::CatalogError;
use crate::catalog::model::{
    Money, NewProduct, Product, ProductId, ProductPatch, ProductSummary, Sku, Status, Stock,
    WarehouseStock,
};
use crate::catalog::valigara::wire::unix_seconds;
pub use list::{ListPage, decode_page};

/// The fields of a product Stockroom reads; the rest stays in `Product::raw`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
struct WireProduct {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    code: Value,
    #[serde(default)]
    part_number: Value,
    #[serde(default)]
    name: Value,
    #[serde(default)]
    price1: Value,
    #[serde(default)]
    quantity: Value,
    #[serde(default)]
    quantity_monitor: Value,
    #[serde(default)]
    is_active: Value,
    #[serde(default)]
    description: Value,
    #[serde(default)]
    category_id: Value,
    #[serde(default)]
    updated_at: Value,
    #[serde(default)]
    quantities: Value,
}

/// A string, or a number written without quotes; null and other kinds are `None`.
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A decimal from `"203.775"`, `203.775` or `"1e2"`, never through a float.
pub fn decimal_of(value: &Value) -> Option<Decimal> {
    let text = text_of(value)?;
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()
}

/// A whole number from `99`, `"99"` or `"99.0"`; `None` for fractions and non-numbers.
pub fn whole_of(value: &Value) -> Option<i64> {
    if let Value::Number(number) = value
        && let Some(whole) = number.as_i64()
    {
        return Some(whole);
    }
    let number = decimal_of(value)?;
    if !number.fract().is_zero() {
        return None;
    }
    i64::try_from(number.trunc()).ok()
}

/// A boolean from `true`, `"true"`, `1` or `"1"` (and their opposites).
pub fn flag_of(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        other => match text_of(other)?.to_ascii_lowercase().as_str() {
            "true" | "1" | "t" | "yes" => Some(true),
            "false" | "0" | "f" | "no" => Some(false),
            _ => None,
        },
    }
}

fn present(value: &Value) -> bool {
    !matches!(value, Value::Null) && text_of(value).is_none_or(|text| !text.is_empty())
}

impl WireProduct {
    fn summary(&self) -> Result<ProductSummary, String> {
        let id = whole_of(&self.id)
            .filter(|id| *id > 0)
            .ok_or_else(|| format!("a product without an integer id ({})", self.id))?;
        let sku = text_of(&self.code)
            .filter(|code| !code.is_empty())
            .or_else(|| text_of(&self.part_number))
            .unwrap_or_default();
        let price = if present(&self.price1) {
            let price = decimal_of(&self.price1)
                .ok_or_else(|| format!("product {id} has price1 {}", self.price1))?;
            Some(Money(price))
        } else {
            None
        };
        Ok(ProductSummary {
            id: ProductId(id.to_string()),
            sku: Sku(sku),
            name: text_of(&self.name).unwrap_or_default(),
            price,
            stock: self.stock(id)?,
            status: match flag_of(&self.is_active) {
                Some(true) => Status::Active,
                Some(false) => Status::Disabled,
                None => Status::Other("unknown".to_owned()),
            },
        })
    }

    /// judgment: a product without `quantity` (the documented list sample has none) is shown as
    /// not tracked; a fractional quantity is refused rather than rounded.
    fn stock(&self, id: i64) -> Result<Stock, String> {
        if flag_of(&self.quantity_monitor) == Some(false) || !present(&self.quantity) {
            return Ok(Stock::NotTracked);
        }
        whole_of(&self.quantity)
            .map(Stock::Quantity)
            .ok_or_else(|| format!("product {id} has quantity {}", self.quantity))
    }

    fn warehouses(&self, id: &ProductId) -> Result<Vec<WarehouseStock>, String> {
        let Value::Array(rows) = &self.quantities else {
            return Ok(Vec::new());
        };
        rows.iter()
            .map(|row| {
                let field = |key: &str| row.get(key).unwrap_or(&Value::Null);
                let warehouse = whole_of(field("warehouse_id"))
                    .and_then(|w| u64::try_from(w).ok())
                    .ok_or_else(|| format!("product {id} has a warehouse row without an id"))?;
                let quantity = whole_of(field("quantity")).ok_or_else(|| {
                    format!(
                        "product {id} has quantity {} in warehouse {warehouse}",
                        field("quantity")
                    )
                })?;
                Ok(WarehouseStock {
                    id: warehouse,
                    code: text_of(field("warehouse_code")).unwrap_or_default(),
                    name: text_of(field("warehouse_name")).unwrap_or_default(),
                    quantity,
                })
            })
            .collect()
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

fn wire_of(raw: &Value) -> Result<WireProduct, String> {
    if !raw.is_object() {
        return Err(format!("expected a product object, found {}", kind(raw)));
    }
    WireProduct::deserialize(raw).map_err(|e| e.to_string())
}

/// Maps one product object, keeping it whole in `raw`.
pub fn product_from_value(raw: Value) -> Result<Product, String> {
    let wire = wire_of(&raw)?;
    let summary = wire.summary()?;
    let warehouses = wire.warehouses(&summary.id)?;
    Ok(Product {
        list_price: None,
        category_ids: whole_of(&wire.category_id)
            .and_then(|id| u64::try_from(id).ok())
            .filter(|id| *id > 0)
            .into_iter()
            .collect(),
        updated_at: text_of(&wire.updated_at).as_deref().and_then(unix_seconds),
        description: text_of(&wire.description),
        summary,
        warehouses,
        prices: Vec::new(),
        vat_rate: None,
        raw,
    })
}

pub fn summary_from_value(raw: &Value) -> Result<ProductSummary, String> {
    wire_of(raw)?.summary()
}

/// What a product's `status_id` means (docs/platforms/b2bwave.md judgment: 1 active,
/// 2 discontinued, 3 coming soon); another id is shown as the number it is.
pub fn status_id_label(raw: &Value) -> Option<String> {
    let id = raw.get("status_id").and_then(whole_of)?;
    Some(match id {
        1 => "active".to_owned(),
        2 => "discontinued".to_owned(),
        3 => "coming soon".to_owned(),
        other => format!("status {other}"),
    })
}

/// The `vat_class_id` of a product object, when it has one.
pub fn vat_class_of(raw: &Value) -> Option<u64> {
    raw.get("vat_class_id")
        .and_then(whole_of)
        .and_then(|class| u64::try_from(class).ok())
        .filter(|class| *class > 0)
}

/// Every product of a list answer: a bare JSON array.
pub fn decode_rows(status: u16, body: &[u8]) -> Result<Vec<Value>, CatalogError> {
    match parse_json::<Value>(status, body)? {
        Value::Array(rows) => Ok(rows),
        other => Err(malformed(
            status,
            &format!("expected a list of products, found {}", kind(&other)),
        )),
    }
}

pub fn decode_summaries(status: u16, body: &[u8]) -> Result<Vec<ProductSummary>, CatalogError> {
    decode_page(status, body).map(|page| page.summaries)
}

/// The rows of a list answer mapped to summaries; a row that does not map names its place.
pub fn summaries_of(status: u16, rows: &[Value]) -> Result<Vec<ProductSummary>, CatalogError> {
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            summary_from_value(row)
                .map_err(|e| malformed(status, &format!("product #{}: {e}", index + 1)))
        })
        .collect()
}

/// The one product with `id` in a filtered list; any other row is ignored.
pub fn decode_one(status: u16, body: &[u8], id: &ProductId) -> Result<Product, CatalogError> {
    let row = decode_rows(status, body)?
        .into_iter()
        .find(|row| summary_from_value(row).is_ok_and(|s| s.id == *id));
    match row {
        Some(row) => product_from_value(row).map_err(|e| malformed(status, &e)),
        None => Err(CatalogError::NotFound {
            message: format!("no product with id {id}"),
        }),
    }
}

/// The product a write answers with (create, PATCH and update_quantity all send it back).
pub fn decode_product(status: u16, body: &[u8]) -> Result<Product, CatalogError> {
    let raw: Value = parse_json(status, body)?;
    product_from_value(raw).map_err(|e| malformed(status, &e))
}

fn is_active(status: &Status) -> bool {
    *status == Status::Active
}

/// `{"product": {...}}` for POST: the required fields, and the rest the new product has.
/// `vat_class` is the store's own class, as read from its products; without one the field is
/// left out and the store names it in its 422 rather than a class being guessed. The price
/// is not sent: the only price fields, `price1..3`, are documented as "not used".
pub fn create_body(product: &NewProduct, vat_class: Option<u64>) -> Value {
    let mut fields = Map::new();
    fields.insert("name".into(), json!(product.name));
    if let Some(sku) = &product.sku {
        fields.insert("code".into(), json!(sku.0));
    }
    if let Some(category) = product.category_ids.first() {
        fields.insert("category_id".into(), json!(category));
    }
    if let Some(vat_class) = vat_class {
        fields.insert("vat_class_id".into(), json!(vat_class));
    }
    fields.insert("is_active".into(), json!(is_active(&product.status)));
    // As in the documented create sample: a quantity is only counted when monitored.
    if let Some(stock) = product.stock {
        fields.insert("quantity".into(), json!(stock));
        fields.insert("quantity_monitor".into(), json!(true));
    }
    json!({ "product": fields })
}

/// `{"product": {...}}` for PATCH with only the fields the patch changes.
pub fn patch_body(patch: &ProductPatch) -> Result<Value, CatalogError> {
    if patch.list_price.is_some() {
        return Err(CatalogError::Unsupported(
            "B2B Wave has no list price".to_owned(),
        ));
    }
    if patch.price.is_some() {
        return Err(CatalogError::Unsupported(
            "B2B Wave documents its price fields (price1..3) as not used: Stockroom does not \
             change them"
                .to_owned(),
        ));
    }
    let mut fields = Map::new();
    if let Some(name) = &patch.name {
        fields.insert("name".into(), json!(name));
    }
    if let Some(sku) = &patch.sku {
        fields.insert("code".into(), json!(sku.0));
    }
    if let Some(stock) = patch.stock {
        fields.insert("quantity".into(), json!(stock));
    }
    if let Some(status) = &patch.status {
        fields.insert("is_active".into(), json!(is_active(status)));
    }
    if let Some(description) = &patch.description {
        fields.insert("description".into(), json!(description));
    }
    Ok(json!({ "product": fields }))
}

/// `update_quantity` by id, the total as the documented string.
pub fn stock_body(id: &str, amount: i64) -> Value {
    json!({ "id": id, "quantity": amount.to_string() })
}

/// `update_quantity` by id in the per-warehouse form.
pub fn warehouse_stock_body(id: &str, quantities: &[(u64, i64)]) -> Value {
    let rows: Vec<Value> = quantities
        .iter()
        .map(|(warehouse, quantity)| json!({ "warehouse_id": warehouse, "quantity": quantity }))
        .collect();
    json!({ "id": id, "product": { "quantities": rows } })
}
