//! The in-memory product table of one CS-Cart sandbox run.

use std::collections::BTreeMap;

use super::product::Product;
use super::seed;

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub products: BTreeMap<u64, Product>,
    next_id: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let products = seed::products(seed, count);
        let next_id = products.keys().next_back().map_or(1, |id| id + 1);
        Store { products, next_id }
    }

    pub fn get(&self, id: u64) -> Option<&Product> {
        self.products.get(&id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Product> {
        self.products.get_mut(&id)
    }

    /// The id the next created product gets; ids of deleted products are never reused (auto-increment).
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    pub fn insert(&mut self, product: Product) -> u64 {
        let id = product.id;
        self.next_id = self.next_id.max(id + 1);
        self.products.insert(id, product);
        id
    }

    pub fn remove(&mut self, id: u64) -> bool {
        self.products.remove(&id).is_some()
    }
}
