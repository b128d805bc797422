//! Valigara: one endpoint, `action` + JSON `data`, the key in the form body (docs/platforms/valigara.md).

pub mod bucket;
pub mod channels;
pub mod client;
pub mod form;
pub mod reply;
pub mod schema;
pub mod search;
pub mod wire;

pub use bucket::Budget;
pub use channels::{ListingAccount, ListingOutcome, ListingResult, PostTemplate};
pub use client::{SoldAction, SoldResult, Valigara, ValigaraClient};
pub use form::FieldDescriptor;
pub use search::Exported;

use super::model::Capabilities;

/// Valigara's key may do everything, and the search returns every matching id, so the total is known.
pub const CAPABILITIES: Capabilities = Capabilities {
    list: true,
    get: true,
    create: true,
    update: true,
    set_stock: true,
    delete: true,
    server_sort: true,
    knows_total: true,
    mark_sold: true,
    channels: true,
    warehouses: false,
};
