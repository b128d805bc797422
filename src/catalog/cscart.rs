//! CS-Cart / Multi-Vendor: the products REST API under `api/` or `api/2.0/`.

pub mod client;
pub mod schema;
pub mod wire;

pub use client::{ApiPath, CsCart, CsCartClient, Scope};

use super::model::Capabilities;

/// CS-Cart lets an administrator's API key do everything, and announces list totals.
pub const CAPABILITIES: Capabilities = Capabilities {
    list: true,
    get: true,
    create: true,
    update: true,
    set_stock: true,
    delete: true,
    server_sort: true,
    knows_total: true,
    mark_sold: false,
    channels: false,
    warehouses: false,
};
