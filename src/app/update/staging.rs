//! Staging changes in the basket: the stock keys (on the total or a warehouse), `=`'s value,
//! delete and mark-sold, and the checks every write passes before it is staged.

pub mod marked;

use crate::app::effect::Effect;
use crate::app::state::{Dialog, Layer, Prompt, PromptKind, State, StockIntent, WarehouseSlot};
use crate::basket::{Change, Staged, StockChange, Target, WarehouseChange, stock_total};
use crate::catalog::model::{ProductSummary, SoldAction, Stock, WarehouseStock};

use super::common::{info, journal, open_detail, problem};

/// Why a write cannot even be staged on this profile, if it cannot.
pub fn refuse_write(
    state: &State,
    allowed: impl Fn(&crate::catalog::model::Capabilities) -> bool,
) -> Option<String> {
    let profile = state.profile()?;
    if profile.read_only {
        return Some(format!(
            "Profile {} is read-only: nothing can be changed",
            profile.name
        ));
    }
    if !allowed(&profile.capabilities) {
        return Some(format!("{} does not allow this change", profile.platform));
    }
    if state.session.sending.is_some() {
        return Some("A batch is being sent: wait for it to finish".to_owned());
    }
    if let Some(error) = &state.session.journal_error {
        return Some(format!("Nothing can be staged here: {error}"));
    }
    None
}

/// Why a change of `kind` cannot be staged over what is staged for `summary` already: one item
/// a product, so a change that would take the place of another of a different kind (a sale,
/// fields, a warehouse's stock) is refused rather than losing it.
pub fn keeps_staged(state: &State, target: &Target, kind: Kind) -> Option<String> {
    let staged = &state
        .session
        .basket
        .for_product(target.id.as_ref()?)?
        .change;
    let clash = match (kind, staged) {
        (Kind::Sale, Change::Sold { .. }) => None,
        (Kind::Sale, _) => Some("a change is staged for it"),
        (Kind::Edit, Change::Sold { .. }) => Some("a sale is staged for it"),
        (Kind::Warehouse, Change::Sold { .. }) => Some("a sale is staged for it"),
        (Kind::Warehouse, Change::Edit { fields, .. }) if !fields.is_empty() => {
            Some("other fields are staged for it")
        }
        (Kind::Warehouse, Change::Raw { .. }) => Some("a raw edit is staged for it"),
        _ => None,
    }?;
    Some(format!(
        "{}: {clash}; send or drop it first (b), so that nothing staged is lost",
        target.sku
    ))
}

/// What kind of change is about to be staged, for `keeps_staged`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sale,
    Edit,
    Warehouse,
}

pub fn target_of(summary: &ProductSummary) -> Target {
    Target {
        id: Some(summary.id.clone()),
        sku: summary.sku.0.clone(),
        name: summary.name.clone(),
    }
}

pub fn staged_message(target: &Target, staged: &Staged, state: &State) -> String {
    let what = target
        .id
        .as_ref()
        .and_then(|id| state.session.basket.for_product(id))
        .map(|item| item.change.describe())
        .unwrap_or_default();
    match staged {
        Staged::Cancelled => format!(
            "{}: back to its old value, nothing staged for it",
            target.sku
        ),
        Staged::Replaced => format!(
            "{}: {what} staged, replacing its earlier change (b to review)",
            target.sku
        ),
        Staged::Added | Staged::Merged => format!(
            "{}: {what} staged · {} in the basket (b to review)",
            target.sku,
            state.session.basket.len()
        ),
    }
}

/// Refuses a stock change that would leave the product below zero.
fn below_zero(state: &State, summary: &ProductSummary, current: i64, delta: i64) -> Option<String> {
    let staged = state
        .session
        .basket
        .staged_stock(&summary.id)
        .map_or(current, StockChange::to);
    let next = staged.saturating_add(delta);
    (delta < 0 && next < 0).then(|| {
        format!(
            "{}: stock would drop below zero ({staged} → {next}); nothing staged",
            summary.sku
        )
    })
}

pub fn adjust_stock(state: &mut State, sign: i64, count: Option<u32>) -> Vec<Effect> {
    if !state.session.marks.is_empty() {
        return marked::apply(
            state,
            marked::Bulk::By(sign * i64::from(count.unwrap_or(1))),
        );
    }
    if let Some(reason) = refuse_write(state, |c| c.set_stock) {
        return problem(state, &reason);
    }
    adjust_by(state, sign * i64::from(count.unwrap_or(1)))
}

