//! The deterministic demo shop: apparel, homeware, bikes, books, kitchen and garden goods.

mod showcase;

use std::collections::BTreeMap;

use fastrand::Rng;
use rust_decimal::Decimal;

use super::item::{Item, PRICELISTS, Price, Product};

/// The documented example's product: the first product of every demo site.
pub const SAMPLE_PRODUCT: u64 = 2786;

const STANDARD_RATE: Decimal = Decimal::from_parts(2000, 0, 0, false, 4);
const REDUCED_RATE: Decimal = Decimal::from_parts(550, 0, 0, false, 4);
/// The documented example's rate.
const SAMPLE_RATE: Decimal = Decimal::from_parts(1960, 0, 0, false, 4);

struct Kind {
    catalog: (u64, &'static str),
    nouns: &'static [&'static str],
    /// Option labels; an item's reference ends with the label's slug.
    options: &'static [&'static str],
    /// Nominal price range in whole euros.
    price: (u32, u32),
    rate: Decimal,
}

const KINDS: &[Kind] = &[
    Kind {
        catalog: (1, "Apparel"),
        nouns: &[
            "T-Shirt",
            "Crew Sweater",
            "Linen Shirt",
            "Denim Jacket",
            "Rain Parka",
            "Beanie",
            "Chinos",
            "Hoodie",
        ],
        options: &[
            "Navy / S",
            "Navy / M",
            "Navy / L",
            "Olive / M",
            "Black / S",
            "Black / L",
            "Sand / XL",
        ],
        price: (19, 149),
        rate: STANDARD_RATE,
    },
    Kind {
        catalog: (2, "Homeware"),
        nouns: &[
            "Ceramic Mug",
            "Tea Towel",
            "Wool Throw",
            "Table Lamp",
            "Scented Candle",
            "Salt & Pepper Mill",
            "Cushion Cover",
        ],
        options: &["White", "Charcoal", "Terracotta", "Sage", "Mustard"],
        price: (8, 89),
        rate: STANDARD_RATE,
    },
    Kind {
        catalog: (3, "Bikes"),
        nouns: &[
            "City Bike",
            "Gravel Bike",
            "Kids' Balance Bike",
            "Folding Bike",
            "Cargo Bike",
        ],
        options: &["Frame S", "Frame M", "Frame L", "Frame XL"],
        price: (249, 2400),
        rate: STANDARD_RATE,
    },
    Kind {
        catalog: (4, "Books"),
        nouns: &[
            "Harbour Lights",
            "The Salt Road",
            "A Field Guide to Moss",
            "Bread & Butter",
            "Night Trains",
            "The Quiet Atlas",
        ],
        options: &["Paperback", "Hardcover", "Large print"],
        price: (9, 39),
        rate: REDUCED_RATE,
    },
    Kind {
        catalog: (5, "Kitchen"),
        nouns: &[
            "Cast Iron Skillet",
            "Chef's Knife",
            "Espresso Cups",
            "Mixing Bowl",
            "Cutting Board",
        ],
        options: &["16 cm", "20 cm", "24 cm", "28 cm"],
        price: (12, 119),
        rate: STANDARD_RATE,
    },
    Kind {
        catalog: (6, "Garden"),
        nouns: &[
            "Watering Can",
            "Terracotta Pot",
            "Pruning Shears",
            "Bird Feeder",
            "Seed Tray",
        ],
        options: &["Small", "Medium", "Large"],
        price: (6, 69),
        rate: STANDARD_RATE,
    },
];

const ADJECTIVES: &[&str] = &[
    "Classic", "Everyday", "Heritage", "Nordic", "Studio", "Field", "Harbour", "Organic",
];

/// Products from id 2786 on, the first the documented example, until `items` items exist.
pub fn products(seed: u64, items: usize) -> BTreeMap<u64, Product> {
    let mut rng = Rng::with_seed(seed ^ 0x5547_414c_5349_4d00);
    let mut products = BTreeMap::new();
    let mut left = items;
    let mut id = SAMPLE_PRODUCT;
    while left > 0 {
        let mut product = if id == SAMPLE_PRODUCT {
            documented()
        } else {
            product(&mut rng, id)
        };
        product.items.truncate(left);
        left -= product.items.len();
        products.insert(id, product);
        id += 1;
    }
    showcase::apply(seed, &mut products);
    products
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn product(rng: &mut Rng, id: u64) -> Product {
    let kind = pick(rng, KINDS);
    let noun = *pick(rng, kind.nouns);
    let title = if kind.catalog.0 == 4 {
        noun.to_string()
    } else {
        format!("{} {noun}", pick(rng, ADJECTIVES))
    };
    let mut options: Vec<&str> = kind.options.to_vec();
    rng.shuffle(&mut options);
    options.truncate(rng.usize(1..=options.len().min(5)));
    let base = rng.u32(kind.price.0..=kind.price.1);
    let items = options
        .iter()
        .map(|label| Item {
            reference: format!("{id}-{}", slug(label)),
            label: (*label).to_string(),
            online: rng.u8(..10) != 0,
            inventory: rng.u32(0..=50),
            vat_rate: kind.rate,
            prices: prices(rng, base),
        })
        .collect();
    Product {
        id,
        path: format!("{}/{}-{id}", slug(kind.catalog.1), slug(&title)),
        title,
        online: rng.u8(..12) != 0,
        catalog: kind.catalog,
        items,
    }
}

/// The nominal price (in whole euros, plus .00/.50/.90/.95), and some of the other tiers,
/// each cheaper by its list's and its quantity's discount.
fn prices(rng: &mut Rng, base: u32) -> Vec<Price> {
    let cents = *pick(rng, &[0, 50, 90, 95]);
    let nominal = Decimal::from(base) + Decimal::new(cents, 2);
    let mut prices = Vec::new();
    for (list, (discount, chance)) in PRICELISTS.iter().zip([(0, 10), (15, 6), (30, 4)]) {
        for (quantity, extra) in [(1, 0), (10, 5), (50, 10)] {
            let nominal_tier = discount == 0 && quantity == 1;
            if !nominal_tier && rng.u8(..10) >= chance.min(if quantity == 1 { 10 } else { 5 }) {
                continue;
            }
            let off = Decimal::new(100 - discount - extra, 2);
            prices.push(Price {
                pricelist: list,
                quantity,
                amount: (nominal * off).round_dp(2),
            });
        }
    }
    prices
}

/// The documentation's example: the Porsche 911 in red (inventory 1, 9400.00 at 0.1960)
/// and in blue.
fn documented() -> Product {
    let item = |reference: &str, label: &str, inventory, amount: i64| Item {
        reference: reference.to_string(),
        label: label.to_string(),
        online: true,
        inventory,
        vat_rate: SAMPLE_RATE,
        prices: vec![
            Price {
                pricelist: PRICELISTS[0],
                quantity: 1,
                amount: Decimal::new(amount * 100, 2),
            },
            Price {
                pricelist: PRICELISTS[1],
                quantity: 1,
                amount: Decimal::new((amount - 400) * 100, 2),
            },
        ],
    };
    Product {
        id: SAMPLE_PRODUCT,
        title: "Porsche 911".to_string(),
        online: true,
        path: "cars/porsche-911".to_string(),
        catalog: (9, "Cars"),
        items: vec![
            item("911-red", "Red", 1, 9400),
            item("911-blue", "Blue", 3, 9600),
        ],
    }
}
