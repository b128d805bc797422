//! The catalog of one Valigara sandbox run: seeded products made on demand, written ones kept.

use std::time::{SystemTime, UNIX_EPOCH};

use super::product::Product;
use super::seed;
use crate::sandbox::seeded::{Products, Seeded};

#[derive(Debug)]
pub struct Store {
    pub products: Products<Product>,
    next_id: u64,
    listings: fastrand::Rng,
    last_write: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let seeded = Seeded::new(seed::FIRST_ID, count, seed::generator(seed), seed::make);
        // Every seeded `updated_at` is at or before the newest; writes come after it.
        let last_write = if count == 0 { 0 } else { seed::NEWEST };
        let products = Products::new(seeded);
        let next_id = products.seeded_end();
        Store {
            products,
            next_id,
            listings: fastrand::Rng::with_seed(seed),
            last_write,
        }
    }

    /// Ids of deleted products are never reused.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn sku_taken(&self, sku: &str, except: u64) -> bool {
        let seeded =
            seed::seeded_id(sku).is_some_and(|id| id != except && self.products.as_seeded(id));
        seeded
            || self
                .products
                .written()
                .any(|p| p.sku == sku && p.id != except)
    }

    /// The `updated_at` of a write now: the wall clock, but always after the previous write.
    pub fn write_time(&mut self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        self.last_write = now.max(self.last_write + 1);
        self.last_write
    }

    pub fn new_listing_id(&mut self, channel: &str) -> String {
        seed::listing_id(channel, self.listings.u64(..))
    }
}
