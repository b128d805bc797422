//! Product ids in list order, one list per sort asked for, kept in step with every write.

use std::cmp::Ordering;
use std::collections::HashMap;

use rust_decimal::Decimal;

use super::product::Product;
use super::store::Table;

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
    lists: HashMap<Sort, Vec<u32>>,
}

impl Orders {
    /// Orders that start with one list already built.
    pub fn with_list(list: SortedList) -> Orders {
        Orders {
            lists: HashMap::from([(list.sort, list.finish())]),
        }
    }

    /// The ids of every product in `sort` order.
    pub fn get(&mut self, sort: Sort, table: &Table) -> &[u32] {
        self.lists.entry(sort).or_insert_with(|| {
            let mut list = SortedList::new(sort, 0);
            table.each().for_each(|p| list.add(&p));
            list.finish()
        })
    }

    /// Takes `product` out of every list; call it while it still has its old values.
    pub fn detach(&mut self, product: &Product, table: &Table) {
        let Ok(id) = u32::try_from(product.id) else {
            return;
        };
        for (sort, list) in &mut self.lists {
            let at = place(*sort, list, product, table);
            if list.get(at) == Some(&id) {
                list.remove(at);
            } else if let Some(at) = list.iter().position(|other| *other == id) {
                list.remove(at);
            }
        }
    }

    /// Puts `product` into every list at the place its current values give it.
    pub fn attach(&mut self, product: &Product, table: &Table) {
        let Ok(id) = u32::try_from(product.id) else {
            return;
        };
        for (sort, list) in &mut self.lists {
            let at = place(*sort, list, product, table);
            list.insert(at, id);
        }
    }
}

/// One list in the making: products are added in ascending id order, then sorted once.
pub struct SortedList {
    sort: Sort,
    keyed: Vec<(Key, u32)>,
}

impl SortedList {
    pub fn new(sort: Sort, capacity: usize) -> SortedList {
        SortedList {
            sort,
            keyed: Vec::with_capacity(capacity),
        }
    }

    pub fn add(&mut self, product: &Product) {
        if let Ok(id) = u32::try_from(product.id) {
            self.keyed.push((self.sort.key(product), id));
        }
    }

    fn finish(mut self) -> Vec<u32> {
        // Ids come in ascending order, and the stable sort keeps it among equal keys.
        let sort = self.sort;
        self.keyed.sort_by(|a, b| sort.direct(a.0.cmp(&b.0)));
        self.keyed.into_iter().map(|(_, id)| id).collect()
    }
}

/// The index of the first id in `list` that does not sort before `product`.
fn place(sort: Sort, list: &[u32], product: &Product, table: &Table) -> usize {
    list.partition_point(|other| {
        table
            .get(u64::from(*other))
            .is_some_and(|other| sort.compare(&other, product) == Ordering::Less)
    })
}
