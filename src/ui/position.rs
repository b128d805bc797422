//! Where the selection is, said honestly: the row among the rows shown, and the server page
//! holding it when the server pages and the list is in the server's order.

use crate::app::session::{Listing, Load};
use crate::catalog::model::Platform;
use crate::wording::thousands;

/// How the list's order relates to the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The server's order: a row's page means something.
    Server,
    SortedHere,
    FilteredHere,
}

/// The facts the status bar words at each width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// 1-based; `None` with no rows.
    pub row: Option<usize>,
    pub rows: usize,
    /// The catalog's size when it is known (the server said, or every page has come).
    pub total: Option<u64>,
    pub order: Order,
    /// The server page holding the selected row, and the number of pages when known.
    pub page: Option<(u32, Option<u32>)>,
}

/// Valigara lists by searching for every id and exporting them in batches: its "pages" are
/// the client's own, so naming them would mislead.
fn server_pages(platform: Option<Platform>) -> bool {
    platform.is_some_and(|p| p != Platform::Valigara)
}

pub fn position(listing: &Listing, platform: Option<Platform>) -> Position {
    let rows = &listing.rows;
    let idle =
        !listing.load.is_loading() && !listing.stopped && !matches!(listing.load, Load::Failed(_));
    let complete = idle && rows.total.is_none_or(|total| rows.loaded() as u64 >= total);
    let order = match (rows.has_view(), listing.view.sort.is_some()) {
        (false, _) => Order::Server,
        (true, true) => Order::SortedHere,
        (true, false) => Order::FilteredHere,
    };
    let total = rows
        .total
        .or_else(|| complete.then_some(rows.loaded() as u64));
    let page = (order == Order::Server && server_pages(platform))
        .then(|| rows.page_of(listing.selected))
        .flatten()
        .map(|page| {
            let last = if complete {
                rows.len()
                    .checked_sub(1)
                    .and_then(|last| rows.page_of(last))
            } else {
                total.filter(|_| rows.per_page > 0).map(|t| {
                    u32::try_from(t.div_ceil(u64::from(rows.per_page))).unwrap_or(u32::MAX)
                })
            };
            (page, last.map(|last| last.max(page)))
        });
    Position {
        row: (!rows.is_empty()).then(|| listing.selected.min(rows.len() - 1) + 1),
        rows: rows.len(),
        total,
        order,
        page,
    }
}

/// How much of the position to word, from the fullest to the shortest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    Full,
    NoNoun,
    Compact,
    Bare,
}

impl Position {
    /// `row 1,025 of 1,200 products · page 41/48`, `row 3 of 40 · filtered here`, down to `1,025/1,200`.
    pub fn words(&self, detail: Detail, dot: &str) -> String {
        let Some(row) = self.row else {
            return String::new();
        };
        let row_text = thousands(row as u64);
        let of = match (self.order, self.total) {
            (Order::Server, Some(total)) => Some(thousands(total)),
            (Order::Server, None) => None,
            _ => Some(thousands(self.rows as u64)),
        };
        let noun = match (self.order, detail, self.total) {
            (Order::Server, Detail::Full, Some(1)) => " product",
            (Order::Server, Detail::Full, _) => " products",
            _ => "",
        };
        let mut text = match (detail, &of) {
            (Detail::Full | Detail::NoNoun, Some(of)) => format!("row {row_text} of {of}{noun}"),
            (Detail::Full | Detail::NoNoun, None) => format!("row {row_text}"),
            (_, Some(of)) => format!("{row_text}/{of}"),
            (_, None) => row_text,
        };
        if detail == Detail::Bare {
            return text;
        }
        let sep = format!(" {dot} ");
        match (self.order, self.page, detail) {
            (Order::Server, Some((page, last)), _) => {
                let last = last.map(|l| format!("/{l}")).unwrap_or_default();
                let word = if detail == Detail::Compact {
                    "p"
                } else {
                    "page "
                };
                text.push_str(&format!("{sep}{word}{page}{last}"));
            }
            (Order::SortedHere, _, Detail::Compact) => text.push_str(" sorted"),
            (Order::FilteredHere, _, Detail::Compact) => text.push_str(" filtered"),
            (Order::SortedHere, _, _) => text.push_str(&format!("{sep}sorted here")),
            (Order::FilteredHere, _, _) => text.push_str(&format!("{sep}filtered here")),
            (Order::Server, None, _) => {}
        }
        text
    }
}
