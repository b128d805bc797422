//! The in-memory catalog of one Valigara sandbox run.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use super::product::Product;
use super::seed;

#[derive(Debug)]
pub struct Store {
    pub products: BTreeMap<u64, Product>,
    next_id: u64,
    listings: fastrand::Rng,
    last_write: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let products = seed::products(seed, count);
        let next_id = products
            .keys()
            .next_back()
            .map_or(seed::FIRST_ID, |id| id + 1);
        let last_write = products.values().map(|p| p.updated_at).max().unwrap_or(0);
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
        self.products
            .values()
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
