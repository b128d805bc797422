//! Sends one staged item safely: re-read the product, compare, then write only what is still needed.

use super::check::{Verdict, check};
use super::{Change, Item, ItemStatus, Outcome, StockChange};
use crate::catalog::Catalog;
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::fields;
use crate::catalog::http::PlannedRequest;
use crate::catalog::model::{Platform, ProductId, ProductPatch, Sku};

/// The patch that writes an edit's new values.
pub fn patch_of(
    platform: Platform,
    stock: Option<StockChange>,
    changes: &[super::FieldChange],
) -> Result<ProductPatch, String> {
    let mut patch = ProductPatch {
        stock: stock.map(StockChange::to),
        ..ProductPatch::default()
    };
    for change in changes {
        fields::apply(platform, change.field, &change.to, &mut patch)?;
    }
    Ok(patch)
}

/// (warehouse id, new quantity) for each change: absolute values, safe to send again.
fn warehouse_quantities(changes: &[super::WarehouseChange]) -> Vec<(u64, i64)> {
    changes.iter().map(|c| (c.warehouse, c.to)).collect()
}

fn only_stock(change: &Change) -> Option<i64> {
    match change {
        Change::Edit {
            stock: Some(stock),
            fields,
        } if fields.is_empty() => Some(stock.to()),
        _ => None,
    }
}

/// A new total for a product kept in several warehouses goes to its main (first) one, as the
/// stock keys do: the platform would otherwise take the total as one warehouse's quantity.
fn total_on_main_warehouse(
    product: &crate::catalog::model::Product,
    to: i64,
) -> Option<Result<Vec<(u64, i64)>, String>> {
    let [main, others @ ..] = product.warehouses.as_slice() else {
        return None;
    };
    if others.is_empty() {
        return None;
    }
    let elsewhere: i64 = others.iter().map(|w| w.quantity).sum();
    let main_to = to - elsewhere;
    Some(if main_to < 0 {
        Err(format!(
            "a total of {to} would leave warehouse {} below zero ({elsewhere} are kept elsewhere)",
            main.code
        ))
    } else {
        Ok(vec![(main.id, main_to)])
    })
}

/// The requests sending `item` makes, in order, as the basket shows them before sending.
pub fn plan(catalog: &Catalog, item: &Item) -> Result<Vec<PlannedRequest>, CatalogError> {
    let Some(id) = item.target.id.as_ref() else {
        return match &item.change {
            Change::Create(product) => Ok(vec![catalog.plan_create(product)?]),
            _ => Err(CatalogError::Setup("a change without a product".to_owned())),
        };
    };
    let write = match &item.change {
        change if only_stock(change).is_some() => {
            catalog.plan_set_stock(id, only_stock(change).unwrap_or_default())?
        }
        Change::Edit { stock, fields } => {
            let patch =
                patch_of(catalog.platform(), *stock, fields).map_err(CatalogError::Setup)?;
            catalog.plan_update(id, &patch)?
        }
        Change::Raw { body, .. } => catalog.plan_update_raw(id, body)?,
        Change::Delete { keep_channels } => catalog.plan_delete_with(id, *keep_channels)?,
        Change::Sold {
            quantity, action, ..
        } => catalog.plan_mark_sold(id, *quantity, *action)?,
        Change::Warehouses { changes, .. } => {
            catalog.plan_set_warehouse_stock(id, &warehouse_quantities(changes))?
        }
        Change::Prices { to, stock, .. } => {
            catalog.plan_set_item(id, stock.map(StockChange::to), to)?
        }
        Change::Create(product) => catalog.plan_create(product)?,
    };
    Ok(vec![catalog.plan_get(id)?, write])
}

/// Sends one item. Nothing is written unless the server still holds the values the change
/// was staged against; values it already holds are not written again.
pub async fn send(catalog: &Catalog, item: &Item) -> (Outcome, Vec<Exchange>) {
    let mut exchanges = Vec::new();
    let outcome = match item.target.id.clone() {
        None => create(catalog, item, &mut exchanges).await,
        Some(id) => update(catalog, item, &id, &mut exchanges).await,
    };
    (outcome, exchanges)
}

