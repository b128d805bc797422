//! What the user asked for, kept apart from the pipeline: per product the stock, price and
//! name last set and whether it was deleted; what a batch committed, for undo; and the
//! comparison of the store with it at the end of a sequence.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use stockroom::basket::{ItemId, Outcome};
use stockroom::catalog::Catalog;
use stockroom::catalog::model::{ListQuery, Money, Product, ProductId, Sku, Stock};

/// One product's values, as the user wants them or as the store holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub stock: i64,
    pub price: Option<Money>,
    pub name: String,
    pub deleted: bool,
    /// UGAL's price tiers: (price list, minimum quantity, amount), in the store's order.
    pub tiers: Vec<(String, u32, Money)>,
}

impl Values {
    fn of(product: &Product) -> Values {
        Values {
            stock: match product.summary.stock {
                Stock::Quantity(n) => n,
                Stock::NotTracked => 0,
            },
            price: product.summary.price,
            name: product.summary.name.clone(),
            deleted: false,
            tiers: product
                .prices
                .iter()
                .map(|t| (t.pricelist.clone(), t.quantity, t.amount))
                .collect(),
        }
    }
}

/// What a basket item is about: a product of the store, or one it creates (by SKU).
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Product(ProductId),
    New(String),
}

/// A product the user created: its values, and whether an undo asked for it gone again.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub sku: String,
    pub values: Values,
}

#[derive(Debug, Default)]
pub struct Model {
    /// The products the user created, by SKU.
    pub created: Vec<Created>,
    /// A category the store has, for the products created.
    pub category: Option<u64>,
    /// What the user asked for: the store's values with every staged change applied.
    pub wanted: BTreeMap<ProductId, Values>,
    /// What the store holds once every settled item is counted.
    committed: BTreeMap<ProductId, Values>,
    /// The products the last batch changed, with their values before it (none for one it
    /// created): what `u` puts back.
    last_batch: Vec<(Key, Option<Values>)>,
    /// Products a conflict was resolved on, with what the basket named.
    pub conflicts: Vec<String>,
    /// Edits the UI refused with a message, staging nothing.
    pub refusals: usize,
}

impl Model {
    /// The store's products as the campaign starts.
    pub async fn read(catalog: &Catalog) -> Model {
        let page = catalog
            .list(&ListQuery::default())
            .await
            .result
            .expect("the store lists");
        let mut wanted = BTreeMap::new();
        for summary in page.items {
            let product = catalog
                .get(&summary.id)
                .await
                .result
                .expect("the store reads");
            wanted.insert(summary.id, Values::of(&product));
        }
        Model {
            committed: wanted.clone(),
            wanted,
            ..Model::default()
        }
    }

    /// The `n`th product not deleted, wrapping; none when every one is.
    pub fn pick(&self, n: usize) -> Option<ProductId> {
        let live: Vec<&ProductId> = self
            .wanted
            .iter()
            .filter(|(_, v)| !v.deleted)
            .map(|(id, _)| id)
            .collect();
        (!live.is_empty()).then(|| live[n % live.len()].clone())
    }

    pub fn want(&mut self, id: &ProductId) -> &mut Values {
        self.wanted.get_mut(id).expect("a product of the model")
    }

    /// A batch starts: what it settles becomes the new undo.
    pub fn batch_started(&mut self) {
        self.last_batch.clear();
    }

    /// Items settled sent or already applied: the store now holds what was wanted.
    pub fn settled(&mut self, items: &[(ItemId, Key)], outcomes: &[(ItemId, Outcome)]) {
        for (item, outcome) in outcomes {
            let Some((_, key)) = items.iter().find(|(i, _)| i == item) else {
                continue;
            };
            match (key, outcome) {
                // A product this sequence created (an undo deletes it by its new id) is
                // followed by its SKU instead.
                (Key::Product(id), Outcome::Sent { .. } | Outcome::AlreadyApplied)
                    if self.committed.contains_key(id) =>
                {
                    let before = self.committed[id].clone();
                    self.committed.insert(id.clone(), self.wanted[id].clone());
                    self.last_batch.push((key.clone(), Some(before)));
                }
                // Only a create the store confirmed with its new id can be undone.
                (
                    Key::New(_),
                    Outcome::Sent {
                        created: Some(_), ..
                    },
                ) => {
                    self.last_batch.push((key.clone(), None));
                }
                _ => {}
            }
        }
    }

    /// `u`: every product of the last batch wanted back as it was, but a deleted one; a
    /// created one wanted gone where the platform `deletes`.
    pub fn undo(&mut self, deletes: bool) {
        for (key, before) in std::mem::take(&mut self.last_batch) {
            match (key, before) {
                (Key::Product(id), Some(before)) if !self.committed[&id].deleted => {
                    self.wanted.insert(id, before);
                }
                (Key::New(sku), _) if deletes => {
                    if let Some(created) = self.created.iter_mut().find(|c| c.sku == sku) {
                        created.values.deleted = true;
                    }
                }
                _ => {}
            }
        }
    }

    /// A restart forgets what the session could undo.
    pub fn restarted(&mut self) {
        self.last_batch.clear();
    }

    /// Every difference between the store and what the user asked for, one line each.
    pub async fn differences(&self, catalog: &Catalog) -> Vec<String> {
        let mut found = Vec::new();
        for (id, want) in &self.wanted {
            let traced = catalog.get(id).await;
            let store = match traced.result {
                Ok(product) => Values::of(&product),
                Err(_) if want.deleted => continue,
                Err(error) => {
                    found.push(format!("product {}: cannot be read: {error}", id.0));
                    continue;
                }
            };
            let mut line = String::new();
            if want.deleted {
                line.push_str(" still exists after its delete;");
            }
            if store.stock != want.stock {
                let _ = write!(line, " stock {} wanted {};", store.stock, want.stock);
            }
            if store.price != want.price {
                let _ = write!(line, " price {:?} wanted {:?};", store.price, want.price);
            }
            if store.name != want.name {
                let _ = write!(line, " name {:?} wanted {:?};", store.name, want.name);
            }
            if store.tiers != want.tiers {
                let _ = write!(line, " tiers {:?} wanted {:?};", store.tiers, want.tiers);
            }
            if !line.is_empty() {
                found.push(format!("product {}:{line}", id.0));
            }
        }
        if !self.created.is_empty() {
            found.extend(self.created_differences(catalog).await);
        }
        found
    }

    /// Each created product exists once, as asked, or not at all once undone.
    async fn created_differences(&self, catalog: &Catalog) -> Vec<String> {
        let mut found = Vec::new();
        for created in &self.created {
            // Looked up by SKU: a new product need not be on the store's first page.
            let same = match catalog.with_sku(&Sku(created.sku.clone())).await.result {
                Ok(same) => same,
                Err(error) => {
                    found.push(format!(
                        "created {}: cannot be looked up: {error}",
                        created.sku
                    ));
                    continue;
                }
            };
            let want = usize::from(!created.values.deleted);
            if same.len() != want {
                found.push(format!(
                    "created {}: {} in the store, wanted {want}",
                    created.sku,
                    same.len()
                ));
                continue;
            }
            let Some(summary) = same.first() else {
                continue;
            };
            let Ok(product) = catalog.get(&summary.id).await.result else {
                found.push(format!("created {}: cannot be read", created.sku));
                continue;
            };
            let store = Values::of(&product);
            if store != created.values {
                found.push(format!(
                    "created {}: {store:?} wanted {:?}",
                    created.sku, created.values
                ));
            }
        }
        found
    }
}
