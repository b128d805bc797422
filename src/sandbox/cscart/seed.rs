//! The deterministic demo catalog: category tree, vendors, features and generated products.

mod documented;
mod showcase;
mod vocab;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::product::{Image, Product, slug};
use vocab::{BOOK_SUBTITLES, COLORS, DEPARTMENTS, Department, FOREIGN, SENTENCES};

/// A category of the demo tree; `parent` 0 marks a root.
pub struct Category {
    pub id: u64,
    pub parent: u64,
    pub name: &'static str,
}

const fn cat(id: u64, parent: u64, name: &'static str) -> Category {
    Category { id, parent, name }
}

pub const CATEGORIES: &[Category] = &[
    cat(166, 0, "Electronics"),
    cat(167, 166, "Computers"),
    cat(172, 167, "Laptops"),
    cat(173, 167, "Tablets"),
    cat(168, 166, "Phones"),
    cat(169, 166, "Audio"),
    cat(170, 166, "Cameras"),
    cat(171, 170, "Lenses"),
    cat(203, 0, "Sports & Outdoors"),
    cat(204, 203, "Fitness"),
    cat(205, 203, "Cycling"),
    cat(206, 203, "Camping"),
    cat(219, 0, "Books"),
    cat(220, 219, "Fiction"),
    cat(221, 219, "Science"),
    cat(222, 219, "Business & Economics"),
    cat(223, 0, "Apparel"),
    cat(224, 223, "Men's Clothing"),
    cat(225, 223, "Women's Clothing"),
    cat(226, 223, "Shoes"),
    cat(227, 223, "Accessories"),
    cat(228, 0, "Home & Garden"),
    cat(229, 228, "Kitchen"),
    cat(230, 228, "Furniture"),
    cat(231, 228, "Garden"),
    cat(232, 228, "Decor"),
    cat(250, 0, "Toys & Games"),
    cat(251, 250, "Board Games"),
    cat(252, 250, "Puzzles"),
    cat(260, 0, "Sale"),
];

const SALE: u64 = 260;

/// Vendors (companies) of the marketplace, by company_id.
pub const VENDORS: &[(u64, &str)] = &[
    (1, "Simtech"),
    (2, "Northwind Outfitters"),
    (3, "Kettle & Co"),
    (4, "Pixel Harbor"),
    (5, "Bookworm Depot"),
    (6, "Alpine Gear"),
];

/// A product feature with its variants; `icons` gives each variant a logo image.
pub struct Feature {
    pub id: u64,
    pub filter_id: u64,
    pub name: &'static str,
    pub feature_type: &'static str,
    pub purpose: &'static str,
    pub on_header: &'static str,
    pub icons: bool,
    pub variants: &'static [(u64, &'static str)],
}

pub const BRAND: u64 = 18;
pub const COLOR: u64 = 549;
/// The feature the demo's variation group varies by.
pub const SIZE: u64 = 550;
/// A multiple-choice feature (type `M`): a product may have several of its variants.
pub const MATERIAL: u64 = 551;

pub const FEATURES: &[Feature] = &[
    Feature {
        id: BRAND,
        filter_id: 10,
        name: "Brand",
        feature_type: "E",
        purpose: "organize_catalog",
        on_header: "Y",
        icons: true,
        variants: &[
            (86, "Adidas"),
            (87, "Nike"),
            (88, "Puma"),
            (89, "Sony"),
            (90, "Samsung"),
            (91, "Apple"),
            (92, "Lenovo"),
            (93, "Anker"),
            (94, "Philips"),
            (95, "Wilson"),
            (96, "Decathlon"),
            (97, "Garmin"),
            (98, "Penguin"),
            (99, "O'Reilly"),
            (100, "HarperCollins"),
            (101, "Vintage"),
            (102, "Levi's"),
            (103, "Uniqlo"),
            (104, "Patagonia"),
            (105, "Zara"),
            (106, "IKEA"),
            (107, "Bosch"),
            (108, "Tefal"),
            (109, "Le Creuset"),
            (110, "Fiskars"),
            (111, "Lego"),
            (112, "Hasbro"),
            (113, "Ravensburger"),
        ],
    },
    Feature {
        id: COLOR,
        filter_id: 14,
        name: "Color",
        feature_type: "S",
        purpose: "find_products",
        on_header: "N",
        icons: false,
        variants: &[
            (1201, "Black"),
            (1202, "Navy"),
            (1203, "Olive"),
            (1204, "Sand"),
            (1205, "Red"),
            (1206, "White"),
            (1207, "Grey"),
            (1208, "Teal"),
        ],
    },
    Feature {
        id: SIZE,
        filter_id: 15,
        name: "Size",
        feature_type: "S",
        purpose: "group_variation_catalog_item",
        on_header: "N",
        icons: false,
        variants: &[(1301, "S"), (1302, "M"), (1303, "L"), (1304, "XL")],
    },
    Feature {
        id: MATERIAL,
        filter_id: 16,
        name: "Material",
        feature_type: "M",
        purpose: "find_products",
        on_header: "N",
        icons: false,
        variants: &[
            (1401, "Cotton"),
            (1402, "Merino wool"),
            (1403, "Recycled polyester"),
            (1404, "Leather"),
            (1405, "Elastane"),
        ],
    },
];

