//! UGAL XML as it arrives (items, prices, products) and its mapping to the model; the PUT bodies.

use quick_xml::escape::escape;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

use super::reply::{malformed, parse_xml};
use crate::catalog::error::CatalogError;
use crate::catalog::model::{
    Money, PriceTier, Product, ProductId, ProductSummary, Sku, Status, Stock,
};

/// The price list and quantity of the nominal price, the one a list row shows.
pub const NOMINAL_PRICELIST: &str = "default";
pub const NOMINAL_QUANTITY: u32 = 1;

/// `<items>`: the collection, 25 items a page.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WireItems {
    #[serde(default, rename = "item")]
    pub items: Vec<WireItem>,
}

/// `<item>` as the list and the single read send it; every element may be missing.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WireItem {
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub inventory: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub vatrate: Option<String>,
    /// The nominal price the list carries (docs/platforms/ugal.md judgment).
    #[serde(default)]
    pub price: Option<WireListPrice>,
    #[serde(default)]
    pub product: Option<WireProductRef>,
    #[serde(default)]
    pub prices: Option<WirePrices>,
}

/// The list's `<price>`: its text (`<price>9400.00</price>`) or an `<amount>` inside.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WireListPrice {
    #[serde(default, rename = "$text")]
    pub text: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WireProductRef {
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
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WirePrices {
    #[serde(default, rename = "price")]
    pub prices: Vec<WirePrice>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct WirePrice {
    #[serde(default)]
    pub pricelist: Option<String>,
    #[serde(default)]
    pub quantity: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub vat: Option<String>,
}

/// The trimmed text of an element, `None` when missing or empty.
pub(super) fn text(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// `online` → active, `offline` → disabled; any other word is kept.
pub fn status_of(word: Option<&String>) -> Status {
    match text(word) {
        Some("online") => Status::Active,
        Some("offline") => Status::Disabled,
        Some(other) => Status::Other(other.to_owned()),
        None => Status::Other("unknown".to_owned()),
    }
}

fn money(what: &str, value: &str) -> Result<Money, String> {
    Money::parse(value).ok_or_else(|| format!("{what} is not an amount: {value:?}"))
}

impl WirePrice {
    /// One tier; a missing price list is `default` and a missing quantity is 1, as documented.
    fn tier(&self, reference: &str) -> Result<PriceTier, String> {
        let pricelist = text(self.pricelist.as_ref()).unwrap_or(NOMINAL_PRICELIST);
        let quantity = match text(self.quantity.as_ref()) {
            None => NOMINAL_QUANTITY,
            Some(q) => q
                .parse::<u32>()
                .map_err(|_| format!("item {reference} has a price quantity {q:?}"))?,
        };
        let amount = text(self.amount.as_ref())
            .ok_or_else(|| format!("item {reference} has a {pricelist} price without amount"))?;
        let vat = text(self.vat.as_ref())
            .map(|vat| money(&format!("item {reference}'s vat"), vat))
            .transpose()?;
        Ok(PriceTier {
            pricelist: pricelist.to_owned(),
            quantity,
            amount: money(&format!("item {reference}'s price"), amount)?,
            vat,
        })
    }
}

/// The nominal tier (price list `default`, quantity 1) of a list, if it has one.
pub fn nominal(tiers: &[PriceTier]) -> Option<&PriceTier> {
    tiers
        .iter()
        .find(|t| t.pricelist == NOMINAL_PRICELIST && t.quantity == NOMINAL_QUANTITY)
}

impl WireItem {
    fn reference(&self) -> Result<&str, String> {
        text(self.reference.as_ref()).ok_or_else(|| "an item without a reference".to_owned())
    }

    pub fn tiers(&self) -> Result<Vec<PriceTier>, String> {
        let reference = self.reference()?;
        self.prices
            .iter()
            .flat_map(|prices| &prices.prices)
            .map(|price| price.tier(reference))
            .collect()
    }

    /// `title` is the parent product's, for items listed inside their product.
    pub fn summary(&self, title: Option<&str>) -> Result<ProductSummary, String> {
        let reference = self.reference()?;
        let stock = match text(self.inventory.as_ref()) {
            None => Stock::NotTracked,
            Some(n) => Stock::Quantity(
                n.parse::<i64>()
                    .map_err(|_| format!("item {reference} has inventory {n:?}"))?,
            ),
        };
        let price = if self.prices.is_some() {
            nominal(&self.tiers()?).map(|tier| tier.amount)
        } else {
            self.price
                .as_ref()
                .and_then(|p| text(p.amount.as_ref()).or(text(p.text.as_ref())))
                .map(|amount| money(&format!("item {reference}'s price"), amount))
                .transpose()?
        };
        let title = self
            .product
            .as_ref()
            .and_then(|p| text(p.title.as_ref()))
            .or(title);
        let name = match (title, text(self.label.as_ref())) {
            (Some(title), Some(label)) => format!("{title} — {label}"),
            (Some(one), None) | (None, Some(one)) => one.to_owned(),
            (None, None) => reference.to_owned(),
        };
        Ok(ProductSummary {
            id: ProductId(reference.to_owned()),
            sku: Sku(reference.to_owned()),
            name,
            price,
            stock,
            status: status_of(self.status.as_ref()),
        })
    }

    /// The item as the JSON form of its XML: element names as keys, text as strings.
    pub fn raw(&self) -> Value {
        let mut raw = serde_json::Map::new();
        let mut put = |key: &str, value: &Option<String>| {
            if let Some(value) = value {
                raw.insert(key.to_owned(), json!(value.trim()));
            }
        };
        put("reference", &self.reference);
        put("status", &self.status);
        put("label", &self.label);
        put("inventory", &self.inventory);
        put("link", &self.link);
        put("vatrate", &self.vatrate);
        if let Some(product) = &self.product {
            let fields = [
                ("id", &product.id),
                ("title", &product.title),
                ("status", &product.status),
                ("url", &product.url),
                ("link", &product.link),
            ];
            let object: serde_json::Map<String, Value> = fields
                .into_iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_owned(), json!(v.trim()))))
                .collect();
            raw.insert("product".into(), Value::Object(object));
        }
        if let Some(prices) = &self.prices {
            let rows: Vec<Value> = prices.prices.iter().map(price_raw).collect();
            raw.insert("prices".into(), Value::Array(rows));
        }
        Value::Object(raw)
    }

    pub fn product(&self) -> Result<Product, String> {
        let summary = self.summary(None)?;
        let vat_rate = text(self.vatrate.as_ref())
            .map(|rate| {
                rate.parse::<Decimal>()
                    .map_err(|_| format!("item {} has vatrate {rate:?}", summary.id))
            })
            .transpose()?;
        Ok(Product {
            list_price: None,
            category_ids: Vec::new(),
            updated_at: None,
            description: None,
            warehouses: Vec::new(),
            prices: self.tiers()?,
            vat_rate,
            raw: self.raw(),
            summary,
        })
    }
}

