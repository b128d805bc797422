//! CS-Cart JSON as it arrives (numbers as strings, `[]` for empty objects) and its mapping to the model.

mod errors;
mod php;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::catalog::error::CatalogError;
use crate::catalog::model::{
    ListQuery, Money, NewProduct, Page, Product, ProductId, ProductPatch, ProductSummary, Sku,
    Status, Stock,
};
use errors::malformed;
pub use errors::{error_for, error_message, html_title, parse_json};
pub use php::{id_list, lenient, object_or_empty};
use php::{kind, object_shape, rows_list_or_map, some_id_list};

/// The answer to `GET api/products`: `{"products": [...], "params": {...}}`, read in one pass
/// into the fields a row shows; the rest of each product is skipped, not kept.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ListBody {
    #[serde(default, deserialize_with = "rows_list_or_map")]
    pub products: Vec<WireRow>,
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

/// The fields of a product Stockroom reads; the rest stays in `Product::raw`. `Features` is
/// what is kept of `product_features`: the object itself (`WireProduct`), or nothing, its
/// shape checked alike (`WireRow`, a list page's row, which does not show them).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(bound(deserialize = "Features: FeaturesField"))]
pub struct WireFields<Features> {
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
    #[serde(default, deserialize_with = "Features::read")]
    pub product_features: Features,
}

/// A product as a single read answers it.
pub type WireProduct = WireFields<Map<String, Value>>;

/// A product of a list page.
pub type WireRow = WireFields<()>;

/// How `product_features` is read into what a `WireFields` keeps of it.
pub trait FeaturesField: Sized + Default {
    fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl FeaturesField for Map<String, Value> {
    fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object_or_empty(deserializer)
    }
}

impl FeaturesField for () {
    fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object_shape(deserializer)
    }
}

impl<Features> WireFields<Features> {
    pub fn into_summary(self) -> Result<ProductSummary, String> {
        let id = self
            .product_id
            .ok_or_else(|| "a product without product_id".to_owned())?;
        let stock = match (self.tracking.as_deref(), self.amount) {
            (Some("D"), _) => Stock::NotTracked,
            (_, Some(amount)) => Stock::Quantity(amount),
            (_, None) => return Err(format!("product {id} has no amount")),
        };
        Ok(ProductSummary {
            id: ProductId(id),
            sku: Sku(self.product_code.unwrap_or_default()),
            name: self.product.unwrap_or_default(),
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
    let wire = WireRow::deserialize(&raw).map_err(|e| e.to_string())?;
    let (list_price, category_ids, updated_at) = (
        wire.list_price.map(Money),
        wire.category_ids.clone(),
        wire.updated_timestamp,
    );
    Ok(Product {
        summary: wire.into_summary()?,
        list_price,
        category_ids,
        updated_at,
        // Only a single-product GET carries the description; list rows leave it out.
        description: raw
            .get("full_description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
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

pub fn decode_list(
    status: u16,
    body: &[u8],
    query: &ListQuery,
) -> Result<Page<ProductSummary>, CatalogError> {
    let list: ListBody = parse_json(status, body)?;
    let items = list
        .products
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            row.into_summary()
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
        warehouses: None,
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
