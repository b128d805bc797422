//! Sends one staged item safely: re-read the product, compare, then write only what is still
//! needed; the preview takes the same steps and plans the write instead of sending it.

use super::check::{Verdict, check};
use super::{Change, Item, ItemStatus, Outcome, StockChange};
use crate::catalog::Catalog;
use crate::catalog::api::{Answer, Op};
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::fields;
use crate::catalog::http::PlannedRequest;
use crate::catalog::model::{Platform, Product, ProductId, ProductPatch};

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
fn total_on_main_warehouse(product: &Product, to: i64) -> Option<Result<Vec<(u64, i64)>, String>> {
    super::stock_total::total_on_main(&product.warehouses, &[], to)
        .map(|main| main.map(|change| vec![(change.warehouse, change.to)]))
}

/// The write that carries `change` out on a product that is `current` now (`None` for a
/// product still to be created): what the basket shows and what it sends.
pub fn op_for(
    platform: Platform,
    id: Option<&ProductId>,
    change: &Change,
    current: Option<&Product>,
) -> Result<Op, String> {
    let Some(id) = id.cloned() else {
        return match change {
            Change::Create(product) => Ok(Op::Create(product.clone())),
            _ => Err("a change without a product".to_owned()),
        };
    };
    Ok(match change {
        change if only_stock(change).is_some() => {
            let amount = only_stock(change).unwrap_or_default();
            match current.and_then(|product| total_on_main_warehouse(product, amount)) {
                Some(quantities) => Op::SetWarehouseStock {
                    id,
                    quantities: quantities?,
                },
                None => Op::SetStock { id, amount },
            }
        }
        Change::Edit { stock: Some(_), .. }
            if current.is_some_and(|product| product.warehouses.len() > 1) =>
        {
            return Err(
                "a product kept in several warehouses takes its stock and its other fields in two changes"
                    .to_owned(),
            );
        }
        Change::Edit { stock, fields } => Op::Update {
            id,
            patch: patch_of(platform, *stock, fields)?,
        },
        Change::Raw { body, .. } => Op::UpdateRaw {
            id,
            body: body.clone(),
        },
        Change::Delete { keep_channels } => Op::Delete {
            id,
            keep_channels: *keep_channels,
        },
        Change::Sold {
            quantity, action, ..
        } => Op::MarkSold {
            id,
            quantity: *quantity,
            action: *action,
        },
        Change::Warehouses { changes, .. } => Op::SetWarehouseStock {
            id,
            quantities: warehouse_quantities(changes),
        },
        Change::Prices { to, stock, .. } => Op::SetItem {
            id,
            inventory: stock.map(StockChange::to),
            tiers: to.clone(),
        },
        Change::Create(_) => {
            return Err("a product that already exists cannot be created".to_owned());
        }
    })
}

/// Where an item stands once what sending it reads has been read.
enum Prepared {
    /// Nothing is to be written.
    Settled(Outcome),
    /// `op` writes `sent` on the product as it is now (`current`).
    Write {
        op: Op,
        current: Option<Box<Product>>,
        sent: Change,
    },
}

/// The requests sending `item` makes, in order, as the basket shows them before sending: the
/// reads are made (the product as it is now decides the write), the write is only planned.
pub async fn plan(catalog: &Catalog, item: &Item) -> Result<Vec<PlannedRequest>, String> {
    let mut exchanges = Vec::new();
    let prepared = prepare(catalog, item, &mut exchanges).await;
    let mut planned: Vec<PlannedRequest> = exchanges.iter().map(PlannedRequest::from).collect();
    match prepared {
        Prepared::Settled(Outcome::Failed(message)) => return Err(message),
        Prepared::Settled(_) => {}
        Prepared::Write { op, current, .. } => {
            planned.push(
                catalog
                    .plan(&op, current.as_deref())
                    .map_err(|e| e.to_string())?,
            );
        }
    }
    Ok(planned)
}

/// Sends one item. Nothing is written unless the server still holds the values the change
/// was staged against; values it already holds are not written again.
pub async fn send(catalog: &Catalog, item: &Item) -> (Outcome, Vec<Exchange>) {
    let mut exchanges = Vec::new();
    let (op, current, sent) = match prepare(catalog, item, &mut exchanges).await {
        Prepared::Settled(outcome) => return (outcome, exchanges),
        Prepared::Write { op, current, sent } => (op, current, sent),
    };
    let written = catalog.execute(&op, current.as_deref()).await;
    exchanges.extend(written.exchanges);
    let outcome = match written.result {
        Ok(answer) => Outcome::Sent {
            sent,
            created: match (&op, answer) {
                (Op::Create(_), Answer::Written(id)) => Some(id),
                _ => None,
            },
        },
        Err(e) if may_have_landed(&e) => Outcome::Uncertain(e.to_string()),
        Err(e) => Outcome::Failed(e.to_string()),
    };
    (outcome, exchanges)
}

