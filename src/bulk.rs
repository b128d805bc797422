//! Bulk work on a whole catalog: stock files read and matched to the store's products.

pub mod connect;
pub mod matching;
pub mod plan;
pub mod stock_file;

pub use matching::{Matched, match_rows};
pub use stock_file::{RowProblem, StockFile, StockRow, parse_stock_file};