/// Stages `delta` on the selected product: on its chosen warehouse, else on its total (on a
/// product kept in several warehouses, the main one takes the difference).
pub fn adjust_by(state: &mut State, delta: i64) -> Vec<Effect> {
    let (summary, current) = match tracked_selection(state) {
        Ok(selection) => selection,
        Err(effects) => return effects,
    };
    let scope = match stock_scope(state, &summary, StockIntent::Adjust(delta)) {
        Ok(scope) => scope,
        Err(effects) => return effects,
    };
    let target = target_of(&summary);
    if matches!(scope, Scope::Warehouse(..))
        && let Some(reason) = keeps_staged(state, &target, Kind::Warehouse)
    {
        return problem(state, &reason);
    }
    match scope {
        Scope::Warehouse(slot, now) => {
            let staged_now = staged_warehouse(state, &summary, slot.id).unwrap_or(now);
            if staged_now + delta < 0 {
                let text = format!(
                    "{}: stock in {} would drop below zero; nothing staged",
                    summary.sku, slot.code
                );
                return problem(state, &text);
            }
            let staged = state.session.basket.stage_warehouse(
                target.clone(),
                slot.total,
                (slot.id, slot.code, now),
                |x| x + delta,
            );
            let message = staged_message(&target, &staged, state);
            info(state, &message);
            journal(state)
        }
        Scope::Spread(warehouses) => {
            let wanted = staged_total(state, &target, &warehouses).saturating_add(delta);
            match stage_total(state, &target, &warehouses, wanted) {
                Ok(effects) => effects,
                Err(reason) => problem(state, &format!("{}: {reason}", summary.sku)),
            }
        }
        Scope::Total => {
            if let Some(reason) = below_zero(state, &summary, current, delta) {
                return problem(state, &reason);
            }
            let staged = state
                .session
                .basket
                .adjust_stock(target.clone(), current, delta);
            let message = staged_message(&target, &staged, state);
            info(state, &message);
            journal(state)
        }
    }
}

/// The total a product kept in several warehouses will have once its item is sent.
fn staged_total(state: &State, target: &Target, warehouses: &[WarehouseStock]) -> i64 {
    let staged = target
        .id
        .as_ref()
        .and_then(|id| state.session.basket.staged_stock(id));
    staged.map_or_else(
        || stock_total::staged_total(warehouses, &[]),
        StockChange::to,
    )
}

/// Stages `wanted` as the total of a product kept in several warehouses: its main warehouse
/// takes the difference, on top of the warehouse changes already staged for it.
pub fn stage_total(
    state: &mut State,
    target: &Target,
    warehouses: &[WarehouseStock],
    wanted: i64,
) -> Result<Vec<Effect>, String> {
    if let Some(reason) = keeps_staged(state, target, Kind::Warehouse) {
        return Err(reason);
    }
    let staged: Vec<WarehouseChange> = match target
        .id
        .as_ref()
        .and_then(|id| state.session.basket.for_product(id))
        .map(|item| &item.change)
    {
        Some(Change::Warehouses { changes, .. }) => changes.clone(),
        _ => vec![],
    };
    let change = match stock_total::total_on_main(warehouses, &staged, wanted) {
        Some(change) => change?,
        None => return Err("its stock is not kept in several warehouses".to_owned()),
    };
    let read_total = stock_total::staged_total(warehouses, &[]);
    let staged = state.session.basket.stage_warehouse(
        target.clone(),
        read_total,
        (change.warehouse, change.code, change.from),
        |_| change.to,
    );
    let message = staged_message(target, &staged, state);
    info(state, &message);
    Ok(journal(state))
}

pub fn start_set_stock(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.set_stock) {
        return problem(state, &reason);
    }
    let (summary, current) = match tracked_selection(state) {
        Ok(selection) => selection,
        Err(effects) => return effects,
    };
    let target = target_of(&summary);
    let kind = match stock_scope(state, &summary, StockIntent::Set) {
        Ok(Scope::Warehouse(slot, now)) => PromptKind::SetStock {
            current: staged_warehouse(state, &summary, slot.id).unwrap_or(now),
            warehouse: Some(slot),
            warehouses: vec![],
            target,
        },
        Ok(Scope::Spread(warehouses)) => PromptKind::SetStock {
            current: staged_total(state, &target, &warehouses),
            warehouse: None,
            warehouses,
            target,
        },
        Ok(Scope::Total) => PromptKind::SetStock {
            current: state
                .session
                .basket
                .staged_stock(&summary.id)
                .map_or(current, StockChange::to),
            warehouse: None,
            warehouses: vec![],
            target,
        },
        Err(effects) => return effects,
    };
    let PromptKind::SetStock { current, .. } = &kind else {
        return vec![];
    };
    let shown = current.to_string();
    state.push(Layer::Prompt(Prompt::prefilled(kind, &shown)));
    vec![]
}

