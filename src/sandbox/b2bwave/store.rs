//! The product table of one B2B Wave sandbox run: seeded products made on demand, written
//! ones kept.

use std::time::{SystemTime, UNIX_EPOCH};

use super::product::Product;
use super::seed;
use crate::sandbox::seeded::{Products, Seeded};

#[derive(Debug)]
pub struct Store {
    pub products: Products<Product>,
    next_id: u64,
    last_write: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let seeded = Seeded::new(1, count, seed::generator(seed), seed::make);
        // Every seeded `updated_at` is at or before the newest; writes come after it.
        let last_write = if count == 0 { 0 } else { seed::NEWEST };
        let products = Products::new(seeded);
        let next_id = products.seeded_end();
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
        self.by_code_except(code, except).is_some()
    }

    pub fn by_code(&self, code: &str) -> Option<u64> {
        self.by_code_except(code, 0)
    }

    /// The lowest id other than `except` whose product has `code`.
    fn by_code_except(&self, code: &str, except: u64) -> Option<u64> {
        let has_code = |p: &Product| p.id != except && p.code.as_deref() == Some(code);
        let seeded = seed::seeded_id(code)
            .filter(|id| self.products.as_seeded(*id))
            .filter(|id| self.products.get(id).is_some_and(|p| has_code(&p)));
        let written = self.products.written().find(|p| has_code(p)).map(|p| p.id);
        seeded.into_iter().chain(written).min()
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
