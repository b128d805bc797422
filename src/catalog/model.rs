//! Platform-neutral catalog model: products, money, stock, pages and queries.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod warehouses;

pub use warehouses::{WarehouseHead, WarehouseStock, WarehouseTable};

/// The four store platforms Stockroom speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Cscart,
    Valigara,
    B2bwave,
    Ugal,
}

impl Platform {
    /// The identifier used in config files and URL prefixes.
    pub fn key(self) -> &'static str {
        match self {
            Platform::Cscart => "cscart",
            Platform::Valigara => "valigara",
            Platform::B2bwave => "b2bwave",
            Platform::Ugal => "ugal",
        }
    }

    /// The name a person reads.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Cscart => "CS-Cart",
            Platform::Valigara => "Valigara",
            Platform::B2bwave => "B2B Wave",
            Platform::Ugal => "UGAL",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// A product's identifier on its platform (CS-Cart `product_id`, UGAL item reference, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProductId(pub String);

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The store's own product code (CS-Cart `product_code`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Sku(pub String);

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount of money in the store's primary currency, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money(pub Decimal);

impl Money {
    /// Parses a platform's decimal string ("30.00", "203.775") without loss.
    pub fn parse(text: &str) -> Option<Money> {
        text.trim().parse::<Decimal>().ok().map(Money)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Show at least two decimals, as stores do, and keep any extra precision.
        let scale = self.0.scale().max(2);
        let mut value = self.0;
        value.rescale(scale);
        write!(f, "{value}")
    }
}

/// Stock as the platform reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stock {
    /// A tracked quantity (may be negative on platforms that allow backorders).
    Quantity(i64),
    /// The platform does not track inventory for this product.
    NotTracked,
}

impl fmt::Display for Stock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stock::Quantity(n) => write!(f, "{n}"),
            Stock::NotTracked => f.write_str("not tracked"),
        }
    }
}

/// A product's visibility on the storefront, normalized across platforms.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Active,
    Disabled,
    Hidden,
    /// A platform value with no neutral equivalent, kept as sent.
    Other(String),
}

impl Status {
    pub fn label(&self) -> &str {
        match self {
            Status::Active => "active",
            Status::Disabled => "disabled",
            Status::Hidden => "hidden",
            Status::Other(raw) => raw,
        }
    }
}

/// One row of the product list.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductSummary {
    pub id: ProductId,
    pub sku: Sku,
    pub name: String,
    pub price: Option<Money>,
    pub stock: Stock,
    pub status: Status,
}

/// A product in full: the normalized fields plus every field the platform sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub summary: ProductSummary,
    pub list_price: Option<Money>,
    pub category_ids: Vec<u64>,
    pub updated_at: Option<i64>,
    /// The long description, when the platform sent it.
    pub description: Option<String>,
    /// Stock per warehouse; empty on platforms without warehouses.
    pub warehouses: Vec<WarehouseStock>,
    /// Every price by price list and quantity (UGAL); empty on platforms with one price.
    pub prices: Vec<PriceTier>,
    /// The VAT rate the amounts include (0.1960 for 19.6 %), on shops that charge VAT.
    pub vat_rate: Option<Decimal>,
    /// The platform's own object, exactly as received.
    pub raw: serde_json::Value,
}

/// One price of a product: from `quantity` units up, on one price list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceTier {
    pub pricelist: String,
    pub quantity: u32,
    /// As the platform sent it: VAT included on a VAT shop.
    pub amount: Money,
    /// The VAT part of `amount`, on a VAT shop.
    pub vat: Option<Money>,
}

/// Fields to change on a product; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductPatch {
    pub name: Option<String>,
    pub sku: Option<Sku>,
    pub price: Option<Money>,
    pub list_price: Option<Money>,
    pub stock: Option<i64>,
    pub status: Option<Status>,
    pub description: Option<String>,
}

/// A product to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProduct {
    pub name: String,
    pub sku: Option<Sku>,
    pub price: Money,
    pub stock: Option<i64>,
    pub category_ids: Vec<u64>,
    pub status: Status,
}

