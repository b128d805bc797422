//! The service layer: platform clients behind one `Catalog`, knowing nothing of the terminal.

pub mod cscart;
pub mod error;
pub mod exchange;
pub mod http;
pub mod model;
pub mod ratelimit;

use exchange::Exchange;

/// A call's result together with every exchange it made, success or failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced<T> {
    pub result: Result<T, error::CatalogError>,
    pub exchanges: Vec<Exchange>,
}

impl<T> Traced<T> {
    pub fn new(result: Result<T, error::CatalogError>, exchanges: Vec<Exchange>) -> Traced<T> {
        Traced { result, exchanges }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Traced<U> {
        Traced {
            result: self.result.map(f),
            exchanges: self.exchanges,
        }
    }
}
