//! Compares a staged change with the server's current product before anything is written.

use serde_json::Value;

use super::{Change, FieldChange, Mismatch, StockChange};
use crate::catalog::fields::{self, Field};
use crate::catalog::model::{Money, Platform, PriceTier, Product, Stock};
use crate::catalog::values;

/// The label of a price-list mismatch.
pub const PRICES: &str = "Prices";

/// What to do with a change, given the product as the server has it now.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Send this: the part of the change the server does not have yet.
    Send(Change),
    /// The server already holds every new value (an earlier send got through).
    AlreadyApplied,
    /// Someone else changed a value meanwhile: ask the user.
    Conflict(Vec<Mismatch>),
}

/// How one value compares: the user's new value, the old one, or something else.
enum Seen {
    New,
    Old,
    Other,
}

fn seen(field: Field, current: &str, from: &str, to: &str) -> Seen {
    if fields::same_value(field, current, to) {
        Seen::New
    } else if fields::same_value(field, current, from) {
        Seen::Old
    } else {
        Seen::Other
    }
}

/// A price as the store keeps it (`catalog::values`): one sent with more decimals than the
/// store keeps is found applied once the store holds it rounded, not taken for a conflict.
fn as_kept(platform: Platform, field: Field, wanted: &str) -> String {
    let price = matches!(field, Field::Price | Field::ListPrice);
    match Money::parse(wanted).filter(|_| price) {
        Some(money) => match values::settle_price(platform, money) {
            Ok(settled) if settled.rounded_from.is_some() => settled.value.to_string(),
            _ => wanted.to_owned(),
        },
        None => wanted.to_owned(),
    }
}

pub fn check(platform: Platform, change: &Change, current: &Product) -> Verdict {
    match change {
        Change::Edit { stock, fields } => check_edit(platform, *stock, fields, current),
        Change::Raw { body, baseline } => check_raw(body, baseline, current),
        // A product that still exists is deleted; one already gone needs nothing.
        Change::Delete { .. } | Change::Create(_) => Verdict::Send(change.clone()),
        Change::Sold { from, quantity, .. } => check_sold(change, *from, *quantity, current),
        Change::Warehouses { total, changes } => check_warehouses(*total, changes, current),
        Change::Prices { from, to, stock } => check_prices(from, to, *stock, current),
    }
}

fn check_edit(
    platform: Platform,
    stock: Option<StockChange>,
    changes: &[FieldChange],
    current: &Product,
) -> Verdict {
    let mut mismatches = Vec::new();
    let mut pending_stock = None;
    if let Some(stock) = stock {
        let found = match current.summary.stock {
            Stock::Quantity(n) => Some(n),
            Stock::NotTracked => None,
        };
        match found {
            Some(n) if n == stock.to() => {}
            Some(n) if n == stock.from() => pending_stock = Some(stock),
            _ => mismatches.push(Mismatch {
                field: Field::Stock.label().to_owned(),
                expected: stock.from().to_string(),
                found: found.map_or_else(|| "not tracked".to_owned(), |n| n.to_string()),
                wanted: stock.to().to_string(),
            }),
        }
    }
    let mut pending = Vec::new();
    for change in changes {
        let now = fields::current_value(platform, change.field, current);
        let kept = as_kept(platform, change.field, &change.to);
        match seen(change.field, &now, &change.from, &kept) {
            Seen::New => {}
            Seen::Old => pending.push(FieldChange {
                to: kept,
                ..change.clone()
            }),
            Seen::Other => mismatches.push(Mismatch {
                field: change.field.label().to_owned(),
                expected: change.from.clone(),
                found: now,
                wanted: change.to.clone(),
            }),
        }
    }
    if !mismatches.is_empty() {
        Verdict::Conflict(mismatches)
    } else if pending_stock.is_none() && pending.is_empty() {
        Verdict::AlreadyApplied
    } else {
        Verdict::Send(Change::Edit {
            stock: pending_stock,
            fields: pending,
        })
    }
}