/// What else happens when a sale is recorded (Valigara's `sold_action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SoldAction {
    /// Only record the sale.
    #[default]
    NoAction,
    /// Also push the new quantity to every channel listing.
    Revise,
    /// Also end every channel listing.
    Remove,
}

impl SoldAction {
    pub const ALL: [SoldAction; 3] = [SoldAction::NoAction, SoldAction::Revise, SoldAction::Remove];

    /// The word the API uses.
    pub fn wire(self) -> &'static str {
        match self {
            SoldAction::NoAction => "no_action",
            SoldAction::Revise => "revise",
            SoldAction::Remove => "remove",
        }
    }

    /// What choosing it does, in a sentence a user reads before confirming.
    pub fn explain(self) -> &'static str {
        match self {
            SoldAction::NoAction => {
                "records the sale and lowers the stock; channel listings are left as they are"
            }
            SoldAction::Revise => {
                "also pushes the new quantity to every channel listing; refused if less than 1 would be left"
            }
            SoldAction::Remove => {
                "also ends every channel listing (eBay, Etsy, ...); at 0 the product is marked sold"
            }
        }
    }

    pub fn next(self) -> SoldAction {
        let index = SoldAction::ALL.iter().position(|a| *a == self).unwrap_or(0);
        SoldAction::ALL[(index + 1) % SoldAction::ALL.len()]
    }
}

/// A sales-channel account products are listed on (Valigara's listings accounts).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ListingAccount {
    pub id: u64,
    /// `etsy`, `ebay`, `amazon`, ...
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: String,
}

/// What is left of a rate-limited action's budget, as last announced or counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub remaining: u64,
    pub limit: u64,
    /// Until one more request is allowed, when none is left now.
    pub refill_in: Option<std::time::Duration>,
}

/// Columns the list can be sorted by on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortField {
    #[default]
    Name,
    Sku,
    Price,
    Stock,
    Status,
    Updated,
}

impl SortField {
    pub const ALL: [SortField; 6] = [
        SortField::Name,
        SortField::Sku,
        SortField::Price,
        SortField::Stock,
        SortField::Status,
        SortField::Updated,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortField::Name => "name",
            SortField::Sku => "sku",
            SortField::Price => "price",
            SortField::Stock => "stock",
            SortField::Status => "status",
            SortField::Updated => "updated",
        }
    }

    /// The next field in `ALL`, wrapping around.
    pub fn next(self) -> SortField {
        let index = SortField::ALL.iter().position(|f| *f == self).unwrap_or(0);
        SortField::ALL[(index + 1) % SortField::ALL.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

impl SortOrder {
    pub fn flipped(self) -> SortOrder {
        match self {
            SortOrder::Ascending => SortOrder::Descending,
            SortOrder::Descending => SortOrder::Ascending,
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            SortOrder::Ascending => "↑",
            SortOrder::Descending => "↓",
        }
    }
}

/// Server-side filters; each platform maps the ones it supports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Words in the product name.
    pub name: Option<String>,
    /// The product code, or part of it.
    pub sku: Option<String>,
    pub category_id: Option<u64>,
    pub price_min: Option<Money>,
    pub price_max: Option<Money>,
    pub stock_min: Option<i64>,
    pub stock_max: Option<i64>,
    pub status: Option<Status>,
    /// A category by its name, where categories are names (Valigara's `category`).
    pub category_name: Option<String>,
    /// One vendor's products only (CS-Cart Multi-Vendor's `/api/vendors/:id/products`).
    pub vendor_id: Option<u64>,
    /// The vendor by (part of) its name, looked up before listing.
    pub vendor_name: Option<String>,
    /// B2B Wave's `status_id` (1 active, 2 discontinued, 3 coming soon), not its active flag.
    pub status_id: Option<u64>,
    /// The items of one product (UGAL's `productId`).
    pub parent_id: Option<u64>,
    /// Only products that changed since the catalog cache was written (applied locally).
    pub changed: bool,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// The filters only the server can apply, nothing in a summary saying them: changing one
    /// means loading the catalog again.
    pub fn server_part(&self) -> Filters {
        Filters {
            category_id: self.category_id,
            category_name: self.category_name.clone(),
            vendor_id: self.vendor_id,
            vendor_name: self.vendor_name.clone(),
            status_id: self.status_id,
            parent_id: self.parent_id,
            ..Filters::default()
        }
    }

    /// These filters without the server's part: what is tested against the loaded rows.
    pub fn local_part(&self) -> Filters {
        Filters {
            category_id: None,
            category_name: None,
            vendor_id: None,
            vendor_name: None,
            status_id: None,
            parent_id: None,
            ..self.clone()
        }
    }

    /// These filters' local part with `server`'s server part.
    pub fn with_server_part_of(&self, server: &Filters) -> Filters {
        Filters {
            category_id: server.category_id,
            category_name: server.category_name.clone(),
            vendor_id: server.vendor_id,
            vendor_name: server.vendor_name.clone(),
            status_id: server.status_id,
            parent_id: server.parent_id,
            ..self.clone()
        }
    }
}

/// What to list: a page of a sorted, filtered catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// 1-based page number.
    pub page: u32,
    pub per_page: u32,
    pub sort: SortField,
    pub order: SortOrder,
    pub filters: Filters,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            page: 1,
            per_page: 50,
            sort: SortField::default(),
            order: SortOrder::default(),
            filters: Filters::default(),
        }
    }
}

