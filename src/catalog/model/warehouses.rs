//! Stock per warehouse: one product's, and a list page's held beside its rows.

use serde::{Deserialize, Serialize};

/// One warehouse's stock of a product (B2B Wave's `quantities`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseStock {
    pub id: u64,
    pub code: String,
    pub name: String,
    pub quantity: i64,
}

/// A warehouse as a list names it: its id and its short code (a column's heading).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WarehouseHead {
    pub id: u64,
    pub code: String,
}

/// The per-warehouse stock of one page's rows, held beside the page rather than in each
/// summary, so catalogs without warehouses carry nothing: the warehouses once, then one
/// quantity per row and warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WarehouseTable {
    /// By id.
    heads: Vec<WarehouseHead>,
    /// Row by row, one entry per head; `UNKNOWN` where the row did not list the warehouse
    /// or its stock changed since.
    quantities: Vec<i64>,
}

impl WarehouseTable {
    const UNKNOWN: i64 = i64::MIN;

    /// The table of rows given in order, each as the warehouses it lists.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a [WarehouseStock]>) -> WarehouseTable {
        let rows: Vec<&[WarehouseStock]> = rows.into_iter().collect();
        let mut heads: Vec<WarehouseHead> = Vec::new();
        for stock in rows.iter().flat_map(|row| row.iter()) {
            if !heads.iter().any(|head| head.id == stock.id) {
                heads.push(WarehouseHead {
                    id: stock.id,
                    code: stock.code.clone(),
                });
            }
        }
        heads.sort();
        let mut table = WarehouseTable {
            quantities: Vec::with_capacity(rows.len() * heads.len()),
            heads,
        };
        for row in rows {
            table.push_row(row);
        }
        table
    }

    pub fn heads(&self) -> &[WarehouseHead] {
        &self.heads
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The stock of the row at `row` in the warehouse `id`, when the row listed it.
    pub fn quantity(&self, row: usize, id: u64) -> Option<i64> {
        let column = self.heads.iter().position(|head| head.id == id)?;
        let quantity = *self.quantities.get(row * self.heads.len() + column)?;
        (quantity != Self::UNKNOWN).then_some(quantity)
    }

    /// Adds a row at the end; a warehouse this table has no column for is left out.
    pub fn push_row(&mut self, warehouses: &[WarehouseStock]) {
        let quantities = self.heads.iter().map(|head| {
            warehouses
                .iter()
                .find(|w| w.id == head.id)
                .map_or(Self::UNKNOWN, |w| w.quantity)
        });
        self.quantities.extend(quantities);
    }

    /// Forgets the stock of the row at `row` (it changed, and only its total is known).
    pub fn forget_row(&mut self, row: usize) {
        let width = self.heads.len();
        if let Some(cells) = self.quantities.get_mut(row * width..(row + 1) * width) {
            cells.fill(Self::UNKNOWN);
        }
    }

    /// Takes the row at `row` out, the rows after it moving up one.
    pub fn remove_row(&mut self, row: usize) {
        let width = self.heads.len();
        if (row + 1) * width <= self.quantities.len() {
            self.quantities.drain(row * width..(row + 1) * width);
        }
    }
}
