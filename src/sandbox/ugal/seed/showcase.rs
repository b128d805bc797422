//! Every price-list shape laid over the generated shop, so a demo shows them all: items with
//! no price at all and items with the nominal price alone, beside the tiers and lists.

use super::SAMPLE_PRODUCT;
use crate::sandbox::ugal::item::{PRICELISTS, Product};

/// The generator the shapes draw from, apart from the products' own, so every other field
/// stays as generated.
pub fn generator(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed ^ 0x5052_4943_4553_4850)
}

/// Lays the shapes over one product; products are dressed in id order from one `generator`,
/// and the documented product draws nothing and stays exactly as documented.
pub fn dress(rng: &mut fastrand::Rng, product: &mut Product) {
    if product.id == SAMPLE_PRODUCT {
        return;
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
