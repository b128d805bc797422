//! UGAL's `products/{id}.xml`: the parent product of items, with its catalog and items.

use serde::Deserialize;

use super::reply::{malformed, parse_xml};
use super::wire::{WireItems, status_of, text};
use crate::catalog::error::CatalogError;
use crate::catalog::model::{ProductSummary, Status};

/// `<product>` of `products/{id}.xml`.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WireProduct {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub catalog: Option<WireCatalog>,
    #[serde(default)]
    pub items: Option<WireItems>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WireCatalog {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// A UGAL product: the parent of items (one per option: colour, size ...).
#[derive(Debug, Clone, PartialEq)]
pub struct UgalProduct {
    pub id: u64,
    pub title: String,
    pub status: Status,
    pub url: String,
    /// The catalog (category) it is filed in: id and title.
    pub catalog: Option<(u64, String)>,
    pub items: Vec<ProductSummary>,
}

pub fn decode_product(status: u16, body: &[u8]) -> Result<UgalProduct, CatalogError> {
    let wire: WireProduct = parse_xml(status, body)?;
    let bad = |e: String| malformed(status, &e);
    let id = text(wire.id.as_ref())
        .and_then(|id| id.parse::<u64>().ok())
        .ok_or_else(|| bad("a product without a numeric id".to_owned()))?;
    let title = text(wire.title.as_ref()).unwrap_or_default().to_owned();
    let catalog = wire.catalog.as_ref().and_then(|c| {
        let id = text(c.id.as_ref())?.parse::<u64>().ok()?;
        Some((id, text(c.title.as_ref()).unwrap_or_default().to_owned()))
    });
    let items = wire
        .items
        .iter()
        .flat_map(|items| &items.items)
        .map(|item| item.summary(Some(&title)).map_err(bad))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(UgalProduct {
        id,
        status: status_of(wire.status.as_ref()),
        url: text(wire.url.as_ref()).unwrap_or_default().to_owned(),
        title,
        catalog,
        items,
    })
}
