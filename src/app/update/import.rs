//! `:import FILE`: a stock file's rows staged in the basket against the loaded catalog, and
//! the report of what was staged and what could not be.

use std::collections::HashSet;
use std::path::PathBuf;

use super::common::{info, journal, problem};
use crate::app::effect::Effect;
use crate::app::import::ImportReport;
use crate::app::state::{Layer, Load, State};
use crate::basket::{Basket, Change, FieldChange, ItemId};
use crate::bulk::{self, Matched};
use crate::catalog::fields::{self, Field};
use crate::catalog::model::{ProductId, ProductSummary, Stock};
use crate::wording::count;
use crate::wording::thousands;

/// `:import FILE`: asks the runner for the file, once nothing stands in the way.
pub fn command(state: &mut State, args: &str) -> Result<Vec<Effect>, String> {
    let path = args.trim();
    if path.is_empty() {
        return Err("import FILE: a CSV or TSV with sku,stock[,price] columns".to_owned());
    }
    if let Some(reason) = refuse(state) {
        return Err(reason);
    }
    info(state, &format!("Reading {path}…"));
    Ok(vec![Effect::ReadImport {
        path: PathBuf::from(path),
    }])
}

/// Why an import cannot be staged now, if it cannot.
fn refuse(state: &State) -> Option<String> {
    if let Some(reason) = super::staging::refuse_write(state, |c| c.set_stock) {
        return Some(reason);
    }
    let rows = &state.session.listing.rows;
    if state.session.listing.load.is_loading() {
        let total = rows
            .total
            .map_or_else(String::new, |t| format!(" of {}", thousands(t)));
        return Some(format!(
            "The catalog is still loading ({}{total} products): import once it has loaded, \
             so every SKU can be found",
            thousands(rows.loaded() as u64)
        ));
    }
    if state.session.listing.stopped || matches!(state.session.listing.load, Load::Failed(_)) {
        let total = rows
            .total
            .map_or_else(String::new, |t| format!(" of {}", thousands(t)));
        return Some(format!(
            "Only {}{total} products are loaded (the load stopped): r loads the catalog again, \
             then import, so every SKU can be found",
            thousands(rows.loaded() as u64)
        ));
    }
    None
}

/// The file's text arrived (or why it could not be read): stages every row it can.
pub fn read(state: &mut State, path: PathBuf, result: Result<String, String>) -> Vec<Effect> {
    let shown = path.display().to_string();
    let text = match result {
        Ok(text) => text,
        Err(error) => return problem(state, &format!("Import: {error}")),
    };
    if let Some(reason) = refuse(state) {
        return problem(state, &format!("Import of {shown}: {reason}"));
    }
    let file = match bulk::parse_stock_file(&text) {
        Ok(file) => file,
        Err(error) => return problem(state, &format!("Import of {shown}: {error}")),
    };
    let products: Vec<ProductSummary> = state.session.listing.rows.all().cloned().collect();
    let (matched, mut problems) = bulk::match_rows(file, &products);
    // The same value rules as `stock apply`: a price is staged as the store will keep it.
    let (matched, warnings) = match state.profile().map(|p| p.platform) {
        Some(platform) => bulk::matching::settle(platform, matched, &mut problems),
        None => (matched, vec![]),
    };
    let mut noted: Vec<(usize, String)> = problems.into_iter().map(|p| (p.line, p.text)).collect();
    noted.extend(
        warnings
            .into_iter()
            .map(|w| (w.line, format!("warning: {}", w.text))),
    );
    noted.sort_by_key(|(line, _)| *line);
    let mut report = ImportReport {
        path: shown,
        problems: noted,
        ..ImportReport::default()
    };
    let price_allowed = state.profile().is_some_and(|p| p.capabilities.update);
    // Products with nothing staged yet are staged each in a basket of its own, then added:
    // the basket looks products up one by one, which would cost a pass per row.
    let already: HashSet<ProductId> = state
        .session
        .basket
        .items
        .iter()
        .filter_map(|item| item.target.id.clone())
        .collect();
    for row in matched {
        let line = row.row.line;
        let id = &row.product.id;
        let result = if already.contains(id) {
            stage(&mut state.session.basket, &row, price_allowed)
                .map(|changed| (changed, state.session.basket.for_product(id).cloned()))
        } else {
            let mut own = Basket::default();
            stage(&mut own, &row, price_allowed).map(|changed| (changed, own.items.pop()))
        };
        match result {
            Ok((false, _)) => report.unchanged += 1,
            Ok((true, item)) => {
                report.staged += 1;
                let what = item.as_ref().map_or_else(
                    || "back to its stored values: nothing staged for it".to_owned(),
                    |item| item.change.describe(),
                );
                let text = format!("{}  {what}", row.product.sku);
                report.changes.push((line, text));
                if let Some(mut item) = item.filter(|_| !already.contains(id)) {
                    state.session.basket.next_id += 1;
                    item.id = ItemId(state.session.basket.next_id);
                    state.session.basket.items.push(item);
                }
            }
            Err(text) => report.problems.push((line, text)),
        }
    }
    report.problems.sort_by_key(|(line, _)| *line);
    let summary = format!(
        "Import of {}: {} staged, {} unchanged, {}",
        report.path,
        report.staged,
        report.unchanged,
        count(report.problems.len(), "problem", "problems")
    );
    let staged = report.staged > 0;
    state.close(|layer| matches!(layer, Layer::Basket(_)));
    state.push(Layer::ImportReport(report));
    info(state, &summary);
    if staged { journal(state) } else { vec![] }
}

/// Stages one row in `basket`: its stock as an exact value and its price when it has one.
/// Returns whether anything changed.
fn stage(basket: &mut Basket, matched: &Matched, price_allowed: bool) -> Result<bool, String> {
    let Matched { row, product } = matched;
    let sku = &product.sku;
    let current = match (product.stock, row.stock) {
        (Stock::Quantity(current), _) => current,
        (Stock::NotTracked, None) => 0,
        (Stock::NotTracked, Some(_)) => {
            return Err(format!("{sku}: stock is not tracked for this product"));
        }
    };
    let staged = basket
        .for_product(&product.id)
        .map(|item| item.change.clone());
    match &staged {
        None | Some(Change::Edit { .. }) => {}
        Some(Change::Prices { .. }) if row.price.is_none() => {}
        Some(other) => {
            return Err(format!(
                "{sku}: already staged as {}: left as it was",
                other.describe()
            ));
        }
    }
    if row.price.is_some() && !price_allowed {
        return Err(format!("{sku}: this profile cannot change prices"));
    }
    let target = super::staging::target_of(product);
    let staged_stock = basket.staged_stock(&product.id);
    let stock_changes = row
        .stock
        .filter(|wanted| staged_stock.map_or(current, |s| s.to()) != *wanted);
    if let Some(wanted) = stock_changes {
        basket.set_stock(target.clone(), current, wanted);
    }
    let stock_changes = stock_changes.is_some();
    let mut price_changes = false;
    if let Some(price) = row.price {
        let from = product.price.map(|m| m.to_string()).unwrap_or_default();
        let to = price.to_string();
        let staged_price = match &staged {
            Some(Change::Edit { fields, .. }) => fields
                .iter()
                .find(|f| f.field == Field::Price)
                .map(|f| f.to.clone()),
            _ => None,
        };
        if !fields::same_value(Field::Price, staged_price.as_deref().unwrap_or(&from), &to) {
            price_changes = true;
            let change = FieldChange {
                field: Field::Price,
                from,
                to,
            };
            basket.stage_fields(target, vec![change]);
        }
    }
    Ok(stock_changes || price_changes)
}
