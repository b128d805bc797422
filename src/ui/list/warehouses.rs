//! The list's stock-per-warehouse columns: one narrow column a warehouse, headed by its code,
//! as many as fit, then a `+N` marker for those that do not.

use crate::app::rows::Rows;
use crate::catalog::model::WarehouseHead;
use crate::sanitize::clean;

use super::super::text::{fit_right, width};

/// A warehouse code wider than this is cut in the heading; its numbers never are.
const MAX_CODE_WIDTH: usize = 6;

/// One warehouse's column: its heading, its width and the stock of each row in view.
struct Column {
    code: String,
    width: usize,
    cells: Vec<Option<i64>>,
}

/// The warehouse columns for the rows in view.
#[derive(Default)]
pub struct WarehouseColumns {
    shown: Vec<Column>,
    /// Warehouses left out for want of room, counted by the `+N` marker.
    hidden: usize,
}

impl WarehouseColumns {
    /// A column for every warehouse in `heads`, each as wide as its widest number in rows
    /// `start..end` (list positions) and at least as its code, up to `MAX_CODE_WIDTH`.
    pub fn of(rows: &Rows, heads: &[WarehouseHead], start: usize, end: usize) -> WarehouseColumns {
        let shown = heads
            .iter()
            .map(|head| {
                let code = clean(&head.code).into_owned();
                let cells: Vec<Option<i64>> = (start..end)
                    .map(|index| rows.warehouse_stock(index, head.id))
                    .collect();
                let widest = cells
                    .iter()
                    .map(|cell| cell.map_or(1, |n| n.to_string().len()))
                    .fold(width(&code).clamp(1, MAX_CODE_WIDTH), usize::max);
                Column {
                    code,
                    width: widest,
                    cells,
                }
            })
            .collect();
        WarehouseColumns { shown, hidden: 0 }
    }

    /// The columns taken, each with the space before it, and the marker's when one is due.
    pub fn width(&self) -> usize {
        let columns: usize = self.shown.iter().map(|column| 1 + column.width).sum();
        columns + self.marker().map_or(0, |marker| 1 + marker.len())
    }

    /// Leaves out columns from the right, whole, until they and their marker fit in `room`.
    pub fn fit(&mut self, room: usize) {
        while self.width() > room && self.shown.pop().is_some() {
            self.hidden += 1;
        }
    }

    fn marker(&self) -> Option<String> {
        (self.hidden > 0).then(|| format!("+{}", self.hidden))
    }

    /// The headings: each code over its column, then the marker.
    pub fn header(&self) -> String {
        let mut text: String = self
            .shown
            .iter()
            .map(|column| format!(" {}", fit_right(&column.code, column.width)))
            .collect();
        if let Some(marker) = self.marker() {
            text.push(' ');
            text.push_str(&marker);
        }
        text
    }

    /// The cells of the row at `row` (counted from the first row in view): each warehouse's
    /// stock, `None` where it is not known, and the blank under the marker.
    pub fn cells(&self, row: usize, unknown: &str) -> Vec<(String, bool)> {
        let mut cells: Vec<(String, bool)> = self
            .shown
            .iter()
            .map(|column| match column.cells.get(row).copied().flatten() {
                Some(stock) => (
                    format!(" {}", fit_right(&stock.to_string(), column.width)),
                    true,
                ),
                None => (format!(" {}", fit_right(unknown, column.width)), false),
            })
            .collect();
        if let Some(marker) = self.marker() {
            cells.push((" ".repeat(1 + marker.len()), true));
        }
        cells
    }
}