/// `15` sets the stock; `+5` and `-2` adjust it. On a product kept in several `warehouses`
/// the number is their total.
pub fn set_stock_from(
    state: &mut State,
    target: Target,
    current: i64,
    warehouses: &[WarehouseStock],
    text: &str,
) -> Result<Vec<Effect>, String> {
    let relative = text.starts_with('+') || text.starts_with('-');
    let number: i64 = text
        .parse()
        .map_err(|_| "type a whole number (15), or +5 / -2 to adjust".to_owned())?;
    if warehouses.len() > 1 {
        let wanted = if relative {
            staged_total(state, &target, warehouses).saturating_add(number)
        } else {
            number
        };
        return stage_total(state, &target, warehouses, wanted);
    }
    if relative {
        let staged = target
            .id
            .as_ref()
            .and_then(|id| state.session.basket.staged_stock(id))
            .map_or(current, StockChange::to);
        if staged.saturating_add(number) < 0 {
            return Err(format!(
                "that would leave {} below zero",
                staged.saturating_add(number)
            ));
        }
    }
    let staged = if relative {
        state
            .session
            .basket
            .adjust_stock(target.clone(), current, number)
    } else {
        state
            .session
            .basket
            .set_stock(target.clone(), current, number)
    };
    let message = staged_message(&target, &staged, state);
    info(state, &message);
    Ok(journal(state))
}

pub fn delete_product(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.delete) {
        return problem(state, &reason);
    }
    let channels = state.profile().is_some_and(|p| p.capabilities.channels);
    if let Some(summary) = state.session.listing.selected_product() {
        state.push(Layer::Dialog(Dialog::ConfirmDelete {
            target: target_of(summary),
            channels,
        }));
    }
    vec![]
}

pub fn stage_delete(state: &mut State, target: Target, keep_channels: bool) -> Vec<Effect> {
    let staged = state
        .session
        .basket
        .stage(target.clone(), Change::Delete { keep_channels });
    let verb = if staged == Staged::Replaced {
        "replacing its earlier change"
    } else {
        "b to review"
    };
    info(state, &format!("{}: delete staged ({verb})", target.sku));
    journal(state)
}

/// `M`: opens the sale dialog for the selected product.
pub fn mark_sold(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.mark_sold) {
        return problem(state, &reason);
    }
    let (summary, current) = match tracked_selection(state) {
        Ok(selection) => selection,
        Err(effects) => return effects,
    };
    if let Some(reason) = keeps_staged(state, &target_of(&summary), Kind::Sale) {
        return problem(state, &reason);
    }
    let current = state
        .session
        .basket
        .staged_stock(&summary.id)
        .map_or(current, StockChange::from);
    state.push(Layer::Dialog(Dialog::MarkSold {
        target: target_of(&summary),
        current,
        quantity: "1".to_owned(),
        action: SoldAction::default(),
        error: None,
        selected: true,
    }));
    vec![]
}

/// What the stock keys act on for the selected product.
enum Scope {
    /// Its stock is one number.
    Total,
    /// The warehouse chosen with `w`, and its quantity as read.
    Warehouse(WarehouseSlot, i64),
    /// No warehouse chosen on a product kept in several (as read): the number is their total.
    Spread(Vec<WarehouseStock>),
}

/// What the stock keys act on. The warehouses come with the full product: when it is not
/// loaded yet it is fetched, and the key is to be pressed again.
fn stock_scope(
    state: &mut State,
    summary: &ProductSummary,
    intent: StockIntent,
) -> Result<Scope, Vec<Effect>> {
    let chosen = state.session.stock_target.clone();
    let per_warehouse = state.profile().is_some_and(|p| p.capabilities.warehouses);
    if chosen.is_none() && !per_warehouse {
        return Ok(Scope::Total);
    }
    let loaded = state
        .session
        .detail
        .product
        .as_deref()
        .filter(|p| p.summary.id == summary.id)
        .cloned();
    let Some(product) = loaded else {
        let effects = open_detail(state);
        state.session.detail.then_stock = Some(intent);
        info(state, &format!("Reading {}'s warehouses…", summary.sku));
        return Err(effects);
    };
    let total = match product.summary.stock {
        Stock::Quantity(n) => n,
        Stock::NotTracked => 0,
    };
    let Some((id, code)) = chosen else {
        return Ok(if product.warehouses.len() > 1 {
            Scope::Spread(product.warehouses)
        } else {
            Scope::Total
        });
    };
    match product.warehouses.iter().find(|w| w.id == id) {
        Some(warehouse) => Ok(Scope::Warehouse(
            WarehouseSlot { id, code, total },
            warehouse.quantity,
        )),
        None => Err(problem(
            state,
            &format!("{} has no stock in warehouse {code}", summary.sku),
        )),
    }
}

