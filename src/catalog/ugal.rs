//! UGAL: the website items API under `api/v1/`, XML over HTTP Basic as `website` (docs/platforms/ugal.md).

pub mod client;
pub mod product;
pub mod reply;
pub mod schema;
pub mod wire;

pub use client::{Ugal, UgalClient, UgalProduct};

use rust_decimal::{Decimal, RoundingStrategy};

use super::model::{Capabilities, Money};

/// Only inventory and prices change; the list has no total and no sort, and there is no create or delete.
pub const CAPABILITIES: Capabilities = Capabilities {
    list: true,
    get: true,
    create: false,
    update: true,
    set_stock: true,
    delete: false,
    server_sort: false,
    knows_total: false,
    mark_sold: false,
    channels: false,
    warehouses: false,
};

/// A VAT-inclusive amount without its VAT at `rate` (0.1960 for 19.6 %), rounded half-up to 0.01.
pub fn excluding_vat(amount: Money, rate: Decimal) -> Money {
    let divisor = Decimal::ONE + rate;
    if divisor <= Decimal::ZERO {
        return amount;
    }
    let net = amount
        .0
        .checked_div(divisor)
        .unwrap_or(amount.0)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Money(net)
}
