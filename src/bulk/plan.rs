//! The changes a matched stock file asks for, as basket items, and how an earlier run's journal is resumed.

use std::collections::{HashMap, HashSet};

use super::matching::Matched;
use crate::basket::{Basket, Change, FieldChange, Item, ItemStatus, Target};
use crate::catalog::fields::Field;
use crate::catalog::model::{Money, ProductId, Stock};

/// One product whose stock or price differs from the file's.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub line: usize,
    pub target: Target,
    /// (old, new) stock.
    pub stock: Option<(i64, i64)>,
    /// (old, new) price.
    pub price: Option<(Option<Money>, Money)>,
}

impl Edit {
    /// `SKU  name  old -> new`, then `price old -> new` when the price changes.
    pub fn describe(&self) -> String {
        let mut parts = vec![
            crate::sanitize::clean(&self.target.sku).into_owned(),
            crate::sanitize::clean(&self.target.name).into_owned(),
        ];
        if let Some((from, to)) = self.stock {
            parts.push(format!("{from} -> {to}"));
        }
        if let Some((from, to)) = self.price {
            let from = from.map_or_else(|| "none".to_owned(), |m| m.to_string());
            parts.push(format!("price {from} -> {to}"));
        }
        parts.join("  ")
    }
}

/// The edits the file asks for: rows whose stock or price already match are left out.
pub fn edits(matched: &[Matched]) -> Vec<Edit> {
    matched
        .iter()
        .filter_map(|m| {
            let stock = match m.product.stock {
                Stock::Quantity(current) if current != m.row.stock => Some((current, m.row.stock)),
                _ => None,
            };
            let price = m
                .row
                .price
                .filter(|wanted| m.product.price != Some(*wanted))
                .map(|wanted| (m.product.price, wanted));
            (stock.is_some() || price.is_some()).then(|| Edit {
                line: m.row.line,
                target: Target {
                    id: Some(m.product.id.clone()),
                    sku: m.product.sku.0.clone(),
                    name: m.product.name.clone(),
                },
                stock,
                price,
            })
        })
        .collect()
}

/// Stages the edits in a basket, as the UI's `=` and form do; ids follow `after`.
pub fn stage(edits: &[Edit], after: u64) -> Vec<Item> {
    let mut basket = Basket {
        items: vec![],
        next_id: after,
    };
    for edit in edits {
        if let Some((from, to)) = edit.stock {
            basket.set_stock(edit.target.clone(), from, to);
        }
        if let Some((from, to)) = edit.price {
            basket.stage_fields(
                edit.target.clone(),
                vec![FieldChange {
                    field: Field::Price,
                    from: from.map(|m| m.to_string()).unwrap_or_default(),
                    to: to.to_string(),
                }],
            );
        }
    }
    basket.items
}

/// Whether an item left in the journal is one this file asks for: a stock and/or price edit of
/// a product the file lists, to the values the file gives.
pub fn from_this_file(item: &Item, matched: &HashMap<&ProductId, &Matched>) -> bool {
    let Some(m) = item.target.id.as_ref().and_then(|id| matched.get(id)) else {
        return false;
    };
    let Change::Edit { stock, fields } = &item.change else {
        return false;
    };
    let stock_ok = stock.is_none_or(|s| s.to() == m.row.stock);
    let fields_ok = fields.iter().all(|f| {
        f.field == Field::Price && m.row.price.is_some_and(|p| Money::parse(&f.to) == Some(p))
    });
    stock_ok && fields_ok
}

/// The items to send: the journal's (when they all come from this file), then fresh ones for
/// the products the journal does not hold. An item that was in flight comes back uncertain.
pub fn resume(journal: Vec<Item>, edits: &[Edit]) -> Vec<Item> {
    let after = journal.iter().map(|item| item.id.0).max().unwrap_or(0);
    let mut items: Vec<Item> = journal
        .into_iter()
        .map(|mut item| {
            if item.status == ItemStatus::Sending {
                item.status = ItemStatus::Uncertain;
            }
            item
        })
        .collect();
    let held: HashSet<Option<ProductId>> = items.iter().map(|i| i.target.id.clone()).collect();
    let fresh: Vec<Edit> = edits
        .iter()
        .filter(|edit| !held.contains(&edit.target.id))
        .cloned()
        .collect();
    items.extend(stage(&fresh, after));
    items
}
