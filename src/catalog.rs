//! The service layer: platform clients behind one `Catalog`, knowing nothing of the terminal.

pub mod error;
pub mod exchange;
pub mod http;
pub mod model;
pub mod ratelimit;
