//! Staged changes: what the user asked to change, old -> new, until the server confirms it.

pub mod check;
pub mod duplicates;
pub mod prices;
pub mod send;
mod stock;
pub mod stock_total;
pub mod undo;

pub use stock::StockChange;

use serde::{Deserialize, Serialize};

use crate::catalog::fields::Field;
use crate::catalog::model::{NewProduct, PriceTier, ProductId, SoldAction};

/// Identifies one staged item for the run (and across a restart, through the journal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemId(pub u64);

/// The product a change is for, as the user saw it when staging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// `None` for a product still to be created.
    pub id: Option<ProductId>,
    pub sku: String,
    pub name: String,
}

/// One field's old and new text (validated, canonical).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: Field,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// Stock and/or form fields of an existing product.
    Edit {
        stock: Option<StockChange>,
        fields: Vec<FieldChange>,
    },
    /// The platform's JSON as the user edited it; `baseline` holds the same keys as loaded.
    Raw {
        body: serde_json::Map<String, serde_json::Value>,
        baseline: serde_json::Map<String, serde_json::Value>,
    },
    Create(NewProduct),
    /// `keep_channels`: remove the product from the store but leave its sales-channel listings.
    Delete {
        keep_channels: bool,
    },
    /// Stock set per warehouse; `total` is the product's total stock when it was staged.
    Warehouses {
        total: i64,
        changes: Vec<WarehouseChange>,
    },
    /// A whole price list replaced (UGAL takes every tier at once), with the item's
    /// inventory when that changes too: both go in one write.
    Prices {
        from: Vec<PriceTier>,
        to: Vec<PriceTier>,
        #[serde(default)]
        stock: Option<StockChange>,
    },
    /// A sale of `quantity` recorded against the stock the user saw (`from`).
    Sold {
        from: i64,
        quantity: i64,
        action: SoldAction,
    },
}

impl Change {
    /// A short account of the change: `stock 10 → 15, price 30.00 → 29.50`.
    pub fn describe(&self) -> String {
        match self {
            Change::Edit { stock, fields } => {
                let mut parts: Vec<String> = stock
                    .iter()
                    .map(|s| format!("stock {} → {}", s.from(), s.to()))
                    .collect();
                parts.extend(fields.iter().map(|f| {
                    let label = f.field.label().to_lowercase();
                    if f.field == Field::Description {
                        format!("{label} changed")
                    } else {
                        format!("{label} {} → {}", f.from, f.to)
                    }
                }));
                parts.join(", ")
            }
            Change::Raw { body, .. } => {
                let keys: Vec<&str> = body.keys().map(String::as_str).collect();
                format!("JSON {}", keys.join(", "))
            }
            Change::Create(product) => format!("new product {}", product.name),
            Change::Delete {
                keep_channels: false,
            } => "delete".to_owned(),
            Change::Delete {
                keep_channels: true,
            } => "delete, keeping channel listings".to_owned(),
            Change::Prices { from, to, stock } => {
                let mut text = String::new();
                if !prices::same(from, to) {
                    text = format!(
                        "prices {} → {}",
                        prices::describe(from),
                        prices::describe(to)
                    );
                }
                if let Some(stock) = stock {
                    let sep = if text.is_empty() { "" } else { ", " };
                    text.push_str(&format!("{sep}stock {} → {}", stock.from(), stock.to()));
                }
                text
            }
            Change::Warehouses { changes, .. } => changes
                .iter()
                .map(|c| format!("stock {} {} → {}", c.code, c.from, c.to))
                .collect::<Vec<_>>()
                .join(", "),
            Change::Sold {
                from,
                quantity,
                action,
            } => format!(
                "sold {quantity} (stock {from} → {}, {})",
                from.saturating_sub(*quantity),
                action.wire()
            ),
        }
    }

    /// How many write requests sending this takes.
    pub fn writes(&self) -> usize {
        1
    }

    pub fn is_noop(&self) -> bool {
        match self {
            Change::Edit { stock, fields } => {
                stock.is_none_or(StockChange::is_noop) && fields.is_empty()
            }
            Change::Raw { body, .. } => body.is_empty(),
            Change::Create(_) | Change::Delete { .. } => false,
            Change::Warehouses { changes, .. } => changes.iter().all(|c| c.from == c.to),
            Change::Prices { from, to, stock } => {
                prices::same(from, to) && stock.is_none_or(StockChange::is_noop)
            }
            Change::Sold { quantity, .. } => *quantity == 0,
        }
    }
}

/// One warehouse's stock, old and new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseChange {
    pub warehouse: u64,
    pub code: String,
    pub from: i64,
    pub to: i64,
}

impl WarehouseChange {
    /// The label a mismatch on this warehouse carries.
    pub fn label(&self) -> String {
        format!("Stock {}", self.code)
    }
}

