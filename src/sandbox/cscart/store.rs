//! The in-memory product table of one CS-Cart sandbox run.

use std::collections::BTreeMap;

use super::order::{Orders, Sort};
use super::product::Product;
use super::seed;

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    products: BTreeMap<u64, Product>,
    orders: Orders,
    next_id: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let products = seed::products(seed, count);
        let next_id = products.keys().next_back().map_or(1, |id| id + 1);
        let mut orders = Orders::default();
        orders.get(Sort::DEFAULT, &products);
        Store {
            products,
            orders,
            next_id,
        }
    }

    pub fn get(&self, id: u64) -> Option<&Product> {
        self.products.get(&id)
    }

    /// Changes one product with `change`, keeping every list order in step.
    pub fn update<R>(&mut self, id: u64, change: impl FnOnce(&mut Product) -> R) -> Option<R> {
        if !self.products.contains_key(&id) {
            return None;
        }
        self.orders.detach(id, &self.products);
        let result = self.products.get_mut(&id).map(change);
        self.orders.attach(id, &self.products);
        result
    }

    /// The id the next created product gets; ids of deleted products are never reused (auto-increment).
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    pub fn insert(&mut self, product: Product) -> u64 {
        let id = product.id;
        self.next_id = self.next_id.max(id + 1);
        self.orders.detach(id, &self.products);
        self.products.insert(id, product);
        self.orders.attach(id, &self.products);
        id
    }

    pub fn remove(&mut self, id: u64) -> bool {
        self.orders.detach(id, &self.products);
        self.products.remove(&id).is_some()
    }

    /// The products in `sort` order that pass `keep`: how many there are, and those from
    /// the `skip`th on, at most `take`. Nothing is sorted: the filter runs over the table in
    /// id order, and the sorted list is then walked against what it kept.
    pub fn page(
        &mut self,
        sort: Sort,
        keep: Option<&dyn Fn(&Product) -> bool>,
        skip: usize,
        take: usize,
    ) -> (usize, Vec<&Product>) {
        let ids = self.orders.get(sort, &self.products);
        let products = &self.products;
        let Some(keep) = keep else {
            let page = ids
                .iter()
                .skip(skip)
                .take(take)
                .filter_map(|id| products.get(id))
                .collect();
            return (ids.len(), page);
        };
        let mut kept = vec![false; usize::try_from(self.next_id).unwrap_or(usize::MAX)];
        let mut total = 0;
        for product in products.values().filter(|p| keep(p)) {
            if let Some(slot) = usize::try_from(product.id)
                .ok()
                .and_then(|i| kept.get_mut(i))
            {
                *slot = true;
                total += 1;
            }
        }
        let page = ids
            .iter()
            .filter(|id| usize::try_from(**id).is_ok_and(|i| kept.get(i) == Some(&true)))
            .skip(skip)
            .take(take)
            .filter_map(|id| products.get(id))
            .collect();
        (total, page)
    }
}
