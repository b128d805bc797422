//! The less common kinds of product laid over the generated catalog, so a demo shows them:
//! stock not tracked, not returnable, features of every type and one variation group.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{CARE, MATERIAL, SIZE, WARRANTY, WATERPROOF, id_path};
use crate::sandbox::cscart::product::{FeatureValue, Product, slug};

/// The main product of the demo's variation group; its variations follow it.
pub const VARIATION_PARENT: u64 = 40;
/// The group's sizes, the main product's first (variant ids of `SIZE`).
const SIZES: [(u64, &str, i64); 4] = [
    (1301, "S", 14),
    (1302, "M", 0),
    (1303, "L", 9),
    (1304, "XL", 3),
];
const APPAREL: u64 = 223;
const ELECTRONICS: u64 = 166;
const SPORTS: u64 = 203;
const CARE_TEXTS: &[&str] = &[
    "Machine wash at 30°C, do not tumble dry",
    "Hand wash cold, dry flat",
    "Wipe clean with a damp cloth",
];

/// Lays the showcase over `products`, leaving the documented products (12 and 17) exactly as
/// they are and drawing from its own generator, so every other field stays as generated.
pub fn apply(seed: u64, products: &mut BTreeMap<u64, Product>) {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5348_4f57_4341_5345);
    for (id, product) in products.iter_mut() {
        if matches!(id, 12 | 17) {
            continue;
        }
        // judgment: CS-Cart keeps the stored `amount` of a product it does not track.
        if rng.u8(..100) < 8 {
            product.fields.insert("tracking".into(), "D".into());
        }
        if rng.u8(..100) < 10 {
            product.fields.insert("is_returnable".into(), "N".into());
            product.fields.insert("return_period".into(), "0".into());
        }
        describe(&mut rng, product);
    }
    variation_group(products);
}

/// Features by department: materials and care for apparel, a warranty for electronics,
/// waterproofing for electronics and sports.
fn describe(rng: &mut fastrand::Rng, product: &mut Product) {
    let path = id_path(product.main_category());
    if path.contains(&APPAREL) && rng.u8(..100) < 60 {
        let first = rng.u64(1401..=1404);
        product.features.push((MATERIAL, first));
        if rng.bool() {
            product.features.push((MATERIAL, 1405));
        }
        let care = CARE_TEXTS[rng.usize(..CARE_TEXTS.len())];
        product
            .feature_values
            .push((CARE, FeatureValue::Text(care.to_owned())));
    }
    if path.contains(&ELECTRONICS) && rng.u8(..100) < 50 {
        let months = [12, 24, 36][rng.usize(..3)];
        product
            .feature_values
            .push((WARRANTY, FeatureValue::Number(Decimal::from(months))));
    }
    if (path.contains(&ELECTRONICS) || path.contains(&SPORTS)) && rng.u8(..100) < 30 {
        product
            .feature_values
            .push((WATERPROOF, FeatureValue::Checkbox(rng.u8(..3) != 0)));
    }
}

/// A jacket in four sizes: the main product (`product_type` P) and three variations
/// (`product_type` V, `parent_product_id` the main one), all sharing the `SIZE` feature.
/// judgment: CS-Cart's source marks the variations `V` and leaves the main product `P`; the
/// document's filter wording ("V: a main Product Variation") reads either way.
fn variation_group(products: &mut BTreeMap<u64, Product>) {
    let Some(base) = products.get(&VARIATION_PARENT).cloned() else {
        return;
    };
    for (offset, (variant_id, size, amount)) in (0u64..).zip(SIZES) {
        let id = VARIATION_PARENT + offset;
        if !products.contains_key(&id) {
            break;
        }
        let mut product =
            Product::new(id, "Trail Running Jacket".into(), vec![224], base.timestamp);
        product.code = format!("J{id:04}TRJ{size:0>2}");
        product.seo_name = slug(&format!("trail running jacket {size}"));
        product.company_id = 6;
        product.price = Decimal::new(8900, 2);
        product.list_price = Decimal::new(11900, 2);
        product.amount = amount;
        product.updated_timestamp = base.updated_timestamp;
        product.image = base.image.clone();
        product.features = vec![(SIZE, variant_id), (MATERIAL, 1403)];
        product.feature_values = vec![(WATERPROOF, FeatureValue::Checkbox(true))];
        product.fields.insert("tax_ids".into(), "6".into());
        product.fields.insert(
            "short_description".into(),
            format!("<p>A light, waterproof running jacket, size {size}.</p>"),
        );
        if offset > 0 {
            product.fields.insert("product_type".into(), "V".into());
            product
                .fields
                .insert("parent_product_id".into(), VARIATION_PARENT.to_string());
        }
        products.insert(id, product);
    }
}
