//! The inverse of a sent change, so `u` can stage the way back.

use super::{Change, FieldChange, StockChange};

/// The change that puts back what `sent` changed, as seen from the values it left behind.
/// A delete cannot be undone: the product's data is gone from the server.
pub fn inverse(sent: &Change) -> Option<Change> {
    match sent {
        Change::Edit { stock, fields } => Some(Change::Edit {
            stock: stock.map(|stock| match stock {
                StockChange::Adjust { from, to } => StockChange::Adjust { from: to, to: from },
                StockChange::Set { from, to } => StockChange::Set { from: to, to: from },
            }),
            fields: fields
                .iter()
                .map(|f| FieldChange {
                    field: f.field,
                    from: f.to.clone(),
                    to: f.from.clone(),
                })
                .collect(),
        }),
        Change::Raw { body, baseline } => Some(Change::Raw {
            body: baseline.clone(),
            baseline: body.clone(),
        }),
        Change::Create(_) => Some(Change::Delete {
            keep_channels: false,
        }),
        Change::Delete { .. } => None,
        Change::Prices { from, to, stock } => Some(Change::Prices {
            from: to.clone(),
            to: from.clone(),
            stock: stock.map(|s| StockChange::Set {
                from: s.to(),
                to: s.from(),
            }),
        }),
        Change::Warehouses { total, changes } => Some(Change::Warehouses {
            total: total + changes.iter().map(|c| c.to - c.from).sum::<i64>(),
            changes: changes
                .iter()
                .map(|c| super::WarehouseChange {
                    from: c.to,
                    to: c.from,
                    ..c.clone()
                })
                .collect(),
        }),
        // Putting the stock back is all an undo can do: channel listings a sale ended stay ended.
        Change::Sold { from, quantity, .. } => Some(Change::Edit {
            stock: Some(StockChange::adjust(
                from.saturating_sub(*quantity),
                *quantity,
            )),
            fields: vec![],
        }),
    }
}
