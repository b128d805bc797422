//! `y` was pressed: the next key says what to copy (debug id, SKU, body, curl); any other
//! key cancels.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::action::{Action, CopyWhat};
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::State;
use crate::app::update::inspecting;

pub fn keys(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('d') => Action::Copy(CopyWhat::DebugId),
        KeyCode::Char('s') => Action::Copy(CopyWhat::Sku),
        KeyCode::Char('b') => Action::Copy(CopyWhat::Body),
        KeyCode::Char('c') => Action::Copy(CopyWhat::Curl),
        _ => Action::Back,
    })
}

/// Copies what the layer below (an exchange, the ledger, else the list) is about.
pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    if let Action::Copy(what) = action {
        effects.extend(inspecting::copy(state, what));
    }
    Step::Pop
}