/// A sale is recorded once: if the stock already shows it, it is not sent again.
fn check_sold(change: &Change, from: i64, quantity: i64, current: &Product) -> Verdict {
    let left = from.saturating_sub(quantity);
    match current.summary.stock {
        Stock::Quantity(n) if n == left => Verdict::AlreadyApplied,
        Stock::Quantity(n) if n == from => Verdict::Send(change.clone()),
        found => Verdict::Conflict(vec![Mismatch {
            field: Field::Stock.label().to_owned(),
            expected: from.to_string(),
            found: match found {
                Stock::Quantity(n) => n.to_string(),
                Stock::NotTracked => "not tracked".to_owned(),
            },
            wanted: left.to_string(),
        }]),
    }
}

fn check_warehouses(total: i64, changes: &[super::WarehouseChange], current: &Product) -> Verdict {
    let mut mismatches = Vec::new();
    let mut pending = Vec::new();
    for change in changes {
        let found = current
            .warehouses
            .iter()
            .find(|w| w.id == change.warehouse)
            .map(|w| w.quantity);
        match found {
            Some(n) if n == change.to => {}
            Some(n) if n == change.from => pending.push(change.clone()),
            _ => mismatches.push(Mismatch {
                field: change.label(),
                expected: change.from.to_string(),
                found: found.map_or_else(|| "no such warehouse".to_owned(), |n| n.to_string()),
                wanted: change.to.to_string(),
            }),
        }
    }
    if !mismatches.is_empty() {
        Verdict::Conflict(mismatches)
    } else if pending.is_empty() {
        Verdict::AlreadyApplied
    } else {
        Verdict::Send(Change::Warehouses {
            total,
            changes: pending,
        })
    }
}

/// The price list and the inventory of an item are checked apart and written together;
/// a part the server already has is written again as it is (absolute values, harmless).
fn check_prices(
    from: &[PriceTier],
    to: &[PriceTier],
    stock: Option<StockChange>,
    current: &Product,
) -> Verdict {
    let mut mismatches = Vec::new();
    let prices_done = super::prices::same(&current.prices, to);
    if !prices_done && !super::prices::same(&current.prices, from) {
        mismatches.push(Mismatch {
            field: PRICES.to_owned(),
            expected: super::prices::describe(from),
            found: super::prices::describe(&current.prices),
            wanted: super::prices::describe(to),
        });
    }
    let mut pending_stock = None;
    if let Some(stock) = stock {
        match current.summary.stock {
            Stock::Quantity(n) if n == stock.to() => {}
            Stock::Quantity(n) if n == stock.from() => pending_stock = Some(stock),
            found => mismatches.push(Mismatch {
                field: Field::Stock.label().to_owned(),
                expected: stock.from().to_string(),
                found: match found {
                    Stock::Quantity(n) => n.to_string(),
                    Stock::NotTracked => "not tracked".to_owned(),
                },
                wanted: stock.to().to_string(),
            }),
        }
    }
    if !mismatches.is_empty() {
        Verdict::Conflict(mismatches)
    } else if prices_done && pending_stock.is_none() {
        Verdict::AlreadyApplied
    } else {
        Verdict::Send(Change::Prices {
            from: from.to_vec(),
            to: to.to_vec(),
            stock: pending_stock,
        })
    }
}