/// A feature without variants: its value is stored on the product itself.
pub struct ValueFeature {
    pub id: u64,
    pub name: &'static str,
    /// `C` checkbox, `O` number, `T` text.
    pub feature_type: &'static str,
    pub suffix: &'static str,
}

pub const WATERPROOF: u64 = 552;
pub const WARRANTY: u64 = 553;
pub const CARE: u64 = 554;

pub const VALUE_FEATURES: &[ValueFeature] = &[
    ValueFeature {
        id: WATERPROOF,
        name: "Waterproof",
        feature_type: "C",
        suffix: "",
    },
    ValueFeature {
        id: WARRANTY,
        name: "Warranty",
        feature_type: "O",
        suffix: " months",
    },
    ValueFeature {
        id: CARE,
        name: "Care instructions",
        feature_type: "T",
        suffix: "",
    },
];

pub fn category(id: u64) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.id == id)
}

/// Category ids from the root down to `id` (CS-Cart's id_path, used as seo_path).
pub fn id_path(id: u64) -> Vec<u64> {
    let mut path = Vec::new();
    let mut current = category(id);
    while let Some(c) = current {
        if path.contains(&c.id) {
            break;
        }
        path.push(c.id);
        current = category(c.parent);
    }
    path.reverse();
    path
}

/// `id` and every category below it.
pub fn subtree(id: u64) -> Vec<u64> {
    CATEGORIES
        .iter()
        .filter(|c| id_path(c.id).contains(&id))
        .map(|c| c.id)
        .collect()
}

fn variant_id(feature: u64, name: &str) -> Option<u64> {
    let feature = FEATURES.iter().find(|f| f.id == feature)?;
    feature
        .variants
        .iter()
        .find(|(_, v)| *v == name)
        .map(|(id, _)| *id)
}

const EPOCH_2012: i64 = 1_325_376_000;
const EPOCH_2024_07: i64 = 1_719_792_000;