fn price_raw(price: &WirePrice) -> Value {
    let fields = [
        ("pricelist", &price.pricelist),
        ("quantity", &price.quantity),
        ("currency", &price.currency),
        ("amount", &price.amount),
        ("vat", &price.vat),
    ];
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_owned(), json!(v.trim()))))
            .collect(),
    )
}

pub fn decode_items(status: u16, body: &[u8]) -> Result<Vec<ProductSummary>, CatalogError> {
    let items: WireItems = parse_xml(status, body)?;
    items
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.summary(None)
                .map_err(|e| malformed(status, &format!("item #{}: {e}", index + 1)))
        })
        .collect()
}

pub fn decode_item(status: u16, body: &[u8]) -> Result<Product, CatalogError> {
    let item: WireItem = parse_xml(status, body)?;
    item.product().map_err(|e| malformed(status, &e))
}

/// The tiers with the nominal amount replaced (or added first when missing); no tier is dropped.
pub fn with_nominal(tiers: &[PriceTier], amount: Money) -> Vec<PriceTier> {
    let mut tiers = tiers.to_vec();
    match tiers
        .iter_mut()
        .find(|t| t.pricelist == NOMINAL_PRICELIST && t.quantity == NOMINAL_QUANTITY)
    {
        Some(tier) => {
            tier.amount = amount;
            tier.vat = None;
        }
        None => tiers.insert(
            0,
            PriceTier {
                pricelist: NOMINAL_PRICELIST.to_owned(),
                quantity: NOMINAL_QUANTITY,
                amount,
                vat: None,
            },
        ),
    }
    tiers
}

/// `<item>` with the inventory and/or the complete price list; VAT is the server's to compute.
pub fn item_body(inventory: Option<i64>, tiers: Option<&[PriceTier]>) -> String {
    let mut body = String::from("<item>");
    if let Some(inventory) = inventory {
        body.push_str(&format!("<inventory>{inventory}</inventory>"));
    }
    if let Some(tiers) = tiers {
        body.push_str("<prices>");
        for tier in tiers {
            body.push_str(&price_xml(
                Some(&tier.pricelist),
                Some(&tier.quantity.to_string()),
                &tier.amount.to_string(),
            ));
        }
        body.push_str("</prices>");
    }
    body.push_str("</item>");
    body
}

/// One `<price>`; a missing price list or quantity is left for the server's defaults.
pub fn price_xml(pricelist: Option<&str>, quantity: Option<&str>, amount: &str) -> String {
    let mut price = String::from("<price>");
    if let Some(pricelist) = pricelist {
        price.push_str(&format!("<pricelist>{}</pricelist>", escape(pricelist)));
    }
    if let Some(quantity) = quantity {
        price.push_str(&format!("<quantity>{}</quantity>", escape(quantity)));
    }
    price.push_str(&format!("<amount>{}</amount></price>", escape(amount)));
    price
}