/// Where an item stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemStatus {
    Staged,
    /// Sent, no answer yet. In a journal read at start-up this means "may have been applied".
    Sending,
    /// Its write may have been applied: it was being sent when the program stopped, or the
    /// answer was lost. It is re-read before anything is resent.
    Uncertain,
    Failed {
        message: String,
    },
    /// The server's value changed since the user loaded it.
    Conflict {
        mismatches: Vec<Mismatch>,
    },
}

/// A field whose server value is not the one the change was staged against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// A form field, or the raw JSON key.
    pub field: String,
    /// The value when the user staged the change.
    pub expected: String,
    /// The value on the server now.
    pub found: String,
    /// The value the user asked for.
    pub wanted: String,
}

/// How sending one item ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The server confirmed the write. `sent` is what was written, with the values it
    /// replaced; `created` is a new product's id.
    Sent {
        sent: Change,
        created: Option<ProductId>,
    },
    /// The server already had the new values; nothing was written.
    AlreadyApplied,
    Conflict(Vec<Mismatch>),
    /// Nothing was written (the re-read failed, the server refused, ...).
    Failed(String),
    /// The write went out and its answer was lost (no answer, a dropped connection, an
    /// unreadable body): the server may have applied it.
    Uncertain(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub target: Target,
    pub change: Change,
    pub status: ItemStatus,
    /// For a create: the products that had its SKU just before it was first sent (`None`
    /// until that was looked up). A retry takes the create as done only if a product missing
    /// from this list has the SKU now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_owners_before: Option<Vec<ProductId>>,
    /// An earlier send of this item may have reached the server: it was being sent when
    /// the program stopped, or its answer was lost. Re-applying it relatively may double it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub maybe_applied: bool,
}

/// Every staged item, one per product, in staging order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Basket {
    pub items: Vec<Item>,
    pub next_id: u64,
}

/// What staging did, for the message line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staged {
    Added,
    Merged,
    /// The change undid what was staged, so the item is gone.
    Cancelled,
    Replaced,
}

impl Basket {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn get(&self, id: ItemId) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    pub fn get_mut(&mut self, id: ItemId) -> Option<&mut Item> {
        self.items.iter_mut().find(|item| item.id == id)
    }

    pub fn remove(&mut self, id: ItemId) -> Option<Item> {
        let index = self.items.iter().position(|item| item.id == id)?;
        Some(self.items.remove(index))
    }

    /// The item staged for an existing product.
    pub fn for_product(&self, product: &ProductId) -> Option<&Item> {
        self.items
            .iter()
            .find(|item| item.target.id.as_ref() == Some(product))
    }

    /// The stock a product will have once its item is sent: (old, new).
    pub fn staged_stock(&self, product: &ProductId) -> Option<StockChange> {
        match &self.for_product(product)?.change {
            Change::Edit { stock, .. } | Change::Prices { stock, .. } => *stock,
            Change::Sold { from, quantity, .. } => {
                Some(StockChange::adjust(*from, quantity.saturating_neg()))
            }
            Change::Warehouses { total, changes } => Some(StockChange::adjust(
                *total,
                changes.iter().map(|c| c.to - c.from).sum(),
            )),
            _ => None,
        }
    }

    /// The total number of write requests the basket would send.
    pub fn writes(&self) -> usize {
        self.items.iter().map(|item| item.change.writes()).sum()
    }

    fn push(&mut self, target: Target, change: Change) -> ItemId {
        self.next_id += 1;
        let id = ItemId(self.next_id);
        self.items.push(Item {
            id,
            target,
            change,
            status: ItemStatus::Staged,
            sku_owners_before: None,
            maybe_applied: false,
        });
        id
    }

    /// Adds `delta` to a product's stock, on top of anything already staged for it.
    pub fn adjust_stock(&mut self, target: Target, current: i64, delta: i64) -> Staged {
        self.merge_stock(target, |stock| match stock {
            None => StockChange::adjust(current, delta),
            Some(StockChange::Adjust { from, to }) => StockChange::Adjust {
                from,
                to: to.saturating_add(delta),
            },
            Some(StockChange::Set { from, to }) => StockChange::Set {
                from,
                to: to.saturating_add(delta),
            },
        })
    }

    /// Sets a product's stock to an exact value.
    pub fn set_stock(&mut self, target: Target, current: i64, to: i64) -> Staged {
        self.merge_stock(target, |stock| StockChange::Set {
            from: stock.map_or(current, StockChange::from),
            to,
        })
    }

