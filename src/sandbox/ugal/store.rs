//! The shop of one UGAL site: seeded products made on demand from where their draws start,
//! and the products a PUT changed (a PUT changes items; no product comes or goes).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use super::item::Product;
use super::seed::{SAMPLE_PRODUCT, Start, Walk};

#[derive(Debug)]
pub struct Store {
    walk: RefCell<Walk>,
    changed: BTreeMap<u64, Product>,
}

impl Store {
    pub fn seeded(seed: u64, items: usize) -> Store {
        Store {
            walk: RefCell::new(Walk::new(seed, items)),
            changed: BTreeMap::new(),
        }
    }

    fn start(&self, id: u64) -> Option<Start> {
        let index = usize::try_from(id.checked_sub(SAMPLE_PRODUCT)?).ok()?;
        self.walk.borrow_mut().start(index)
    }

    pub fn get(&self, id: u64) -> Option<Cow<'_, Product>> {
        match self.changed.get(&id) {
            Some(product) => Some(Cow::Borrowed(product)),
            None => self.start(id).map(|start| Cow::Owned(start.product(id))),
        }
    }

    /// The product to change in place, kept from then on.
    pub fn get_mut(&mut self, id: u64) -> Option<&mut Product> {
        if !self.changed.contains_key(&id) {
            let seeded = self.start(id)?.product(id);
            self.changed.insert(id, seeded);
        }
        self.changed.get_mut(&id)
    }

    /// The product and item index answering for `reference`: the first item holding it.
    /// A generated reference starts with its product's id; the documented ones do not.
    pub fn find(&self, reference: &str) -> Option<(u64, usize)> {
        let named = reference
            .split_once('-')
            .and_then(|(id, _)| id.parse::<u64>().ok())
            .filter(|id| *id != SAMPLE_PRODUCT);
        [Some(SAMPLE_PRODUCT), named]
            .into_iter()
            .flatten()
            .find_map(|id| {
                let product = self.get(id)?;
                let index = product
                    .items
                    .iter()
                    .position(|i| i.reference == reference)?;
                Some((id, index))
            })
    }

    /// The items from the `skip`th on, at most `take`, of the products in id order that are
    /// `product` (when given) and in `catalog` (when given), as each product and the indexes
    /// of its items on the page. Without a catalog the items are counted without making the
    /// products, so only the products on the page are made.
    pub fn page(
        &self,
        catalog: Option<u64>,
        product: Option<u64>,
        skip: usize,
        take: usize,
    ) -> Vec<(Cow<'_, Product>, Range<usize>)> {
        let ids = match product {
            Some(id) => id..id.saturating_add(1),
            None => SAMPLE_PRODUCT..u64::MAX,
        };
        let mut before = 0;
        let mut taken = 0;
        let mut rows = Vec::new();
        for id in ids {
            let Some(start) = self.start(id) else {
                break;
            };
            if taken >= take {
                break;
            }
            let made = match catalog {
                Some(catalog) => match self.get(id) {
                    Some(made) if made.catalog.0 == catalog => Some(made),
                    _ => continue,
                },
                None => None,
            };
            let items = start.items();
            if before + items <= skip {
                before += items;
                continue;
            }
            let Some(made) = made.or_else(|| self.get(id)) else {
                continue;
            };
            let first = skip.saturating_sub(before);
            let last = items.min(first + take - taken);
            before += items;
            taken += last - first;
            rows.push((made, first..last));
        }
        rows
    }
}
