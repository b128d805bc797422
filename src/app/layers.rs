//! The layer stack's dispatch: the top layer's keys and update. Each layer is a module of its
//! own; none imports another: what they share lives in `update`'s operations and
//! `command_keys`, and what a dialog or a prompt runs when answered is a `RootAction`.

mod basket;
mod copy;
mod detail;
mod dialog;
mod editor;
mod exchange;
mod help;
mod import_report;
mod ledger;
mod list;
mod listings;
mod prompt;
mod search;

use crossterm::event::KeyEvent;

use super::action::Action;
use super::effect::Effect;
use super::layer::Step;
use super::state::{Layer, State};

/// The action a key means to the top layer.
pub fn keys(key: KeyEvent, state: &State) -> Option<Action> {
    match state.top() {
        Layer::List => list::keys(key, state),
        Layer::Detail => detail::keys(key, state),
        Layer::Search(_) => search::keys(key),
        Layer::Help => help::keys(key, state),
        Layer::Prompt(prompt) => prompt::keys(key, prompt),
        Layer::Editor(editor) => editor::keys(key, editor),
        Layer::Basket(_) => basket::keys(key, state),
        Layer::Dialog(dialog) => dialog::keys(key, dialog),
        Layer::ImportReport(_) => import_report::keys(key),
        Layer::Ledger(inspector) => ledger::keys(key, state, inspector),
        Layer::Exchange(open) => exchange::keys(key, state, open),
        Layer::Listings(_) => listings::keys(key, state),
        Layer::Copy => copy::keys(key),
    }
}

/// Hands an action to the top layer; its effects go to `effects`, its wish for the stack is
/// returned for the root to apply.
pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let browsing = matches!(
        state.top(),
        Layer::List
            | Layer::Detail
            | Layer::Copy
            | Layer::Listings(_)
            | Layer::Ledger(_)
            | Layer::Exchange(_)
            | Layer::Basket(_)
    );
    if browsing {
        // A key on the panes or a view over them: the last message has been read.
        state.message = None;
    }
    match state.top() {
        Layer::List => list::update(state, action, effects),
        Layer::Detail => detail::update(state, action, effects),
        Layer::Search(_) => search::update(state, action, effects),
        Layer::Help => help::update(action),
        Layer::Prompt(_) => prompt::update(state, action, effects),
        Layer::Editor(_) => editor::update(state, action, effects),
        Layer::Basket(_) => basket::update(state, action, effects),
        Layer::Dialog(_) => dialog::update(state, action),
        Layer::ImportReport(_) => import_report::update(state, action),
        Layer::Ledger(_) => ledger::update(state, action, effects),
        Layer::Exchange(_) => exchange::update(state, action, effects),
        Layer::Listings(_) => listings::update(state, action, effects),
        Layer::Copy => copy::update(state, action, effects),
    }
}
