//! The basket: review, confirm, send, settle each item, resolve conflicts, undo; and the journal.

use super::common::{info, journal, problem, reload_detail};
use super::loading::remove_rows;
use crate::app::effect::Effect;
use crate::app::state::{BasketView, Batch, Dialog, Layer, Prompt, PromptKind, State};
use crate::basket::check::{Resolution, reapplied_amount, rebase};
use crate::basket::undo::inverse;
use crate::basket::{Change, Item, ItemId, ItemStatus, Outcome, StockChange, Target};
use crate::catalog::fields::Field;
use crate::wording::count;

/// Opens the basket (or shows it from the top when it is open) and plans its requests.
pub fn open_basket(state: &mut State) -> Vec<Effect> {
    match state.basket_view_mut() {
        Some(view) => *view = BasketView::default(),
        None => state.push(Layer::Basket(BasketView::default())),
    }
    plan(state)
}

/// Asks the runner for the exact requests behind every item, for the preview.
pub fn plan(state: &mut State) -> Vec<Effect> {
    if state.basket_view().is_none() || state.session.basket.is_empty() {
        return vec![];
    }
    vec![Effect::PlanRequests {
        profile: state.active_profile,
        items: state.session.basket.items.clone(),
    }]
}

fn selected(state: &State) -> Option<&Item> {
    let index = state.basket_view()?.selected;
    state.session.basket.items.get(index)
}

pub fn drop_selected(state: &mut State) -> Vec<Effect> {
    let Some(item) = selected(state).cloned() else {
        return vec![];
    };
    if item.status == ItemStatus::Sending {
        return problem(state, "That change is being sent right now");
    }
    state.session.basket.remove(item.id);
    let len = state.session.basket.len();
    if let Some(view) = state.basket_view_mut() {
        view.selected = view.selected.min(len.saturating_sub(1));
        view.plans.retain(|(id, _)| *id != item.id);
    }
    info(
        state,
        &format!(
            "{}: change dropped, nothing will be sent for it",
            item.target.sku
        ),
    );
    journal(state)
}

pub fn resolve(state: &mut State, how: Resolution) -> Vec<Effect> {
    let Some(item) = selected(state).cloned() else {
        return vec![];
    };
    let ItemStatus::Conflict { mismatches } = &item.status else {
        return info(
            state,
            "Only a change in conflict needs a/o: this one is fine",
        );
    };
    let adjusts = matches!(
        item.change,
        Change::Edit {
            stock: Some(StockChange::Adjust { .. }),
            ..
        }
    );
    let prices = matches!(item.change, Change::Prices { .. });
    if how == Resolution::KeepDelta && !adjusts && !prices {
        return info(
            state,
            "a applies a stock adjustment to the new value; use o to overwrite, x to drop",
        );
    }
    let now = mismatches
        .iter()
        .find(|m| m.field == Field::Stock.label())
        .and_then(|m| m.found.parse().ok());
    let again = reapplied_amount(&item.change, how).filter(|_| item.maybe_applied);
    if let (Some(delta), Some(now)) = (again, now) {
        state.push(Layer::Dialog(Dialog::ConfirmReapply {
            item: item.id,
            sku: item.target.sku.clone(),
            delta,
            now,
        }));
        return vec![];
    }
    restage(state, &item, mismatches, how)
}

/// Yes to applying an adjustment that may already be applied once more.
pub fn reapply(state: &mut State, item: ItemId) -> Vec<Effect> {
    let Some(stored) = state.session.basket.get(item).cloned() else {
        return vec![];
    };
    let ItemStatus::Conflict { mismatches } = &stored.status else {
        return vec![];
    };
    restage(state, &stored, mismatches, Resolution::KeepDelta)
}

/// The user has settled the conflict: the change is re-staged against what the server has
/// now, and whether an earlier send landed no longer matters.
fn restage(
    state: &mut State,
    item: &Item,
    mismatches: &[crate::basket::Mismatch],
    how: Resolution,
) -> Vec<Effect> {
    let change = rebase(&item.change, mismatches, how);
    if let Some(stored) = state.session.basket.get_mut(item.id) {
        stored.change = change;
        stored.status = ItemStatus::Staged;
        stored.maybe_applied = false;
    }
    info(
        state,
        &format!(
            "{}: re-staged against the server's current values",
            item.target.sku
        ),
    );
    let mut effects = journal(state);
    effects.extend(plan(state));
    effects
}

