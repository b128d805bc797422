//! The deterministic demo wholesale catalog: categories, warehouses and products.

mod vocab;

use fastrand::Rng;
use rust_decimal::Decimal;

use super::product::{Product, Variant};
use vocab::{ADJECTIVES, BLURBS, KINDS, TAG_LINES};

pub struct Warehouse {
    pub id: u64,
    pub code: &'static str,
    pub name: &'static str,
}

pub const WAREHOUSES: [Warehouse; 3] = [
    Warehouse {
        id: 1,
        code: "MAIN",
        name: "Main warehouse",
    },
    Warehouse {
        id: 2,
        code: "EAST",
        name: "East depot",
    },
    Warehouse {
        id: 3,
        code: "WEST",
        name: "West depot",
    },
];

/// (id, parent, name). Category 1 is the documentation's, whose sample reads "Sample Category 2".
const CATEGORIES: &[(u64, Option<u64>, &str)] = &[
    (1, None, "Sample Category 2"),
    (10, None, "Food Service"),
    (11, Some(10), "Disposables"),
    (12, Some(10), "Beverages"),
    (13, Some(10), "Kitchen Supplies"),
    (20, None, "Cleaning Supplies"),
    (21, Some(20), "Chemicals"),
    (22, Some(20), "Paper Products"),
    (23, Some(20), "Janitorial Tools"),
    (30, None, "Office"),
    (31, Some(30), "Paper"),
    (32, Some(30), "Writing"),
    (33, Some(30), "Filing"),
    (40, None, "Packaging"),
    (41, Some(40), "Boxes"),
    (42, Some(40), "Tape"),
    (43, Some(40), "Wrap and Mailers"),
    (50, None, "Hardware"),
    (51, Some(50), "Fasteners"),
    (52, Some(50), "Safety"),
];

/// (id, name): the brands `brand_id` may name.
pub const BRANDS: &[(u64, &str)] = &[
    (1, "Sparkle Pro"),
    (2, "Northline"),
    (3, "EcoServe"),
    (4, "Boxwell"),
    (5, "IronGrip"),
    (6, "Clearview"),
    (7, "OfficeMate"),
    (8, "Harbor Foods"),
];

/// VAT classes 1 standard, 2 reduced, 3 zero.
pub const VAT_CLASSES: &[u64] = &[1, 2, 3];
/// Measurement units 1 item, 2 case, 3 box, 4 kg, 5 lb, 6 roll.
pub const MEASUREMENT_UNITS: &[u64] = &[1, 2, 3, 4, 5, 6];

pub fn category_exists(id: u64) -> bool {
    CATEGORIES.iter().any(|(c, ..)| *c == id)
}

pub fn brand_exists(id: u64) -> bool {
    BRANDS.iter().any(|(b, _)| *b == id)
}

/// "Parent/Child" for a subcategory, the name alone for a top-level one, "" when unknown.
pub fn category_path(id: u64) -> String {
    let find = |id: u64| CATEGORIES.iter().find(|(c, ..)| *c == id);
    match find(id) {
        Some((_, Some(parent), name)) => match find(*parent) {
            Some((_, _, parent_name)) => format!("{parent_name}/{name}"),
            None => (*name).to_string(),
        },
        Some((_, None, name)) => (*name).to_string(),
        None => String::new(),
    }
}

/// 2016-09-11T20:05:07.000Z, the documented sample's `created_at` and `updated_at`.
const SAMPLE_TIME: u64 = 1_473_624_307_000;
/// 2025-06-02T14:30:00Z, the newest seeded `updated_at`.
pub const NEWEST: u64 = 1_748_874_600_000;
const DAY: u64 = 86_400_000;
/// The documented sample's product id.
pub const SAMPLE_ID: u64 = 12;
const SAMPLE_CODE: &str = "00001";

/// The generator the catalog's products draw from, in id order.
pub fn generator(seed: u64) -> Rng {
    Rng::with_seed(seed ^ 0x4232_4257_4156_4531)
}

/// Product `id`, its draws starting at `rng`; product 12 is the documentation's sample.
pub fn make(rng: &mut Rng, id: u64) -> Product {
    let mut made = product(rng, id);
    if id == SAMPLE_ID {
        documented(&mut made);
    }
    made
}

