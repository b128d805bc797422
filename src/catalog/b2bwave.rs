//! B2B Wave: the products REST API under `api/`, HTTP Basic with the app code and token (docs/platforms/b2bwave.md).

pub mod client;
pub mod reply;
pub mod schema;
pub mod wire;

pub use client::{B2bWave, B2bWaveClient};

use super::model::Capabilities;

/// B2B Wave's list carries no total and takes no sort; its API has no product delete.
pub const CAPABILITIES: Capabilities = Capabilities {
    list: true,
    get: true,
    create: true,
    update: true,
    set_stock: true,
    delete: false,
    server_sort: false,
    knows_total: false,
    mark_sold: false,
    channels: false,
    warehouses: true,
};
