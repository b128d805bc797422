//! The three-product CS-Cart shop the editing tests start from (stock 10, 20 and 30), and
//! reading what its updates staged and journaled.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{ProfileInfo, State};
use stockroom::app::update::update;
use stockroom::basket::{Item, StockChange};
use stockroom::catalog::model::{Money, Platform, ProductId, ProductSummary, Sku, Status, Stock};

use super::{profiles, states};

pub fn profile(read_only: bool, production: bool) -> ProfileInfo {
    ProfileInfo {
        production,
        ..profiles::shop(Platform::Cscart, read_only)
    }
}

pub fn summary(n: u32, stock: i64) -> ProductSummary {
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!("SKU{n}")),
        name: format!("Product {n}"),
        price: Money::parse("9.99"),
        stock: Stock::Quantity(stock),
        status: Status::Active,
    }
}

/// A state showing three products with stock 10, 20 and 30.
pub fn loaded_with(profile: ProfileInfo) -> State {
    let items = vec![summary(1, 10), summary(2, 20), summary(3, 30)];
    states::loaded(vec![profile], states::first_page(items, 50, Some(3)))
}

pub fn loaded() -> State {
    loaded_with(profile(false, false))
}

pub fn keys(state: &mut State, actions: &[Action]) -> Vec<Effect> {
    actions
        .iter()
        .flat_map(|a| update(state, a.clone()))
        .collect()
}

pub fn journaled(effects: &[Effect]) -> Option<Vec<Item>> {
    effects.iter().rev().find_map(|e| match e {
        Effect::SaveJournal { items, .. } => Some(items.clone()),
        _ => None,
    })
}

pub fn stock_of(state: &State, id: &str) -> Option<StockChange> {
    state.session.basket.staged_stock(&ProductId(id.into()))
}
