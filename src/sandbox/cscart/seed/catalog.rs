//! The seeded catalog kept as where each product's draws start, so any product is made again
//! on demand instead of a million being kept in memory.

use super::showcase;
use super::{documented, generate};
use crate::sandbox::cscart::product::Product;

/// The two generators' states when one product's draws begin.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Start {
    product: u64,
    showcase: u64,
}

/// Products 1..=count of the demo catalog, the same for the same seed. Making product `id`
/// again from its `Start` gives exactly what generating the catalog in one pass gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    starts: Vec<Start>,
}

impl Catalog {
    /// Generates the whole catalog once, showing each finished product to `visit`.
    pub fn generate(seed: u64, count: usize, mut visit: impl FnMut(&Product)) -> Catalog {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut dresser = showcase::generator(seed);
        let mut starts = Vec::with_capacity(count);
        let mut group_base = None;
        for id in (1..).take(count) {
            starts.push(Start {
                product: rng.get_seed(),
                showcase: dresser.get_seed(),
            });
            let product = make(&mut rng, &mut dresser, id);
            if id == showcase::VARIATION_PARENT {
                group_base = Some(product.clone());
            }
            match group_base
                .as_ref()
                .filter(|_| showcase::in_variation_group(id))
            {
                Some(base) => showcase::variation(base, id).iter().for_each(&mut visit),
                None => visit(&product),
            }
        }
        Catalog { starts }
    }

    pub fn len(&self) -> u64 {
        self.starts.len() as u64
    }

    /// Product `id` as seeded, or None past the catalog's end.
    pub fn product(&self, id: u64) -> Option<Product> {
        if showcase::in_variation_group(id) && id <= self.len() {
            let base = self.generated(showcase::VARIATION_PARENT)?;
            return showcase::variation(&base, id);
        }
        self.generated(id)
    }

    fn generated(&self, id: u64) -> Option<Product> {
        let start = self.starts.get(usize::try_from(id.checked_sub(1)?).ok()?)?;
        let mut rng = fastrand::Rng::with_seed(start.product);
        let mut dresser = fastrand::Rng::with_seed(start.showcase);
        Some(make(&mut rng, &mut dresser, id))
    }
}

fn make(rng: &mut fastrand::Rng, dresser: &mut fastrand::Rng, id: u64) -> Product {
    match id {
        12 => documented::pants(),
        17 => documented::economics(),
        _ => {
            let mut product = generate(rng, id);
            showcase::dress(dresser, &mut product);
            product
        }
    }
}
