//! A product summary as a row of the cache and back: price as its decimal text, stock as an
//! integer (NULL when not tracked), status as its label.

use crate::catalog::model::{Money, ProductId, ProductSummary, Sku, Status, Stock};

/// The columns a summary is stored in, in the order `SUMMARY_COLUMNS` names them.
pub struct Row {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub price: Option<String>,
    pub stock: Option<i64>,
    pub status: String,
}

pub const SUMMARY_COLUMNS: &str = "id, sku, name, price, stock, status";

pub fn to_row(product: &ProductSummary) -> Row {
    Row {
        id: product.id.0.clone(),
        sku: product.sku.0.clone(),
        name: product.name.clone(),
        price: product.price.map(|price| price.to_string()),
        stock: stock_value(product.stock),
        status: product.status.label().to_owned(),
    }
}

pub fn stock_value(stock: Stock) -> Option<i64> {
    match stock {
        Stock::Quantity(quantity) => Some(quantity),
        Stock::NotTracked => None,
    }
}

/// Reads a summary from a row selected as `SUMMARY_COLUMNS`.
pub fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ProductSummary> {
    let price: Option<String> = row.get(3)?;
    let stock: Option<i64> = row.get(4)?;
    let status: String = row.get(5)?;
    Ok(ProductSummary {
        id: ProductId(row.get(0)?),
        sku: Sku(row.get(1)?),
        name: row.get(2)?,
        price: price.as_deref().and_then(Money::parse),
        stock: stock.map_or(Stock::NotTracked, Stock::Quantity),
        status: status_from_label(status),
    })
}

fn status_from_label(label: String) -> Status {
    match label.as_str() {
        "active" => Status::Active,
        "disabled" => Status::Disabled,
        "hidden" => Status::Hidden,
        _ => Status::Other(label),
    }
}