/// Whether a write that ended in `error` may have been applied: it went out and no readable
/// answer came back (none in time, a dropped connection, a body that could not be read).
pub fn may_have_landed(error: &CatalogError) -> bool {
    matches!(
        error,
        CatalogError::Timeout(_) | CatalogError::Network(_) | CatalogError::Malformed { .. }
    )
}

async fn prepare(catalog: &Catalog, item: &Item, exchanges: &mut Vec<Exchange>) -> Prepared {
    let Some(id) = item.target.id.clone() else {
        return prepare_create(catalog, item, exchanges).await;
    };
    let current = catalog.get(&id).await;
    exchanges.extend(current.exchanges);
    let product = match current.result {
        Ok(product) => product,
        Err(CatalogError::NotFound { .. }) if matches!(item.change, Change::Delete { .. }) => {
            return Prepared::Settled(Outcome::AlreadyApplied);
        }
        Err(CatalogError::NotFound { .. }) => {
            return failed("the product no longer exists on the server");
        }
        Err(e) => return failed(&format!("could not re-read the product: {e}")),
    };
    let pending = match check(catalog.platform(), &item.change, &product) {
        Verdict::AlreadyApplied => return Prepared::Settled(Outcome::AlreadyApplied),
        Verdict::Conflict(mismatches) => return Prepared::Settled(Outcome::Conflict(mismatches)),
        Verdict::Send(pending) => pending,
    };
    match op_for(catalog.platform(), Some(&id), &pending, Some(&product)) {
        Ok(op) => Prepared::Write {
            op,
            current: Some(Box::new(product)),
            sent: pending,
        },
        Err(message) => failed(&message),
    }
}

/// Whether `item` is a create about to be sent for the first time whose SKU's current owners
/// have not been looked up yet (`note_sku_owners`).
pub fn needs_sku_owners(item: &Item) -> bool {
    matches!(&item.change, Change::Create(product)
        if product.sku.as_ref().is_some_and(|sku| !sku.0.trim().is_empty()))
        && item.status == ItemStatus::Staged
        && item.sku_owners_before.is_none()
}

/// Records in `item` which products have its SKU before it is first sent; the caller journals
/// the item before sending it, so that a retry can tell the product this create made from
/// one that was there before. Items that do not need it are left as they are.
pub async fn note_sku_owners(
    catalog: &Catalog,
    item: &mut Item,
) -> (Result<(), String>, Vec<Exchange>) {
    let sku = match &item.change {
        Change::Create(product) if needs_sku_owners(item) => product.sku.clone(),
        _ => None,
    };
    let Some(sku) = sku else {
        return (Ok(()), Vec::new());
    };
    let found = catalog.with_sku(&sku).await;
    match found.result {
        Ok(owners) => {
            item.sku_owners_before = Some(owners.into_iter().map(|p| p.id).collect());
            (Ok(()), found.exchanges)
        }
        Err(e) => (
            Err(format!(
                "not sent: could not check which products have SKU {} already: {e}",
                sku.0
            )),
            found.exchanges,
        ),
    }
}

async fn prepare_create(catalog: &Catalog, item: &Item, exchanges: &mut Vec<Exchange>) -> Prepared {
    let Change::Create(product) = &item.change else {
        return failed("a change without a product");
    };
    // A create that was in flight when the program stopped, or whose answer never came
    // (a timeout, a dropped connection), may have reached the server: look for a product
    // with its SKU that was not there before the first attempt.
    let maybe_created = matches!(
        item.status,
        ItemStatus::Uncertain | ItemStatus::Sending | ItemStatus::Failed { .. }
    );
    if maybe_created && let Some(sku) = product.sku.as_ref().filter(|s| !s.0.trim().is_empty()) {
        let found = catalog.with_sku(sku).await;
        exchanges.extend(found.exchanges);
        let owners = match found.result {
            Ok(owners) => owners,
            Err(e) => return failed(&format!("could not check whether it was created: {e}")),
        };
        match &item.sku_owners_before {
            Some(before) if owners.iter().any(|p| !before.contains(&p.id)) => {
                return Prepared::Settled(Outcome::AlreadyApplied);
            }
            Some(_) => {}
            None if owners.is_empty() => {}
            None => {
                let ids: Vec<&str> = owners.iter().map(|p| p.id.0.as_str()).collect();
                return failed(&format!(
                    "cannot tell whether the earlier attempt created SKU {}: product(s) {} have \
                     it, and which had it before was not recorded; look in the store, then \
                     discard this change or stage it again",
                    sku.0,
                    ids.join(", ")
                ));
            }
        }
    }
    match op_for(catalog.platform(), None, &item.change, None) {
        Ok(op) => Prepared::Write {
            op,
            current: None,
            sent: item.change.clone(),
        },
        Err(message) => failed(&message),
    }
}

fn failed(message: &str) -> Prepared {
    Prepared::Settled(Outcome::Failed(message.to_owned()))
}
