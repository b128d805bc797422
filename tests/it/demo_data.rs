//! The demo stores' less common products, each platform's kinds: seeded by the sandbox, read by
//! the real client over loopback, and shown by the detail pane after `update` loads them.

mod b2bwave;
mod cscart;
mod ugal;
mod valigara;

use std::time::Duration;

use serde_json::Value;
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::State;
use stockroom::app::update::update;
use stockroom::catalog::Catalog;
use stockroom::catalog::model::{ListQuery, Platform, Product, ProductId, ProductSummary};
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::screens::{render, text};
use crate::support::states::{boot, compute_views, first_page, page_loaded};
use crate::support::{profiles, sandbox};

/// The default demo sandbox and the real client on `platform`'s store.
async fn store(platform: Platform) -> (Sandbox, Catalog) {
    let sandbox = sandbox::start(SandboxOptions::default()).await;
    let endpoint = sandbox::endpoint(&sandbox, platform);
    let connection = sandbox::connection(endpoint, Duration::from_secs(10), false);
    let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
    (sandbox, catalog)
}

/// Every product of the store as the client lists it.
async fn summaries(catalog: &Catalog) -> Vec<ProductSummary> {
    let mut out = Vec::new();
    let mut query = ListQuery {
        per_page: 250,
        ..ListQuery::default()
    };
    loop {
        let page = catalog.list(&query).await.result.expect("a page");
        out.extend(page.items);
        if !page.more {
            return out;
        }
        query.page += 1;
    }
}

/// One product in full, as the client reads it.
async fn product(catalog: &Catalog, id: &str) -> Product {
    catalog
        .get(&ProductId(id.to_owned()))
        .await
        .result
        .unwrap_or_else(|e| panic!("product {id}: {e}"))
}

/// The screen once `product` is the listed row, opened and loaded through `update`, drawn at
/// 80x70, where the pane takes the whole width, so every section fits.
fn detail_screen(platform: Platform, product: Product) -> String {
    let mut state = State::new(vec![profiles::shop(platform, false)], 0);
    let (request, _) = boot(&mut state);
    let page = first_page(vec![product.summary.clone()], 50, Some(1));
    let effects = page_loaded(&mut state, request, page);
    compute_views(&mut state, effects);
    let effects = update(&mut state, Action::Open);
    let request = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::LoadProduct { request, .. } => Some(*request),
            _ => None,
        })
        .expect("opening loads the product");
    update(
        &mut state,
        Action::ProductLoaded {
            profile: 0,
            request,
            product: Box::new(product),
            exchanges: vec![],
        },
    );
    text(&render(&state, 80, 70))
}

/// The line of `screen` holding `label`, squeezed to single spaces, for asserting a row.
fn row(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|line| line.contains(label))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| panic!("no {label:?} on the screen:\n{screen}"))
}

/// The text of a JSON string or number.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
