//! Results from the runner: each store's result applied to that store's session, and the ledger.

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::fields;
use super::super::state::{Layer, Load, Message, ProductHistory, Severity, State, StockIntent};
use super::common::{info, problem};
use super::{editing, import, inspecting, listings, loading, sending, staging};

/// Applies a result; `None` when the action is not a result.
pub fn handle(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    if let Some(profile) = action.store() {
        return Some(in_session(state, profile, action, store_result));
    }
    match action.clone() {
        Action::BodiesFormatted {
            seq,
            request,
            response,
        } => Some(inspecting::formatted(state, seq, request, response)),
        Action::Copied { what } => Some(info(
            state,
            &format!("Copied {what} to the clipboard (OSC 52)"),
        )),
        Action::Exported { path, what } => Some(info(
            state,
            &format!("Exported {what} to {}", path.display()),
        )),
        Action::InspectFailed { message } => Some(problem(state, &message)),
        Action::ImportRead { path, result } => Some(import::read(state, path, result)),
        _ => None,
    }
}

/// Results that only make sense on screen (a view open on the active store) are dropped when
/// their store is not the active one.
fn needs_screen(action: &Action) -> bool {
    matches!(
        action,
        Action::RequestsPlanned { .. }
            | Action::ListingsLoaded { .. }
            | Action::ListingsUpdated { .. }
    )
}

/// Runs `apply` with `profile`'s session in place: the active one, or one switched away from,
/// which is put back afterwards. A store in the background changes only its own session: what
/// it would say on the message line, or a layer it would open or close, is not shown over
/// another store: it works on a stack of its own, the list (and its detail pane if it had one
/// open), dropped afterwards.
fn in_session(
    state: &mut State,
    profile: usize,
    action: &Action,
    apply: fn(&mut State, usize, &Action) -> Vec<Effect>,
) -> Vec<Effect> {
    if profile == state.active_profile {
        return apply(state, profile, action);
    }
    if needs_screen(action) {
        return vec![];
    }
    let Some(parked) = state.parked.get_mut(profile) else {
        return vec![];
    };
    if !parked.opened {
        return vec![];
    }
    let session = std::mem::take(parked);
    let active_session = std::mem::replace(&mut state.session, session);
    let active_profile = std::mem::replace(&mut state.active_profile, profile);
    let message = state.message.take();
    let mut background = vec![Layer::List];
    if state.session.detail_was_open {
        background.push(Layer::Detail);
    }
    let layers = std::mem::replace(&mut state.layers, background);
    let effects = apply(state, profile, action);
    state.layers = layers;
    state.message = message;
    state.active_profile = active_profile;
    let session = std::mem::replace(&mut state.session, active_session);
    if let Some(slot) = state.parked.get_mut(profile) {
        *slot = session;
    }
    effects
}

/// One store's result, applied to `state.session` (which is that store's).
fn store_result(state: &mut State, profile: usize, action: &Action) -> Vec<Effect> {
    state.record(profile, action.exchanges().to_vec());
    match action.clone() {
        Action::PageLoaded {
            request,
            page,
            exchanges,
            ..
        } => {
            let source = exchanges.last().map(|e| e.seq);
            loading::page_loaded(state, request, page, source)
        }
        Action::PageFailed { request, error, .. } => loading::page_failed(state, request, error),
        Action::LoadFinished {
            request, failed, ..
        } => loading::load_finished(state, request, failed),
        Action::ViewComputed {
            generation, rows, ..
        } => loading::view_computed(state, generation, rows),
        Action::ViewPreviewed {
            generation, rows, ..
        } => loading::view_previewed(state, generation, rows),
        Action::RowsRefreshed { products, .. } => loading::rows_refreshed(state, products),
        Action::CacheLoaded {
            request,
            pages,
            written_at,
            last,
            ..
        } => loading::cache_loaded(state, request, pages, written_at, last),
        Action::CacheChanged { ids, .. } => loading::cache_changed(state, ids),
        Action::CacheNotice { text, .. } => problem(state, &text),
        Action::HistoryLoaded { id, points, .. } => {
            state.history = Some(ProductHistory {
                profile,
                id,
                points,
            });
            vec![]
        }
        Action::ProductLoaded {
            request,
            product,
            exchanges,
            ..
        } => {
            let source = exchanges.last().map(|e| e.seq);
            if !state.session.detail.load.is_current(request) {
                return vec![];
            }
            let detail = &mut state.session.detail;
            detail.source = source;
            detail.fields = fields::flatten(&product.raw);
            detail.load = Load::Idle;
            let then = detail.then_edit.take();
            let opened = then.map(|kind| editing::open_editor(state, kind, &product));
            state.session.detail.product = Some(product);
            let stock = match state.session.detail.then_stock.take() {
                Some(StockIntent::Adjust(delta)) => staging::adjust_by(state, delta),
                Some(StockIntent::Set) => staging::start_set_stock(state),
                None => vec![],
            };
            let mut effects = opened.unwrap_or_default();
            effects.extend(stock);
            if let Some(product) = &state.session.detail.product {
                effects.push(Effect::LoadHistory {
                    profile,
                    id: product.summary.id.clone(),
                });
            }
            effects
        }
        Action::ProductFailed { request, error, .. } => {
            if state.session.detail.load.is_current(request) {
                state.message = Some(Message {
                    severity: Severity::Error,
                    text: format!("Could not load the product: {error}"),
                });
                let detail = &mut state.session.detail;
                detail.load = Load::Failed(error);
                detail.then_edit = None;
                detail.then_stock = None;
            }
            vec![]
        }
        Action::JournalLoaded { profile, items } => sending::recovered(state, profile, items),
        Action::JournalFailed { message, .. } => {
            problem(state, &format!("Journal: {message}"));
            state.session.journal_error = Some(message);
            vec![]
        }
        Action::JournalWriteFailed { message, .. } => {
            problem(
                state,
                &format!("Journal: {message}; nothing is sent until it is written"),
            );
            state.session.journal_write_error = Some(message);
            vec![]
        }
        Action::JournalWritten { .. } => {
            if state.session.journal_write_error.take().is_some() {
                info(state, "Journal: written again; the basket can be sent");
            }
            vec![]
        }
        Action::RequestsPlanned { plans, .. } => {
            if let Some(view) = state.basket_view_mut() {
                view.plans = plans;
            }
            vec![]
        }
        Action::ItemSettled { item, outcome, .. } => sending::settle(state, item, outcome),
        Action::BatchFinished { .. } => sending::finish(state),
        Action::FormFieldsLoaded { fields, .. } => {
            match fields {
                Ok(fields) => state.session.form_fields = Some(fields),
                Err(error) => {
                    problem(
                        state,
                        &format!(
                            "Could not read the product fields ({error}): the form offers Stockroom's own"
                        ),
                    );
                }
            }
            vec![]
        }
        Action::ListingsLoaded {
            accounts, budget, ..
        } => listings::loaded(state, accounts, budget),
        Action::ListingsUpdated { result, budget, .. } => listings::updated(state, result, budget),
        Action::StockPushed { result, budget, .. } => {
            super::stock_push::pushed(state, result, budget)
        }
        _ => vec![],
    }
}