/// A JSON value as comparable text: `"30.00"` and `30.00` are the same number.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn same_json(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (value_text(a), value_text(b));
    match (
        a.parse::<rust_decimal::Decimal>(),
        b.parse::<rust_decimal::Decimal>(),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn check_raw(
    body: &serde_json::Map<String, Value>,
    baseline: &serde_json::Map<String, Value>,
    current: &Product,
) -> Verdict {
    let mut mismatches = Vec::new();
    let mut pending = serde_json::Map::new();
    for (key, wanted) in body {
        let now = current.raw.get(key).cloned().unwrap_or(Value::Null);
        let was = baseline.get(key).cloned().unwrap_or(Value::Null);
        if same_json(&now, wanted) {
            continue;
        }
        if same_json(&now, &was) {
            pending.insert(key.clone(), wanted.clone());
        } else {
            mismatches.push(Mismatch {
                field: key.clone(),
                expected: value_text(&was),
                found: value_text(&now),
                wanted: value_text(wanted),
            });
        }
    }
    if !mismatches.is_empty() {
        Verdict::Conflict(mismatches)
    } else if pending.is_empty() {
        Verdict::AlreadyApplied
    } else {
        let baseline = pending
            .keys()
            .map(|key| {
                (
                    key.clone(),
                    baseline.get(key).cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        Verdict::Send(Change::Raw {
            body: pending,
            baseline,
        })
    }
}

/// How the user settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Apply the same change to the server's new value: a stock adjustment's delta, or the
    /// tiers of a price list the user changed (the server's other tiers are kept).
    KeepDelta,
    /// Write the user's value over the server's.
    Overwrite,
}

/// The amount a resolution adds once more on top of the server's stock, when it re-applies a
/// change relatively (an adjustment's delta kept, a sale recorded again): what may double
/// if an earlier send landed. `None` when it writes absolute values only.
pub fn reapplied_amount(change: &Change, how: Resolution) -> Option<i64> {
    match (change, how) {
        (
            Change::Edit {
                stock: Some(stock @ StockChange::Adjust { .. }),
                ..
            }
            | Change::Prices {
                stock: Some(stock @ StockChange::Adjust { .. }),
                ..
            },
            Resolution::KeepDelta,
        ) => Some(stock.delta()),
        (Change::Sold { quantity, .. }, _) => Some(quantity.saturating_neg()),
        _ => None,
    }
}

/// Re-stages a conflicted change against the values the server has now.
pub fn rebase(change: &Change, mismatches: &[Mismatch], how: Resolution) -> Change {
    let found = |label: &str| {
        mismatches
            .iter()
            .find(|m| m.field == label)
            .map(|m| m.found.clone())
    };
    match change {
        Change::Edit { stock, fields } => {
            let stock = stock.map(|stock| {
                match (
                    found(Field::Stock.label()).and_then(|f| f.parse().ok()),
                    stock,
                    how,
                ) {
                    (Some(now), StockChange::Adjust { .. }, Resolution::KeepDelta) => {
                        StockChange::adjust(now, stock.delta())
                    }
                    (Some(now), stock, _) => StockChange::Set {
                        from: now,
                        to: stock.to(),
                    },
                    (None, stock, _) => stock,
                }
            });
            let fields = fields
                .iter()
                .map(|change| FieldChange {
                    from: found(change.field.label()).unwrap_or_else(|| change.from.clone()),
                    ..change.clone()
                })
                .collect();
            Change::Edit { stock, fields }
        }
        // Overwriting writes the user's list over the server's; keeping the server's applies
        // only the tiers the user changed to the list it has now (a colleague's tier stays).
        Change::Prices { from, to, stock } => Change::Prices {
            from: found(PRICES)
                .and_then(|f| super::prices::parse(&f))
                .unwrap_or_else(|| from.clone()),
            to: match found(PRICES).and_then(|f| super::prices::parse(&f)) {
                Some(now) if how == Resolution::KeepDelta => {
                    super::prices::apply(&now, &super::prices::changes(from, to))
                }
                _ => to.clone(),
            },
            stock: stock.map(|stock| {
                match (
                    found(Field::Stock.label()).and_then(|f| f.parse().ok()),
                    stock,
                    how,
                ) {
                    (Some(now), StockChange::Adjust { .. }, Resolution::KeepDelta) => {
                        StockChange::adjust(now, stock.delta())
                    }
                    (Some(now), stock, _) => StockChange::Set {
                        from: now,
                        to: stock.to(),
                    },
                    (None, stock, _) => stock,
                }
            }),
        },
        Change::Warehouses { total, changes } => Change::Warehouses {
            total: *total,
            changes: changes
                .iter()
                .map(
                    |change| match found(&change.label()).and_then(|f| f.parse::<i64>().ok()) {
                        Some(now) if how == Resolution::KeepDelta => super::WarehouseChange {
                            from: now,
                            to: now + (change.to - change.from),
                            ..change.clone()
                        },
                        Some(now) => super::WarehouseChange {
                            from: now,
                            ..change.clone()
                        },
                        None => change.clone(),
                    },
                )
                .collect(),
        },
        Change::Sold {
            quantity,
            action,
            from,
        } => Change::Sold {
            from: found(Field::Stock.label())
                .and_then(|f| f.parse().ok())
                .unwrap_or(*from),
            quantity: *quantity,
            action: *action,
        },
        Change::Raw { body, baseline } => {
            let mut baseline = baseline.clone();
            for mismatch in mismatches {
                if let Some(value) = baseline.get_mut(&mismatch.field) {
                    *value = Value::String(mismatch.found.clone());
                }
            }
            Change::Raw {
                body: body.clone(),
                baseline,
            }
        }
        other => other.clone(),
    }
}
