//! Marks on the list (space, a range, clearing them) and the stock keys on every marked
//! product at once: one basket item per product, the single row's guards on each, one undo.

use crate::app::effect::Effect;
use crate::app::state::{Layer, Prompt, PromptKind, State};
use crate::basket::{Change, Staged};
use crate::catalog::model::{ProductSummary, Stock};
use crate::wording::count as plural;

use super::super::common::{clamp_offset, info, journal, problem};
use super::{Kind, below_zero, keeps_staged, refuse_write, target_of};

/// How many refused products a message names before it only counts the rest.
const NAMED_REFUSALS: usize = 3;

/// Space: marks the selected product, or unmarks it; `count` rows from the cursor down.
pub fn toggle(state: &mut State, count: Option<u32>) -> Vec<Effect> {
    let rows = usize::try_from(count.unwrap_or(1)).unwrap_or(1);
    let listing = &state.session.listing;
    let start = listing.selected;
    let end = start.saturating_add(rows).min(listing.len());
    let ids: Vec<_> = (start..end)
        .filter_map(|index| listing.rows.get(index).map(|p| p.id.clone()))
        .collect();
    if ids.is_empty() {
        return vec![];
    }
    for id in ids {
        if !state.session.marks.remove(&id) {
            state.session.marks.insert(id);
        }
    }
    state.session.listing.selected = end.min(state.session.listing.len().saturating_sub(1));
    clamp_offset(state);
    marked_message(state)
}

/// `V`: the first press starts a range on the selected row, the second marks every row
/// between it and the cursor.
pub fn range(state: &mut State) -> Vec<Effect> {
    let Some(here) = state.session.listing.selected_product().cloned() else {
        return vec![];
    };
    let Some(from) = state.session.range_from.take() else {
        state.session.marks.insert(here.id.clone());
        state.session.range_from = Some(here.id);
        return info(
            state,
            &format!(
                "Range from {}: move, then V marks every row up to the cursor (Esc cancels)",
                here.sku
            ),
        );
    };
    let listing = &state.session.listing;
    let cursor = listing.selected;
    // A start the filter now hides counts from the top of the list.
    let start = listing.rows.position_of(&from).unwrap_or(0);
    let (low, high) = (start.min(cursor), start.max(cursor));
    let ids: Vec<_> = listing
        .rows
        .range(low, high + 1)
        .into_iter()
        .map(|p| p.id.clone())
        .collect();
    state.session.marks.extend(ids);
    marked_message(state)
}

/// Esc while a range is started: forgets its start. False when none was started.
pub fn cancel_range(state: &mut State) -> bool {
    if state.session.range_from.take().is_none() {
        return false;
    }
    info(state, "Range cancelled; the rows marked so far stay marked");
    true
}

/// `U`: forgets every mark.
pub fn clear(state: &mut State) -> Vec<Effect> {
    let had = state.session.marks.len();
    state.session.marks.clear();
    state.session.range_from = None;
    if had == 0 {
        return info(state, "No rows are marked (space marks one, V a range)");
    }
    info(
        state,
        &format!("{} unmarked", plural(had, "product", "products")),
    )
}

fn marked_message(state: &mut State) -> Vec<Effect> {
    let marked = state.session.marks.len();
    let text = if marked == 0 {
        "No rows marked".to_owned()
    } else {
        format!("{marked} marked · + - = change the stock of every one · U unmarks")
    };
    info(state, &text)
}

/// A stock change for every marked product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// `+n` / `-n`.
    By(i64),
    /// `=n`.
    To(i64),
}

impl Bulk {
    fn describe(self) -> String {
        match self {
            Bulk::By(delta) if delta >= 0 => format!("+{delta}"),
            Bulk::By(delta) => delta.to_string(),
            Bulk::To(value) => format!("={value}"),
        }
    }
}

/// `=` with marks: a count sets every marked product at once (`15=`); without one a line asks.
pub fn start_set(state: &mut State, count: Option<u32>) -> Vec<Effect> {
    if let Some(value) = count {
        return apply(state, Bulk::To(i64::from(value)));
    }
    let marked = state.session.marks.len();
    state.push(Layer::Prompt(Prompt::new(
        PromptKind::SetMarkedStock { marked },
        "",
    )));
    vec![]
}

