//! The site's products, items and prices, and how each is shown on the wire.

use rust_decimal::{Decimal, RoundingStrategy};

use super::node::Node;

/// The price lists every demo site has, in the order prices are shown.
pub const PRICELISTS: [&str; 3] = ["default", "pro", "wholesale"];
pub const CURRENCY: &str = "eur";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: u64,
    pub title: String,
    pub online: bool,
    /// The storefront path, e.g. `cars/porsche-911`.
    pub path: String,
    pub catalog: (u64, &'static str),
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub reference: String,
    pub label: String,
    pub online: bool,
    pub inventory: u32,
    /// Used only on a VAT site.
    pub vat_rate: Decimal,
    pub prices: Vec<Price>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    pub pricelist: &'static str,
    pub quantity: u32,
    /// VAT included on a VAT site.
    pub amount: Decimal,
}

impl Price {
    fn rank(&self) -> (usize, u32) {
        let list = PRICELISTS.iter().position(|p| *p == self.pricelist);
        (list.unwrap_or(PRICELISTS.len()), self.quantity)
    }
}

/// judgment: prices are kept sorted by price list then quantity, whatever order they were sent in.
pub fn sort_prices(prices: &mut [Price]) {
    prices.sort_by_key(Price::rank);
}

/// The VAT part of a VAT-inclusive amount, rounded half-up to the cent.
pub fn vat(amount: Decimal, rate: Decimal) -> Decimal {
    let net = amount.checked_div(Decimal::ONE + rate).unwrap_or(amount);
    (amount - net).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn money(amount: Decimal) -> Node {
    Node::text(format!("{amount:.2}"))
}

fn status(online: bool) -> Node {
    Node::text(if online { "online" } else { "offline" })
}

/// How links are written: the site's base URL and the extension of the request.
pub struct Links<'a> {
    pub base: &'a str,
    pub ext: &'a str,
}

impl Links<'_> {
    fn item(&self, reference: &str) -> Node {
        Node::text(format!(
            "{}/api/v1/items/{reference}{}",
            self.base, self.ext
        ))
    }

    fn product(&self, id: u64) -> Node {
        Node::text(format!("{}/api/v1/products/{id}{}", self.base, self.ext))
    }
}

impl Item {
    pub fn nominal(&self) -> Option<&Price> {
        self.prices
            .iter()
            .find(|p| p.pricelist == PRICELISTS[0] && p.quantity == 1)
    }

    /// A row of the collection; inside a product's `<items>` the `<product>` is left out.
    pub fn summary(&self, product: Option<&Product>, links: &Links<'_>) -> Node {
        let mut fields = self.head();
        if let Some(price) = self.nominal() {
            fields.push(("price", money(price.amount)));
        }
        fields.push(("link", links.item(&self.reference)));
        if let Some(product) = product {
            fields.push(("product", product.brief(links)));
        }
        Node::Record(fields)
    }

    /// The whole item with its prices; `vat` and `vatrate` only on a VAT site.
    pub fn full(&self, product: &Product, links: &Links<'_>, vat_site: bool) -> Node {
        let mut fields = self.head();
        if vat_site {
            fields.push(("vatrate", Node::text(format!("{:.4}", self.vat_rate))));
        }
        fields.push(("product", product.brief(links)));
        let prices = self
            .prices
            .iter()
            .map(|price| {
                let mut fields = vec![
                    ("pricelist", Node::text(price.pricelist)),
                    ("quantity", Node::text(price.quantity.to_string())),
                    ("currency", Node::text(CURRENCY)),
                    ("amount", money(price.amount)),
                ];
                if vat_site {
                    fields.push(("vat", money(vat(price.amount, self.vat_rate))));
                }
                Node::Record(fields)
            })
            .collect();
        fields.push(("prices", Node::List("price", prices)));
        Node::Record(fields)
    }

    fn head(&self) -> Vec<(&'static str, Node)> {
        vec![
            ("reference", Node::text(self.reference.as_str())),
            ("status", status(self.online)),
            ("label", Node::text(self.label.as_str())),
            ("inventory", Node::text(self.inventory.to_string())),
        ]
    }
}

impl Product {
    fn url(&self, links: &Links<'_>) -> Node {
        Node::text(format!("{}/{}", links.base, self.path))
    }

    /// The `<product>` inside an item.
    fn brief(&self, links: &Links<'_>) -> Node {
        Node::Record(vec![
            ("id", Node::text(self.id.to_string())),
            ("title", Node::text(self.title.as_str())),
            ("status", status(self.online)),
            ("url", self.url(links)),
            ("link", links.product(self.id)),
        ])
    }

    pub fn full(&self, links: &Links<'_>) -> Node {
        let (catalog_id, catalog_title) = self.catalog;
        let items = self
            .items
            .iter()
            .map(|item| item.summary(None, links))
            .collect();
        Node::Record(vec![
            ("id", Node::text(self.id.to_string())),
            ("title", Node::text(self.title.as_str())),
            ("status", status(self.online)),
            ("url", self.url(links)),
            ("link", links.product(self.id)),
            (
                "catalog",
                Node::Record(vec![
                    ("id", Node::text(catalog_id.to_string())),
                    ("title", Node::text(catalog_title)),
                ]),
            ),
            ("items", Node::List("item", items)),
        ])
    }
}
