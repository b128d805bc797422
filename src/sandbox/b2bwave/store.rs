//! The in-memory product table of one B2B Wave sandbox run.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use super::product::Product;
use super::seed;

#[derive(Debug)]
pub struct Store {
    pub products: BTreeMap<u64, Product>,
    next_id: u64,
    last_write: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let products = seed::products(seed, count);
        let next_id = products.keys().next_back().map_or(1, |id| id + 1);
        let last_write = products.values().map(|p| p.updated_at).max().unwrap_or(0);
        Store {
            products,
            next_id,
            last_write,
        }
    }

    /// The id the next created product will get.
    pub fn peek_id(&self) -> u64 {
        self.next_id
    }

    /// The id a created product gets (auto-increment: never reused).
    pub fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn code_taken(&self, code: &str, except: u64) -> bool {
        self.products
            .values()
            .any(|p| p.id != except && p.code.as_deref() == Some(code))
    }

    pub fn by_code(&self, code: &str) -> Option<u64> {
        self.products
            .values()
            .find(|p| p.code.as_deref() == Some(code))
            .map(|p| p.id)
    }

    /// The time of a write now: the wall clock, but always after every earlier write, so
    /// `updated_at` moves even when two writes share a millisecond.
    pub fn write_time(&mut self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        self.last_write = now.max(self.last_write.saturating_add(1));
        self.last_write
    }
}
