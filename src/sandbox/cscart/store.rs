//! The product table of one CS-Cart sandbox run: the seeded catalog, made again product by
//! product on demand, under the products written since.

use std::collections::BTreeMap;

use super::order::{Orders, Sort, SortedList};
use super::product::Product;
use super::seed::Catalog;

/// Every product of the store: the seeded ones that were not written, and the written ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    seeded: Catalog,
    /// Products created or changed since seeding, and `None` for a deleted one.
    written: BTreeMap<u64, Option<Product>>,
}

impl Table {
    pub fn get(&self, id: u64) -> Option<Product> {
        match self.written.get(&id) {
            Some(written) => written.clone(),
            None => self.seeded.product(id),
        }
    }

    /// Every product in ascending id order, seeded ones made as the walk reaches them.
    pub fn each(&self) -> impl Iterator<Item = Product> + '_ {
        let last_written = self.written.keys().next_back().copied().unwrap_or(0);
        (1..=self.seeded.len().max(last_written)).filter_map(|id| self.get(id))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    table: Table,
    orders: Orders,
    next_id: u64,
}

impl Store {
    pub fn seeded(seed: u64, count: usize) -> Store {
        let mut by_name = SortedList::new(Sort::DEFAULT, count);
        let seeded = Catalog::generate(seed, count, |p| by_name.add(p));
        Store {
            next_id: seeded.len() + 1,
            table: Table {
                seeded,
                written: BTreeMap::new(),
            },
            orders: Orders::with_list(by_name),
        }
    }

    pub fn get(&self, id: u64) -> Option<Product> {
        self.table.get(id)
    }

    /// Changes one product with `change`, keeping every list order in step.
    pub fn update<R>(&mut self, id: u64, change: impl FnOnce(&mut Product) -> R) -> Option<R> {
        let mut product = self.table.get(id)?;
        self.orders.detach(&product, &self.table);
        let result = change(&mut product);
        self.write(product);
        Some(result)
    }

    /// The id the next created product gets; ids of deleted products are never reused (auto-increment).
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    pub fn insert(&mut self, product: Product) -> u64 {
        let id = product.id;
        self.next_id = self.next_id.max(id + 1);
        if let Some(old) = self.table.get(id) {
            self.orders.detach(&old, &self.table);
        }
        self.write(product);
        id
    }

    pub fn remove(&mut self, id: u64) -> bool {
        let Some(old) = self.table.get(id) else {
            return false;
        };
        self.orders.detach(&old, &self.table);
        self.table.written.insert(id, None);
        true
    }

    /// Stores `product` and puts it into every list order.
    fn write(&mut self, product: Product) {
        let id = product.id;
        self.table.written.insert(id, Some(product));
        if let Some(Some(product)) = self.table.written.get(&id) {
            self.orders.attach(product, &self.table);
        }
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
    ) -> (usize, Vec<Product>) {
        let ids = self.orders.get(sort, &self.table);
        let table = &self.table;
        let Some(keep) = keep else {
            let page = ids
                .iter()
                .skip(skip)
                .take(take)
                .filter_map(|id| table.get(u64::from(*id)))
                .collect();
            return (ids.len(), page);
        };
        let mut kept = vec![false; usize::try_from(self.next_id).unwrap_or(usize::MAX)];
        let mut total = 0;
        for product in table.each().filter(|p| keep(p)) {
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
            .filter_map(|id| table.get(u64::from(*id)))
            .collect();
        (total, page)
    }
}
