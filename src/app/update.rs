//! The pure heart of the UI: `update(state, action) -> effects`. No I/O, no clock, no tokio.
//!
//! The root handles results, `Quit` and `Resize` once; every other action goes to the top
//! layer (`app::layers`), whose step the root then applies to the stack.

pub(crate) mod browse;
pub(crate) mod command_line;
pub(crate) mod common;
pub(crate) mod editing;
pub(crate) mod import;
pub(crate) mod inspecting;
pub(crate) mod listings;
pub(crate) mod loading;
pub(crate) mod prices;
mod profiles;
mod results;
pub(crate) mod sending;
pub(crate) mod staging;
mod stock_push;

use super::action::Action;
use super::effect::Effect;
use super::layer::{RootAction, Step};
use super::state::{Focus, Layer, State};

pub use super::ledger::LEDGER_BODY_BUDGET;

/// Applies one action and returns the work it asks for.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = results::handle(state, &action) {
        return effects;
    }
    match action {
        Action::Quit => return common::quit_or_ask(state),
        Action::Resize { width, height } => {
            state.viewport = (width, height);
            common::clamp_offset(state);
            return vec![];
        }
        _ => {}
    }
    if state.profiles.is_empty() {
        return vec![];
    }
    let mut effects = Vec::new();
    let step = super::layers::update(state, action, &mut effects);
    effects.extend(apply(state, step));
    effects
}

/// Applies a layer's step to the stack.
fn apply(state: &mut State, step: Step) -> Vec<Effect> {
    match step {
        Step::Stay => vec![],
        Step::Pop => {
            if let Some(Layer::Detail) = state.pop() {
                state.session.focus = Focus::List;
                common::clamp_offset(state);
            }
            vec![]
        }
        Step::Push(layer) => {
            state.push(layer);
            vec![]
        }
        Step::Replace(layer) => {
            state.pop();
            state.push(layer);
            vec![]
        }
        Step::Root(action) => {
            state.pop();
            root(state, action)
        }
    }
}

/// What a dialog or a prompt asked for once answered.
fn root(state: &mut State, action: RootAction) -> Vec<Effect> {
    match action {
        RootAction::Quit => common::quit(state),
        RootAction::ConfirmSend => sending::confirmed(state),
        RootAction::StartSend => sending::start_send(state),
        RootAction::StageDelete {
            target,
            keep_channels,
        } => staging::stage_delete(state, target, keep_channels),
        RootAction::Stage { target, change } => staging::stage(state, target, change),
        RootAction::UpdateListings => listings::confirmed(state),
        RootAction::PushStock { ids } => stock_push::confirmed(state, ids),
        RootAction::DiscardBasket { items } => sending::discard(state, items),
        RootAction::OpenBasket => sending::open_basket(state),
        RootAction::StopSending => sending::stop(state),
        RootAction::Reapply { item } => sending::reapply(state, item),
    }
}

/// The initial work when the UI starts: the first page of the active profile.
pub fn start(state: &mut State) -> Vec<Effect> {
    if state.profiles.is_empty() {
        return vec![];
    }
    profiles::open_session(state)
}
