//! One B2B Wave product as the sandbox stores it, and its wire form (the documented sample's shape).

use std::time::{Duration, UNIX_EPOCH};

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::seed::{WAREHOUSES, category_path};
use crate::inspect::export::rfc3339_millis;

/// The uploaded main image's Paperclip columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub file_name: String,
    pub content_type: String,
    pub file_size: u64,
    /// Milliseconds since the Unix epoch.
    pub updated_at: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub code: String,
    /// (option, value) pairs, e.g. ("Size", "Large").
    pub options: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: u64,
    pub name: String,
    pub description: Option<String>,
    pub code: Option<String>,
    pub code_upc: String,
    pub is_active: bool,
    /// 1 active, 2 discontinued, 3 coming soon.
    pub status_id: u64,
    pub category_id: u64,
    pub brand_id: Option<u64>,
    pub promote_category: bool,
    pub promote_front: bool,
    /// price1, price2, price3.
    pub prices: [Option<Decimal>; 3],
    pub price_msrp: Option<Decimal>,
    /// Milliseconds since the Unix epoch.
    pub created_at: u64,
    pub updated_at: u64,
    pub image: Option<Image>,
    pub image_url: Option<String>,
    pub gallery_image_urls: Vec<String>,
    pub minimum_quantity: Decimal,
    pub vat_class_id: u64,
    /// One quantity per entry of `WAREHOUSES`, in that order.
    pub quantities: [i64; 3],
    pub quantity_monitor: bool,
    pub can_backorder: bool,
    pub meta_description: Option<String>,
    pub measurement_unit_id: Option<u64>,
    pub package_quantity: Option<u64>,
    pub has_variants: bool,
    pub tag_line: Option<String>,
    pub width: Option<Decimal>,
    pub height: Option<Decimal>,
    pub length: Option<Decimal>,
    pub variants: Vec<Variant>,
}

impl Product {
    /// A product with every field at the value B2B Wave gives a new one.
    pub fn blank(id: u64, now: u64) -> Product {
        Product {
            id,
            name: String::new(),
            description: None,
            code: None,
            code_upc: String::new(),
            is_active: true,
            status_id: 1,
            category_id: 0,
            brand_id: None,
            promote_category: false,
            promote_front: false,
            prices: [None, None, None],
            price_msrp: None,
            created_at: now,
            updated_at: now,
            image: None,
            image_url: None,
            gallery_image_urls: Vec::new(),
            minimum_quantity: Decimal::ZERO,
            vat_class_id: 1,
            quantities: [0; 3],
            quantity_monitor: true,
            can_backorder: false,
            meta_description: None,
            measurement_unit_id: None,
            package_quantity: None,
            has_variants: false,
            tag_line: None,
            width: None,
            height: None,
            length: None,
            variants: Vec::new(),
        }
    }

    /// The sum over the warehouses.
    pub fn quantity(&self) -> i64 {
        self.quantities
            .iter()
            .fold(0i64, |sum, q| sum.saturating_add(*q))
    }

    /// The product as the API answers it: the documented sample's fields in its order, then
    /// the writable fields the sample leaves out, then the per-warehouse quantities.
    pub fn render(&self) -> Value {
        let image = self.image.as_ref();
        let variants: Vec<Value> = self
            .variants
            .iter()
            .map(|v| {
                let values: Vec<Value> = v
                    .options
                    .iter()
                    .map(|(option, value)| json!({"option": option, "value": value}))
                    .collect();
                json!({"code": v.code, "option_values": values})
            })
            .collect();
        let quantities: Vec<Value> = WAREHOUSES
            .iter()
            .zip(self.quantities)
            .map(|(w, quantity)| {
                json!({
                    "warehouse_id": w.id,
                    "warehouse_code": w.code,
                    "warehouse_name": w.name,
                    "quantity": quantity.to_string(),
                })
            })
            .collect();
        let [price1, price2, price3] = self.prices.map(|p| p.map(money));
        let fields: Vec<(&str, Value)> = vec![
            ("id", json!(self.id)),
            ("name", json!(self.name)),
            ("description", json!(self.description)),
            ("part_number", json!(self.code)),
            ("is_active", json!(self.is_active)),
            ("status_id", json!(self.status_id)),
            ("category_id", json!(self.category_id)),
            ("promote_category", json!(self.promote_category)),
            ("promote_front", json!(self.promote_front)),
            ("price1", json!(price1)),
            ("price2", json!(price2)),
            ("price3", json!(price3)),
            ("created_at", json!(time(self.created_at))),
            ("updated_at", json!(time(self.updated_at))),
            ("image_file_name", json!(image.map(|i| i.file_name.clone()))),
            (
                "image_content_type",
                json!(image.map(|i| i.content_type.clone())),
            ),
            ("image_file_size", json!(image.map(|i| i.file_size))),
            ("image_updated_at", json!(image.map(|i| time(i.updated_at)))),
            ("old_id", Value::Null),
            ("minimum_quantity", json!(decimal(self.minimum_quantity))),
            ("vat_class_id", json!(self.vat_class_id)),
            ("quantity", json!(self.quantity().to_string())),
            ("quantity_monitor", json!(self.quantity_monitor)),
            ("can_backorder", json!(self.can_backorder)),
            ("brand_id", json!(self.brand_id)),
            ("width", json!(self.width.map(decimal))),
            ("height", json!(self.height.map(decimal))),
            ("length", json!(self.length.map(decimal))),
            ("meta_description", json!(self.meta_description)),
            ("measurement_unit_id", json!(self.measurement_unit_id)),
            (
                "package_quantity",
                json!(self.package_quantity.map(|n| n.to_string())),
            ),
            ("has_variants", json!(self.has_variants)),
            ("code_upc", json!(self.code_upc)),
            ("import_image_url", Value::Null),
            ("import_image_url_updated_at", Value::Null),
            ("import_uuid", Value::Null),
            ("manufacturer_id", Value::Null),
            ("price_msrp", json!(self.price_msrp.map(money))),
            ("tag_line", json!(self.tag_line)),
            ("code", json!(self.code)),
            ("image_url", json!(self.image_url)),
            ("gallery_image_urls", json!(self.gallery_image_urls)),
            ("category_path", json!(category_path(self.category_id))),
            ("product_variants", json!(variants)),
            ("quantities", json!(quantities)),
        ];
        Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Map<String, Value>>(),
        )
    }
}

/// Money with three places, as B2B Wave sends it: "12.500".
pub fn money(value: Decimal) -> String {
    let mut value = value.round_dp(3);
    value.rescale(3);
    value.to_string()
}

/// A decimal column as Rails renders it: at least one place, "0.0", "12.5".
pub fn decimal(value: Decimal) -> String {
    let value = value.normalize();
    if value.scale() == 0 {
        format!("{value}.0")
    } else {
        value.to_string()
    }
}

pub fn time(millis: u64) -> String {
    rfc3339_millis(UNIX_EPOCH + Duration::from_millis(millis))
}