/// `y` in the basket or `:w`: checks, then asks for confirmation.
pub fn request_send(state: &mut State) -> Vec<Effect> {
    if state.session.sending.is_some() {
        return problem(state, "A batch is being sent: wait for it to finish");
    }
    if let Some(profile) = state.profile().filter(|p| p.read_only) {
        let name = profile.name.clone();
        return problem(
            state,
            &format!("Profile {name} is read-only: nothing can be sent"),
        );
    }
    if let Some(error) = &state.session.journal_error {
        let text = format!("Nothing is sent while the journal cannot be written: {error}");
        return problem(state, &text);
    }
    if let Some(error) = &state.session.journal_write_error {
        let text = format!(
            "Nothing is sent while the journal cannot be written: {error} (writing it again)"
        );
        let mut effects = problem(state, &text);
        effects.extend(super::common::journal(state));
        return effects;
    }
    if state.session.basket.is_empty() {
        return info(state, "The basket is empty: stage changes with + - = e n X");
    }
    let conflicts = state
        .session
        .basket
        .items
        .iter()
        .filter(|item| matches!(item.status, ItemStatus::Conflict { .. }))
        .count();
    if conflicts > 0 {
        show_basket(state);
        return problem(
            state,
            &format!(
                "{} in conflict: resolve with a/o, or drop with x",
                count(conflicts, "change is", "changes are")
            ),
        );
    }
    let effects = if state.basket_view().is_none() {
        open_basket(state)
    } else {
        vec![]
    };
    state.push(Layer::Dialog(Dialog::ConfirmSend {
        items: state.session.basket.len(),
        writes: state.session.basket.writes(),
    }));
    effects
}

/// After the user said yes: a production profile with several writes also wants its name typed.
pub fn confirmed(state: &mut State) -> Vec<Effect> {
    let Some(profile) = state.profile() else {
        return vec![];
    };
    if profile.production && state.session.basket.writes() > 1 {
        state.push(Layer::Prompt(Prompt::new(
            PromptKind::ConfirmProduction {
                profile: profile.name.clone(),
            },
            "",
        )));
        return vec![];
    }
    start_send(state)
}

/// Journals the batch as in flight, then hands it to the runner (in that order).
pub fn start_send(state: &mut State) -> Vec<Effect> {
    let to_send: Vec<Item> = state
        .session
        .basket
        .items
        .iter()
        .filter(|item| !matches!(item.status, ItemStatus::Conflict { .. }))
        .cloned()
        .collect();
    if to_send.is_empty() {
        return vec![];
    }
    for item in &mut state.session.basket.items {
        if to_send.iter().any(|sent| sent.id == item.id) {
            item.status = ItemStatus::Sending;
        }
    }
    state.session.sending = Some(Batch {
        items: to_send.iter().map(|i| i.id).collect(),
        done: 0,
        sent: 0,
        failed: 0,
    });
    state.session.last_sent.clear();
    show_basket(state);
    let mut effects = journal(state);
    effects.push(Effect::SendBatch {
        profile: state.active_profile,
        items: to_send,
    });
    effects
}

