//! Product ids in list order, one list per sort asked for, kept in step with every write.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::product::Product;

/// A list order: the `sort_by` column and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub by: &'static str,
    pub desc: bool,
}

/// The value a product is sorted by, computed once per product when a list is built.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Money(Decimal),
    Text(String),
}

impl Sort {
    /// The catalog's default order: by name, A to Z.
    pub const DEFAULT: Sort = Sort {
        by: "product",
        desc: false,
    };

    fn key(self, p: &Product) -> Key {
        match self.by {
            "date" => Key::Int(p.timestamp),
            "status" => Key::Text(p.status.clone()),
            "list_price" => Key::Money(p.list_price),
            "price" => Key::Money(p.price),
            "code" => Key::Text(p.code.to_lowercase()),
            "amount" => Key::Int(p.amount),
            _ => Key::Text(p.name.to_lowercase()),
        }
    }

    fn direct(self, order: Ordering) -> Ordering {
        if self.desc { order.reverse() } else { order }
    }

    /// judgment: ties go by ascending product_id in both directions, so pages are stable.
    pub fn compare(self, a: &Product, b: &Product) -> Ordering {
        self.direct(self.key(a).cmp(&self.key(b)))
            .then(a.id.cmp(&b.id))
    }
}

/// The sorted id lists built so far. A list is built on first use and then moved along
/// with each write (a product leaves its place before it changes and is put back after),
/// so no list request after the first sorts the catalog again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Orders {
    lists: HashMap<Sort, Vec<u64>>,
}

impl Orders {
    /// The ids of every product in `sort` order.
    pub fn get(&mut self, sort: Sort, products: &BTreeMap<u64, Product>) -> &[u64] {
        self.lists
            .entry(sort)
            .or_insert_with(|| build(sort, products))
    }

    /// Takes `id` out of every list; call it while the product still has its old values.
    pub fn detach(&mut self, id: u64, products: &BTreeMap<u64, Product>) {
        let Some(product) = products.get(&id) else {
            return;
        };
        for (sort, list) in &mut self.lists {
            let at = place(*sort, list, product, products);
            if list.get(at) == Some(&id) {
                list.remove(at);
            } else if let Some(at) = list.iter().position(|other| *other == id) {
                list.remove(at);
            }
        }
    }

    /// Puts `id` into every list at the place its current values give it.
    pub fn attach(&mut self, id: u64, products: &BTreeMap<u64, Product>) {
        let Some(product) = products.get(&id) else {
            return;
        };
        for (sort, list) in &mut self.lists {
            let at = place(*sort, list, product, products);
            list.insert(at, id);
        }
    }
}

fn build(sort: Sort, products: &BTreeMap<u64, Product>) -> Vec<u64> {
    // Ids come in ascending order, and the stable sort keeps it among equal keys.
    let mut keyed: Vec<(Key, u64)> = products.values().map(|p| (sort.key(p), p.id)).collect();
    keyed.sort_by(|a, b| sort.direct(a.0.cmp(&b.0)));
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// The index of the first id in `list` that does not sort before `product`.
fn place(sort: Sort, list: &[u64], product: &Product, products: &BTreeMap<u64, Product>) -> usize {
    list.partition_point(|other| {
        products
            .get(other)
            .is_some_and(|other| sort.compare(other, product) == Ordering::Less)
    })
}