/// The quantity already staged for a product's warehouse, if any.
fn staged_warehouse(state: &State, summary: &ProductSummary, warehouse: u64) -> Option<i64> {
    match &state.session.basket.for_product(&summary.id)?.change {
        Change::Warehouses { changes, .. } => changes
            .iter()
            .find(|c| c.warehouse == warehouse)
            .map(|c| c.to),
        _ => None,
    }
}

/// `=` on a warehouse: `15` sets it, `+5` / `-2` adjust it.
pub fn set_warehouse_from(
    state: &mut State,
    target: Target,
    current: i64,
    slot: WarehouseSlot,
    text: &str,
) -> Result<Vec<Effect>, String> {
    let relative = text.starts_with('+') || text.starts_with('-');
    let number: i64 = text
        .parse()
        .map_err(|_| "type a whole number (15), or +5 / -2 to adjust".to_owned())?;
    let next = if relative {
        current.saturating_add(number)
    } else {
        number
    };
    if next < 0 {
        return Err(format!("that would leave {} below zero", slot.code));
    }
    let original = target
        .id
        .as_ref()
        .and_then(|id| {
            state
                .session
                .detail
                .product
                .as_deref()
                .filter(|p| &p.summary.id == id)
        })
        .and_then(|p| p.warehouses.iter().find(|w| w.id == slot.id))
        .map_or(current, |w| w.quantity);
    let staged = state.session.basket.stage_warehouse(
        target.clone(),
        slot.total,
        (slot.id, slot.code, original),
        |_| next,
    );
    let message = staged_message(&target, &staged, state);
    info(state, &message);
    Ok(journal(state))
}

/// `w`: the stock keys act on the next warehouse of the selected product, then the total.
pub fn cycle_warehouse(state: &mut State) -> Vec<Effect> {
    let Some(summary) = state.session.listing.selected_product().cloned() else {
        return vec![];
    };
    let loaded = state
        .session
        .detail
        .product
        .as_deref()
        .filter(|p| p.summary.id == summary.id)
        .cloned();
    let Some(product) = loaded else {
        let effects = open_detail(state);
        info(
            state,
            &format!(
                "Reading {}'s warehouses: press w again once they show",
                summary.sku
            ),
        );
        return effects;
    };
    if product.warehouses.is_empty() {
        state.session.stock_target = None;
        return info(
            state,
            &format!(
                "{} keeps its stock in no warehouse: + - = change the total",
                summary.sku
            ),
        );
    }
    let position = state
        .session
        .stock_target
        .as_ref()
        .and_then(|(id, _)| product.warehouses.iter().position(|w| w.id == *id));
    state.session.stock_target = match position {
        None => product.warehouses.first(),
        Some(at) => product.warehouses.get(at + 1),
    }
    .map(|w| (w.id, w.code.clone()));
    let text = match &state.session.stock_target {
        Some((_, code)) => format!("+ - = now change the stock in {code}"),
        None => "+ - = now change the total stock".to_owned(),
    };
    info(state, &text)
}

/// The selected product and its stock, or why the stock keys cannot act on it.
fn tracked_selection(state: &mut State) -> Result<(ProductSummary, i64), Vec<Effect>> {
    let Some(summary) = state.session.listing.selected_product().cloned() else {
        return Err(vec![]);
    };
    match summary.stock {
        Stock::Quantity(current) => Ok((summary, current)),
        Stock::NotTracked => Err(problem(
            state,
            &format!("{}: stock is not tracked for this product", summary.sku),
        )),
    }
}

/// Stages a change the sale dialog worked out.
pub fn stage(state: &mut State, target: Target, change: Change) -> Vec<Effect> {
    let staged = state.session.basket.stage(target.clone(), change);
    let message = staged_message(&target, &staged, state);
    info(state, &message);
    journal(state)
}