pub fn settle(state: &mut State, item: crate::basket::ItemId, outcome: Outcome) -> Vec<Effect> {
    let Some(stored) = state.session.basket.get(item).cloned() else {
        return vec![];
    };
    let batch = state.session.sending.as_mut();
    match outcome {
        Outcome::Sent { sent, created } => {
            state.session.basket.remove(item);
            let target = Target {
                id: created.or(stored.target.id.clone()),
                ..stored.target
            };
            state.session.last_sent.push((target, sent));
            if let Some(batch) = batch {
                batch.sent += 1;
            }
        }
        Outcome::AlreadyApplied => {
            state.session.basket.remove(item);
            if stored.target.id.is_some() {
                state.session.last_sent.push((stored.target, stored.change));
            }
            if let Some(batch) = batch {
                batch.sent += 1;
            }
        }
        Outcome::Conflict(mismatches) => {
            if let Some(stored) = state.session.basket.get_mut(item) {
                stored.status = ItemStatus::Conflict { mismatches };
            }
            if let Some(batch) = state.session.sending.as_mut() {
                batch.failed += 1;
            }
        }
        Outcome::Failed(message) => {
            if let Some(stored) = state.session.basket.get_mut(item) {
                stored.status = ItemStatus::Failed { message };
            }
            if let Some(batch) = state.session.sending.as_mut() {
                batch.failed += 1;
            }
        }
        Outcome::Uncertain(message) => {
            if let Some(stored) = state.session.basket.get_mut(item) {
                stored.status = ItemStatus::Uncertain;
                stored.maybe_applied = true;
            }
            if let Some(batch) = state.session.sending.as_mut() {
                batch.failed += 1;
            }
            problem(
                state,
                &format!(
                    "{}: {message}; the change may already be applied, and is re-read before \
                     anything is resent",
                    stored.target.sku
                ),
            );
        }
    }
    if let Some(batch) = state.session.sending.as_mut() {
        batch.done += 1;
    }
    let len = state.session.basket.len();
    if let Some(view) = state.basket_view_mut() {
        view.selected = view.selected.min(len.saturating_sub(1));
        view.plans.retain(|(id, _)| *id != item);
    }
    journal(state)
}

pub fn finish(state: &mut State) -> Vec<Effect> {
    let Some(batch) = state.session.sending.take() else {
        return vec![];
    };
    // Items still marked as being sent were never sent: the batch was stopped before them.
    let mut left = 0;
    for item in &mut state.session.basket.items {
        if batch.items.contains(&item.id) && item.status == ItemStatus::Sending {
            item.status = ItemStatus::Staged;
            left += 1;
        }
    }
    let uncertain = state
        .session
        .basket
        .items
        .iter()
        .filter(|item| batch.items.contains(&item.id) && item.status == ItemStatus::Uncertain)
        .count();
    let text = if left > 0 {
        format!(
            "Stopped: sent {} of {}; {} stay staged and journaled{}",
            batch.sent,
            batch.items.len(),
            left,
            if batch.failed > 0 {
                format!(", {} not sent (see the basket)", batch.failed)
            } else {
                String::new()
            }
        )
    } else if batch.failed == 0 {
        format!(
            "Sent {}; the server confirmed each. u undoes them.",
            count(batch.sent, "change", "changes")
        )
    } else if uncertain > 0 {
        format!(
            "Sent {}, {} not sent; {} may already be applied (no answer came): \
             sending again re-reads first",
            batch.sent,
            batch.failed,
            count(uncertain, "change", "changes")
        )
    } else {
        format!(
            "Sent {}, {} not sent (see the basket: conflicts ask a/o, failures stay staged)",
            batch.sent, batch.failed
        )
    };
    if batch.failed == 0 && left == 0 {
        info(state, &text);
        state.close(|layer| matches!(layer, Layer::Basket(_)));
    } else {
        problem(state, &text);
    }
    let mut effects = refresh_sent_rows(state);
    if state.session.detail.product.is_some() {
        effects.extend(reload_detail(state));
    }
    if left > 0 {
        effects.extend(journal(state));
    }
    effects.extend(plan(state));
    super::stock_push::offer(state);
    effects
}

/// Esc or `c` in the basket while a batch is on its way: asks before stopping it.
pub fn ask_stop(state: &mut State) -> Vec<Effect> {
    let Some(batch) = &state.session.sending else {
        return vec![];
    };
    let dialog = Dialog::ConfirmStopSending {
        done: batch.done,
        total: batch.items.len(),
    };
    state.push(Layer::Dialog(dialog));
    vec![]
}

/// Yes to stopping: the runner sends nothing after the item in flight; the batch's end puts
/// the rest back as staged.
pub fn stop(state: &mut State) -> Vec<Effect> {
    if state.session.sending.is_none() {
        return vec![];
    }
    info(
        state,
        "Stopping after the request in flight; the rest stays staged",
    );
    vec![Effect::CancelSend {
        profile: state.active_profile,
    }]
}