/// One page of results and what the server said about the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based page number, as the server reported it.
    pub page: u32,
    pub per_page: u32,
    /// Total matching items, when the platform announces it.
    pub total: Option<u64>,
    /// Whether a further page exists (known from the total, or guessed from a full page).
    pub more: bool,
    /// The items' stock per warehouse, on platforms whose list carries it.
    pub warehouses: Option<WarehouseTable>,
}

impl<T> Page<T> {
    /// The number of pages, when the total is known.
    pub fn page_count(&self) -> Option<u64> {
        let per_page = u64::from(self.per_page.max(1));
        self.total.map(|total| total.div_ceil(per_page).max(1))
    }

    /// The 1-based positions of the first and last items on this page.
    pub fn item_range(&self) -> Option<(u64, u64)> {
        if self.items.is_empty() {
            return None;
        }
        let first = u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page) + 1;
        Some((first, first + self.items.len() as u64 - 1))
    }
}

/// What a profile may do on its platform; the UI offers only these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capabilities {
    pub list: bool,
    pub get: bool,
    pub create: bool,
    pub update: bool,
    pub set_stock: bool,
    pub delete: bool,
    /// Sort fields the server honours.
    pub server_sort: bool,
    /// Whether the platform announces a total, so "last page" can be reached directly.
    pub knows_total: bool,
    /// Sales can be recorded (Valigara's `product_sold`).
    pub mark_sold: bool,
    /// Products are listed on sales channels, which a delete may keep or remove.
    pub channels: bool,
    /// Stock is kept per warehouse.
    pub warehouses: bool,
}

impl Capabilities {
    /// The same capabilities with every write removed.
    pub fn read_only(self) -> Capabilities {
        Capabilities {
            create: false,
            update: false,
            set_stock: false,
            delete: false,
            mark_sold: false,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_precision_and_pads_to_two_places() {
        assert_eq!(
            Money::parse("30").map(|m| m.to_string()),
            Some("30.00".into())
        );
        assert_eq!(
            Money::parse("203.775").map(|m| m.to_string()),
            Some("203.775".into())
        );
        assert_eq!(Money::parse("abc"), None);
    }

    #[test]
    fn page_ranges_follow_the_server_numbers() {
        let page = Page {
            items: vec![(); 25],
            page: 3,
            per_page: 25,
            total: Some(247),
            more: true,
            warehouses: None,
        };
        assert_eq!(page.page_count(), Some(10));
        assert_eq!(page.item_range(), Some((51, 75)));
    }
}
