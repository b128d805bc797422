//! Every price-list shape laid over the generated shop, so a demo shows them all: items with
//! no price at all and items with the nominal price alone, beside the tiers and lists.

use std::collections::BTreeMap;

use super::SAMPLE_PRODUCT;
use crate::sandbox::ugal::item::{PRICELISTS, Product};

/// Lays the shapes over `products` from a generator of its own, so every other field stays as
/// generated and the documented product stays exactly as documented.
pub fn apply(seed: u64, products: &mut BTreeMap<u64, Product>) {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5052_4943_4553_4850);
    for product in products.values_mut() {
        if product.id == SAMPLE_PRODUCT {
            continue;
        }
        for item in &mut product.items {
            match rng.u8(..100) {
                // judgment: an item not yet priced (price on request) sends an empty
                // `<prices/>` and its list row no `<price>`; the document shows neither case.
                0..3 => item.prices.clear(),
                3..18 => item
                    .prices
                    .retain(|p| p.pricelist == PRICELISTS[0] && p.quantity == 1),
                _ => {}
            }
        }
    }
}