/// Reads the products the batch wrote again, so their rows show what the store now has;
/// deleted ones leave the list.
fn refresh_sent_rows(state: &mut State) -> Vec<Effect> {
    let mut deleted = Vec::new();
    let mut changed = Vec::new();
    for (target, change) in &state.session.last_sent {
        let Some(id) = target.id.clone() else {
            continue;
        };
        if matches!(change, Change::Delete { .. }) {
            deleted.push(id);
        } else {
            changed.push(id);
        }
    }
    remove_rows(state, &deleted);
    if changed.is_empty() {
        return vec![];
    }
    vec![Effect::RefreshRows {
        profile: state.active_profile,
        ids: changed,
    }]
}

/// `u`: stages the inverse of the last sent batch, for review like any other change.
pub fn undo(state: &mut State) -> Vec<Effect> {
    if state.session.sending.is_some() {
        return problem(state, "A batch is being sent: wait for it to finish");
    }
    if state.session.last_sent.is_empty() {
        return info(state, "Nothing to undo: no batch was sent in this session");
    }
    let sent = std::mem::take(&mut state.session.last_sent);
    let can_delete = state.profile().is_some_and(|p| p.capabilities.delete);
    let mut staged = 0;
    let mut skipped = Vec::new();
    for (target, change) in sent {
        match inverse(&change) {
            // Undoing a create is a delete: a store that cannot delete keeps the product.
            Some(Change::Delete { .. }) if !can_delete => skipped.push(target.sku),
            Some(back) => {
                state.session.basket.stage(target, back);
                staged += 1;
            }
            None => skipped.push(target.sku),
        }
    }
    if staged == 0 {
        let text = format!(
            "Nothing to undo: a deleted product cannot be restored, nor a new one deleted here ({})",
            skipped.join(", ")
        );
        return info(state, &text);
    }
    let mut text = format!(
        "Staged the inverse of {}: review and send with y",
        count(staged, "change", "changes")
    );
    if !skipped.is_empty() {
        text.push_str(&format!(
            " (a deleted product cannot be restored, nor a new one deleted here: {})",
            skipped.join(", ")
        ));
    }
    let mut effects = journal(state);
    effects.extend(open_basket(state));
    info(state, &text);
    effects
}

/// A journal read at start-up: its changes come back staged, in-flight ones marked uncertain.
pub fn recovered(state: &mut State, profile: usize, mut items: Vec<Item>) -> Vec<Effect> {
    if profile != state.active_profile || items.is_empty() {
        return vec![];
    }
    let mut uncertain = 0;
    for item in &mut items {
        if item.status == ItemStatus::Sending {
            item.status = ItemStatus::Uncertain;
        }
        if item.status == ItemStatus::Uncertain {
            item.maybe_applied = true;
            uncertain += 1;
        }
    }
    state.session.basket.next_id = items
        .iter()
        .map(|i| i.id.0)
        .max()
        .unwrap_or(0)
        .max(state.session.basket.next_id);
    let count = items.len();
    state.session.basket.items = items;
    state.push(Layer::Dialog(Dialog::Recovered {
        items: count,
        uncertain,
    }));
    journal(state)
}

/// Opens the basket under what is open, unless it is open.
fn show_basket(state: &mut State) {
    if state.basket_view().is_none() {
        state.push(Layer::Basket(BasketView::default()));
    }
}

/// Drops every staged change of this store, after the user said yes.
pub fn discard(state: &mut State, items: usize) -> Vec<Effect> {
    state.session.basket.items.clear();
    state.close(|layer| matches!(layer, Layer::Basket(_)));
    info(
        state,
        &format!(
            "Dropped {}: nothing was sent",
            count(items, "staged change", "staged changes")
        ),
    );
    journal(state)
}

/// `D` in the basket: asks before dropping everything.
pub fn ask_discard(state: &mut State) -> Vec<Effect> {
    if state.session.sending.is_some() {
        return problem(state, "A batch is being sent: wait for it to finish");
    }
    if !state.session.basket.is_empty() {
        let items = state.session.basket.len();
        state.push(Layer::Dialog(Dialog::ConfirmDiscard { items }));
    }
    vec![]
}