async fn create(catalog: &Catalog, item: &Item, exchanges: &mut Vec<Exchange>) -> Outcome {
    let Change::Create(product) = &item.change else {
        return Outcome::Failed("a change without a product".to_owned());
    };
    // A create that was in flight when the program stopped, or whose answer never came
    // (a timeout, a dropped connection), may have reached the server: look for its SKU
    // before creating it again.
    let maybe_created = matches!(
        item.status,
        ItemStatus::Uncertain | ItemStatus::Sending | ItemStatus::Failed { .. }
    );
    if maybe_created && let Some(sku) = &product.sku {
        let found = catalog.find_by_sku(&Sku(sku.0.clone())).await;
        exchanges.extend(found.exchanges);
        match found.result {
            Ok(Some(_)) => return Outcome::AlreadyApplied,
            Ok(None) => {}
            Err(e) => {
                return Outcome::Failed(format!("could not check whether it was created: {e}"));
            }
        }
    }
    let created = catalog.create(product).await;
    exchanges.extend(created.exchanges);
    match created.result {
        Ok(id) => Outcome::Sent {
            sent: item.change.clone(),
            created: Some(id),
        },
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

async fn update(
    catalog: &Catalog,
    item: &Item,
    id: &ProductId,
    exchanges: &mut Vec<Exchange>,
) -> Outcome {
    let current = catalog.get(id).await;
    exchanges.extend(current.exchanges);
    let product = match current.result {
        Ok(product) => product,
        Err(CatalogError::NotFound { .. }) if matches!(item.change, Change::Delete { .. }) => {
            return Outcome::AlreadyApplied;
        }
        Err(CatalogError::NotFound { .. }) => {
            return Outcome::Failed("the product no longer exists on the server".to_owned());
        }
        Err(e) => return Outcome::Failed(format!("could not re-read the product: {e}")),
    };
    let pending = match check(catalog.platform(), &item.change, &product) {
        Verdict::AlreadyApplied => return Outcome::AlreadyApplied,
        Verdict::Conflict(mismatches) => return Outcome::Conflict(mismatches),
        Verdict::Send(pending) => pending,
    };
    let result = match &pending {
        change if only_stock(change).is_some() => {
            let to = only_stock(change).unwrap_or_default();
            let traced = match total_on_main_warehouse(&product, to) {
                Some(Ok(quantities)) => catalog.set_warehouse_stock(id, &quantities).await,
                Some(Err(message)) => return Outcome::Failed(message),
                None => catalog.set_stock(id, to).await,
            };
            exchanges.extend(traced.exchanges);
            traced.result
        }
        Change::Edit { stock, fields } => match patch_of(catalog.platform(), *stock, fields) {
            Ok(patch) => {
                let traced = catalog.update(id, &patch).await;
                exchanges.extend(traced.exchanges);
                traced.result.map(|_| ())
            }
            Err(e) => return Outcome::Failed(e),
        },
        Change::Raw { body, .. } => {
            let traced = catalog.update_raw(id, body).await;
            exchanges.extend(traced.exchanges);
            traced.result.map(|_| ())
        }
        Change::Delete { keep_channels } => {
            let traced = catalog.delete_with(id, *keep_channels).await;
            exchanges.extend(traced.exchanges);
            traced.result
        }
        Change::Prices { to, stock, .. } => {
            let traced = catalog.set_item(id, stock.map(StockChange::to), to).await;
            exchanges.extend(traced.exchanges);
            traced.result
        }
        Change::Warehouses { changes, .. } => {
            let traced = catalog
                .set_warehouse_stock(id, &warehouse_quantities(changes))
                .await;
            exchanges.extend(traced.exchanges);
            traced.result
        }
        Change::Sold {
            quantity, action, ..
        } => {
            let traced = catalog.mark_sold(id, *quantity, *action).await;
            exchanges.extend(traced.exchanges);
            traced.result.map(|_| ())
        }
        Change::Create(_) => {
            return Outcome::Failed("a product that already exists cannot be created".to_owned());
        }
    };
    match result {
        Ok(()) => Outcome::Sent {
            sent: pending,
            created: None,
        },
        Err(e) => Outcome::Failed(e.to_string()),
    }
}