    fn merge_stock(
        &mut self,
        target: Target,
        next: impl FnOnce(Option<StockChange>) -> StockChange,
    ) -> Staged {
        let Some(product) = target.id.clone() else {
            return Staged::Added;
        };
        let existing = self
            .items
            .iter()
            .position(|item| item.target.id.as_ref() == Some(&product));
        match existing.map(|index| (index, &mut self.items[index])) {
            Some((index, item)) => {
                let replaced = !matches!(item.change, Change::Edit { .. } | Change::Prices { .. });
                if replaced {
                    item.change = Change::Edit {
                        stock: None,
                        fields: vec![],
                    };
                }
                if let Change::Edit { stock, .. } | Change::Prices { stock, .. } = &mut item.change
                {
                    *stock = Some(next(*stock)).filter(|s| !s.is_noop());
                }
                item.status = ItemStatus::Staged;
                if item.change.is_noop() {
                    self.items.remove(index);
                    Staged::Cancelled
                } else if replaced {
                    Staged::Replaced
                } else {
                    Staged::Merged
                }
            }
            None => {
                let stock = next(None);
                if stock.is_noop() {
                    return Staged::Cancelled;
                }
                self.push(
                    target,
                    Change::Edit {
                        stock: Some(stock),
                        fields: vec![],
                    },
                );
                Staged::Added
            }
        }
    }

    /// Stages form fields (a stock field becomes a `Set`); unchanged fields are dropped.
    pub fn stage_fields(&mut self, target: Target, changes: Vec<FieldChange>) -> Staged {
        let Some(product) = target.id.clone() else {
            return Staged::Added;
        };
        let index = match self
            .items
            .iter()
            .position(|item| item.target.id.as_ref() == Some(&product))
        {
            Some(index) => index,
            None => {
                self.push(
                    target,
                    Change::Edit {
                        stock: None,
                        fields: vec![],
                    },
                );
                self.items.len() - 1
            }
        };
        let item = &mut self.items[index];
        let fresh = item.change.is_noop();
        let replaced = !matches!(item.change, Change::Edit { .. });
        if replaced {
            item.change = Change::Edit {
                stock: None,
                fields: vec![],
            };
        }
        if let Change::Edit { stock, fields } = &mut item.change {
            for change in changes {
                if change.field == crate::catalog::fields::Field::Stock {
                    let from = stock.map_or_else(|| change.from.parse().ok(), |s| Some(s.from()));
                    if let (Some(from), Ok(to)) = (from, change.to.parse::<i64>()) {
                        *stock = Some(StockChange::Set { from, to }).filter(|s| !s.is_noop());
                    }
                    continue;
                }
                let from = fields
                    .iter()
                    .find(|f| f.field == change.field)
                    .map_or(change.from.clone(), |f| f.from.clone());
                fields.retain(|f| f.field != change.field);
                if !crate::catalog::fields::same_value(change.field, &from, &change.to) {
                    fields.push(FieldChange { from, ..change });
                }
            }
            fields.sort_by_key(|f| f.field);
        }
        item.status = ItemStatus::Staged;
        if item.change.is_noop() {
            self.items.remove(index);
            Staged::Cancelled
        } else if replaced {
            Staged::Replaced
        } else if fresh {
            Staged::Added
        } else {
            Staged::Merged
        }
    }

    /// Sets one warehouse's stock to `next(staged or current)`, on top of other warehouses
    /// already staged for the product; any other kind of change staged for it is replaced.
    pub fn stage_warehouse(
        &mut self,
        target: Target,
        total: i64,
        warehouse: (u64, String, i64),
        next: impl FnOnce(i64) -> i64,
    ) -> Staged {
        let (id, code, current) = warehouse;
        let Some(product) = target.id.clone() else {
            return Staged::Added;
        };
        let index = self
            .items
            .iter()
            .position(|item| item.target.id.as_ref() == Some(&product));
        let (index, replaced) = match index {
            Some(index) if matches!(self.items[index].change, Change::Warehouses { .. }) => {
                (index, false)
            }
            Some(index) => {
                self.items[index].change = Change::Warehouses {
                    total,
                    changes: vec![],
                };
                (index, true)
            }
            None => {
                self.push(
                    target,
                    Change::Warehouses {
                        total,
                        changes: vec![],
                    },
                );
                (self.items.len() - 1, false)
            }
        };
        let item = &mut self.items[index];
        let fresh = item.change.is_noop();
        if let Change::Warehouses { changes, .. } = &mut item.change {
            match changes.iter_mut().find(|c| c.warehouse == id) {
                Some(change) => change.to = next(change.to),
                None => changes.push(WarehouseChange {
                    warehouse: id,
                    code,
                    from: current,
                    to: next(current),
                }),
            }
            changes.retain(|c| c.from != c.to);
        }
        item.status = ItemStatus::Staged;
        if item.change.is_noop() {
            self.items.remove(index);
            Staged::Cancelled
        } else if replaced {
            Staged::Replaced
        } else if fresh {
            Staged::Added
        } else {
            Staged::Merged
        }
    }

    /// Stages a whole change for a product, replacing whatever was staged for it.
    pub fn stage(&mut self, target: Target, change: Change) -> Staged {
        let existing = target.id.as_ref().and_then(|product| {
            self.items
                .iter()
                .position(|item| item.target.id.as_ref() == Some(product))
        });
        match existing {
            Some(index) => {
                let item = &mut self.items[index];
                item.change = change;
                item.target = target;
                item.status = ItemStatus::Staged;
                Staged::Replaced
            }
            None => {
                self.push(target, change);
                Staged::Added
            }
        }
    }
}