/// What was typed on the marked products' line: `15` sets, `+5` / `-2` adjust.
pub fn set_from(state: &mut State, text: &str) -> Result<Vec<Effect>, String> {
    let relative = text.starts_with('+') || text.starts_with('-');
    let number: i64 = text
        .parse()
        .map_err(|_| "type a whole number (15), or +5 / -2 to adjust".to_owned())?;
    Ok(apply(
        state,
        if relative {
            Bulk::By(number)
        } else {
            Bulk::To(number)
        },
    ))
}

/// Stages `bulk` on every marked product still loaded, each through the guards a single row
/// passes; one message says how many were staged and names the refused ones and why.
pub fn apply(state: &mut State, bulk: Bulk) -> Vec<Effect> {
    state.session.prune_marks();
    let marked: Vec<ProductSummary> = state
        .session
        .listing
        .rows
        .all()
        .filter(|p| state.session.marks.contains(&p.id))
        .cloned()
        .collect();
    let what = format!("{} on {} marked", bulk.describe(), marked.len());
    if let Some(reason) = refuse_write(state, |c| c.set_stock) {
        return problem(state, &format!("Nothing staged ({what}): {reason}"));
    }
    if let Some((_, code)) = &state.session.stock_target {
        let text = format!(
            "Nothing staged ({what}): the stock keys act on warehouse {code}; press w until they change the total"
        );
        return problem(state, &text);
    }
    if matches!(bulk, Bulk::To(value) if value < 0) {
        return problem(state, &format!("Nothing staged ({what}): below zero"));
    }
    let before = state.session.basket.clone();
    let mut staged = 0;
    let mut refused = Vec::new();
    for summary in &marked {
        match stage_one(state, summary, bulk) {
            Ok(_) => staged += 1,
            Err(reason) => refused.push(reason),
        }
    }
    let changed = state.session.basket != before;
    if changed {
        state.session.bulk_undo = Some((before, state.session.basket.clone()));
    }
    let mut text = format!(
        "{} staged {} in the basket",
        plural(staged, "product", "products"),
        bulk.describe()
    );
    if changed {
        text.push_str(" (b reviews, u takes it back)");
    }
    if !refused.is_empty() {
        text.push_str(&format!(" · {} refused: ", refused.len()));
        let named: Vec<&str> = refused
            .iter()
            .take(NAMED_REFUSALS)
            .map(String::as_str)
            .collect();
        text.push_str(&named.join("; "));
        if refused.len() > NAMED_REFUSALS {
            text.push_str(&format!("; and {} more", refused.len() - NAMED_REFUSALS));
        }
    }
    let mut effects = if refused.is_empty() {
        info(state, &text)
    } else {
        problem(state, &text)
    };
    if changed {
        effects.extend(journal(state));
    }
    effects
}

/// Stages `bulk` on one marked product, or says why not (naming its SKU).
fn stage_one(state: &mut State, summary: &ProductSummary, bulk: Bulk) -> Result<Staged, String> {
    let Stock::Quantity(current) = summary.stock else {
        return Err(format!("{}: stock is not tracked", summary.sku));
    };
    let target = target_of(summary);
    let per_warehouse = state.profile().is_some_and(|p| p.capabilities.warehouses);
    if per_warehouse {
        // The total is written to the main warehouse when sent (`basket::stock_total`), which
        // cannot be merged with fields or warehouses staged for the product.
        if let Some(reason) = keeps_staged(state, &target, Kind::Warehouse) {
            return Err(reason);
        }
        let staged = state.session.basket.for_product(&summary.id);
        if staged.is_some_and(|item| matches!(item.change, Change::Warehouses { .. })) {
            return Err(format!(
                "{}: a warehouse's stock is staged for it; change it on its own row",
                summary.sku
            ));
        }
    }
    Ok(match bulk {
        Bulk::By(delta) => {
            if let Some(reason) = below_zero(state, summary, current, delta) {
                return Err(reason);
            }
            state.session.basket.adjust_stock(target, current, delta)
        }
        Bulk::To(value) => state.session.basket.set_stock(target, current, value),
    })
}

/// `u` right after a change of marked products, the basket untouched since: takes the whole
/// change back. `None` when there is no such change, and `u` undoes the last batch sent.
pub fn undo(state: &mut State) -> Option<Vec<Effect>> {
    let (before, after) = state.session.bulk_undo.take()?;
    if state.session.basket != after || state.session.sending.is_some() {
        return None;
    }
    state.session.basket = before;
    let mut effects = info(
        state,
        "Took back the stock change of the marked products: the basket is as it was before",
    );
    effects.extend(journal(state));
    Some(effects)
}