/// The demo catalog: products 1..=count, the same for the same seed.
pub fn products(seed: u64, count: usize) -> BTreeMap<u64, Product> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = BTreeMap::new();
    for id in 1..=count as u64 {
        let product = match id {
            12 => documented::pants(),
            17 => documented::economics(),
            _ => generate(&mut rng, id),
        };
        out.insert(id, product);
    }
    showcase::apply(seed, &mut out);
    out
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn generate(rng: &mut fastrand::Rng, id: u64) -> Product {
    let dept = pick(rng, DEPARTMENTS);
    let shelf = pick(rng, dept.shelves);
    let brand = *pick(rng, dept.brands);
    let noun = *pick(rng, shelf.nouns);
    let adjective = *pick(rng, dept.adjectives);
    let color = *pick(rng, COLORS);
    let (name, category_id, branded) = if rng.u8(..100) < 10 {
        let (name, category) = *pick(rng, FOREIGN);
        let name = if rng.bool() {
            name.to_string()
        } else {
            format!("{name} {}", rng.u8(2..20))
        };
        (name, category, false)
    } else {
        let (name, branded) = product_name(rng, dept, brand, adjective, noun, color);
        (name, shelf.category, branded)
    };
    let now = rng.i64(EPOCH_2012..EPOCH_2024_07);
    let mut p = Product::new(id, name, vec![category_id], now);
    p.code = product_code(rng, id);
    p.status = match rng.u8(..100) {
        0..86 => "A",
        86..94 => "D",
        _ => "H",
    }
    .to_string();
    p.company_id = if rng.u8(..100) < 30 {
        1
    } else {
        rng.u64(2..=6)
    };
    let (lo, hi) = dept.price;
    let whole = (lo as f64 * (hi as f64 / lo as f64).powf(rng.f64())).floor() as i64;
    let odd_cents = rng.i64(0..100);
    let cents = *pick(rng, &[0, 99, 99, 49, 95, 50, odd_cents]);
    p.price = Decimal::new(whole * 100 + cents, 2);
    p.list_price = match rng.u8(..100) {
        0..30 => {
            let up = Decimal::new(rng.i64(105..160), 2);
            (p.price * up).round()
        }
        30..45 => p.price,
        _ => Decimal::ZERO,
    };
    if p.list_price > p.price && rng.u8(..100) < 30 {
        p.category_ids.push(SALE);
    }
    p.amount = if rng.u8(..100) < 12 {
        0
    } else {
        rng.i64(1..=500)
    };
    p.updated_timestamp = if rng.u8(..100) < 30 {
        p.timestamp
    } else {
        rng.i64(p.timestamp..=EPOCH_2024_07 + 86_400 * 300)
    };
    p.has_options = rng.u8(..100) < 20;
    if rng.u8(..100) < 85 {
        let (width, height) = *pick(
            rng,
            &[(500, 500), (510, 680), (800, 600), (1000, 1000), (600, 900)],
        );
        p.image = Some(Image {
            pair_id: 1000 + id,
            detailed_id: 2000 + id,
            relative_path: format!(
                "detailed/{}/{}_{:08x}.jpg",
                id / 1000,
                slug(&p.name),
                rng.u32(..)
            ),
            width,
            height,
        });
    }
    if (branded || rng.u8(..100) < 40)
        && let Some(variant) = variant_id(BRAND, brand).filter(|_| rng.u8(..100) < 80)
    {
        p.features.push((BRAND, variant));
    }
    if !dept.books
        && rng.u8(..100) < 35
        && let Some(variant) = variant_id(COLOR, color)
    {
        p.features.push((COLOR, variant));
    }
    p.fields.insert("tax_ids".into(), "6".into());
    if rng.u8(..100) < 15 {
        p.fields.insert("free_shipping".into(), "Y".into());
    }
    if dept.books {
        p.fields
            .insert("weight".into(), format!("0.{:03}", rng.u16(200..999)));
    }
    let category_name = category(category_id).map_or("", |c| c.name);
    let mut full = format!("<p>{adjective} {noun} by {brand}.");
    for _ in 0..rng.usize(1..4) {
        full.push(' ');
        let sentence = *pick::<&str>(rng, SENTENCES);
        full.push_str(sentence);
    }
    full.push_str("</p>");
    p.fields.insert(
        "short_description".into(),
        format!(
            "<p>{adjective} {} from our {category_name} range.</p>",
            noun.to_lowercase()
        ),
    );
    p.fields.insert("full_description".into(), full);
    p.fields.insert(
        "meta_keywords".into(),
        format!(
            "{}, {}, {}",
            noun.to_lowercase(),
            brand.to_lowercase(),
            category_name.to_lowercase()
        ),
    );
    p
}

/// A name for a product of `dept`; true when the brand is part of it.
fn product_name(
    rng: &mut fastrand::Rng,
    dept: &Department,
    brand: &str,
    adjective: &str,
    noun: &str,
    color: &str,
) -> (String, bool) {
    if dept.books {
        let article = match (rng.bool(), adjective.starts_with(['A', 'E', 'I', 'O', 'U'])) {
            (true, _) => "The",
            (false, true) => "An",
            (false, false) => "A",
        };
        let subtitle = pick(rng, BOOK_SUBTITLES);
        return (format!("{article} {adjective} {noun}{subtitle}"), false);
    }
    match rng.u8(..4) {
        0 => (format!("{brand} {adjective} {noun}"), true),
        1 => (format!("{adjective} {noun} - {color}"), false),
        2 => (
            format!(
                "{brand} {noun} {}{}",
                pick(rng, &["X", "S", "Pro ", "Air ", "M"]),
                rng.u16(1..900)
            ),
            true,
        ),
        _ => (format!("{adjective} {noun}"), false),
    }
}

/// A code in the demo data's style: a letter, the id in four digits, five letters or digits.
fn product_code(rng: &mut fastrand::Rng, id: u64) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut code = String::new();
    code.push(rng.uppercase());
    code.push_str(&format!("{id:04}"));
    for _ in 0..5 {
        code.push(char::from(*pick(rng, ALNUM)));
    }
    code
}