/// The seeded product that may have `code`: every generated code ends in `-` and its id.
pub fn seeded_id(code: &str) -> Option<u64> {
    if code == SAMPLE_CODE {
        return Some(SAMPLE_ID);
    }
    let (_, id) = code.rsplit_once('-')?;
    id.parse().ok()
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn cents(n: u64) -> Decimal {
    Decimal::new(i64::try_from(n).unwrap_or(i64::MAX), 2)
}

fn product(rng: &mut Rng, id: u64) -> Product {
    let kind = pick(rng, KINDS);
    let spec = *pick(rng, kind.specs);
    let pack = *pick(rng, kind.packs);
    let adjective = *pick(rng, ADJECTIVES);
    let prefix = match kind.category_id / 10 {
        1 => "FS",
        2 => "CL",
        3 => "OF",
        4 => "PK",
        _ => "HW",
    };
    let updated_at = NEWEST - rng.u64(..400 * DAY) / 1000 * 1000;
    let mut p = Product::blank(id, updated_at - rng.u64(..900 * DAY) / 1000 * 1000);
    p.updated_at = updated_at;
    p.code = Some(format!("{prefix}-{id:05}"));
    p.name = format!("{adjective} {spec} {}, {pack}", kind.noun);
    p.description = Some(format!(
        "<p>{spec} {} from our {} range, sold by the {}.</p><p>{}</p>",
        kind.noun.to_lowercase(),
        adjective.to_lowercase(),
        pack.split(" of ").next().unwrap_or(pack),
        pick(rng, BLURBS),
    ));
    p.category_id = kind.category_id;
    p.code_upc = if rng.u8(..10) < 7 {
        upc(rng)
    } else {
        String::new()
    };
    p.status_id = match rng.u8(..100) {
        0..=81 => 1,
        82..=93 => 2,
        _ => 3,
    };
    p.is_active = match p.status_id {
        1 => rng.u8(..100) >= 4,
        2 => rng.u8(..100) < 30,
        _ => false,
    };
    p.brand_id = (rng.u8(..10) < 7).then(|| pick(rng, BRANDS).0);
    p.promote_category = rng.u8(..20) == 0;
    p.promote_front = rng.u8(..40) == 0;
    let base = rng.u64(kind.cents.0..=kind.cents.1);
    p.prices[0] = Some(cents(base));
    p.prices[1] = (rng.u8(..10) < 4).then(|| cents(base * 95 / 100));
    p.prices[2] = (p.prices[1].is_some() && rng.bool()).then(|| cents(base * 90 / 100));
    p.price_msrp = (rng.u8(..10) < 3).then(|| cents(base * 16 / 10));
    p.minimum_quantity = Decimal::from(*pick(rng, &[0u64, 0, 0, 1, 2, 5, 10]));
    p.vat_class_id = if kind.category_id / 10 == 1 { 2 } else { 1 };
    p.quantity_monitor = rng.u8(..100) >= 12;
    p.can_backorder = rng.u8(..100) < 15;
    for q in &mut p.quantities {
        *q = if rng.u8(..100) < 20 {
            0
        } else {
            rng.i64(1..=400)
        };
    }
    if p.can_backorder && rng.u8(..4) == 0 {
        p.quantities = [-rng.i64(1..=20), 0, 0];
    }
    p.meta_description = (rng.u8(..10) < 3).then(|| format!("Wholesale {}", p.name));
    p.measurement_unit_id = (rng.u8(..10) < 6).then(|| *pick(rng, MEASUREMENT_UNITS));
    p.package_quantity = (rng.u8(..10) < 3).then(|| *pick(rng, &[6u64, 12, 24, 50, 100]));
    p.tag_line = (rng.u8(..10) < 2).then(|| pick(rng, TAG_LINES).to_string());
    if rng.u8(..2) == 0 {
        p.width = Some(Decimal::new(rng.i64(20..=600), 1));
        p.height = Some(Decimal::new(rng.i64(20..=600), 1));
        p.length = Some(Decimal::new(rng.i64(20..=600), 1));
    }
    let images = rng.u8(..4);
    if images > 0 {
        p.image_url = Some(image_url(id, 1));
        p.gallery_image_urls = (2..=images).map(|n| image_url(id, n)).collect();
    }
    if let Some((option, values)) = kind.variants
        && rng.u8(..10) < 3
    {
        let code = p.code.clone().unwrap_or_default();
        p.has_variants = true;
        p.variants = values
            .iter()
            .take(rng.usize(2..=values.len()))
            .map(|value| Variant {
                code: format!("{code}-{}", value.replace(' ', "").to_uppercase()),
                options: vec![(option.to_string(), value.to_string())],
            })
            .collect();
    }
    p
}

fn image_url(id: u64, n: u8) -> String {
    format!("https://images.b2bwave.example/uploads/sparkle/products/images/{id}/original_{n}.jpg")
}

/// A 12-digit UPC-A with a valid check digit.
fn upc(rng: &mut Rng) -> String {
    let digits: Vec<u32> = (0..11).map(|_| rng.u32(..10)).collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    let check = (10 - sum % 10) % 10;
    digits
        .iter()
        .chain(std::iter::once(&check))
        .map(|d| char::from(b'0' + u8::try_from(*d).unwrap_or(0)))
        .collect()
}

/// Product 12 is the documentation's sample, field for field; the quantities (which the
/// list sample leaves out) come from the create sample: 10, with the quantity monitored.
fn documented(p: &mut Product) {
    *p = Product::blank(SAMPLE_ID, SAMPLE_TIME);
    p.name = "Test Product".to_string();
    p.description = Some("Lorem ipsum dolor sit amet, summo copiosae et eam, vim graeco adolescens at, ad eam vocibus platonem. Mutat eloquentiam qui et, everti tritani oblique eu vim, cu maiestatis democritum vix. Ius elit minimum an, mea laoreet fabellas at, ei sint prodesset suscipiantur vim. Mel cu mundi oporteat. Malorum mentitum patrioque ne eam, ius nihil alterum eligendi ut.".to_string());
    p.code = Some(SAMPLE_CODE.to_string());
    p.category_id = 1;
    p.image_url = Some("https://derickl1yuax.cloudfront.net/uploads/c9de301f/products/images/1/original_original_Fotolia_96350048_XS.jpg?1558921789".to_string());
    p.quantities = [10, 0, 0];
    p.variants = [("largebgb", "Large"), ("mediumbgb", "Medium")]
        .into_iter()
        .map(|(code, size)| Variant {
            code: code.to_string(),
            options: vec![("Size".to_string(), size.to_string())],
        })
        .collect();
}
