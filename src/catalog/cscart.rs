//! CS-Cart / Multi-Vendor: the products REST API under `api/` or `api/2.0/`.

pub mod client;
pub mod schema;
pub mod wire;

pub use client::{ApiPath, CsCartClient, Scope};
