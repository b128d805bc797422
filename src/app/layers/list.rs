//! The product list, at the bottom of the stack: the list's commands.

use crossterm::event::KeyEvent;

use crate::app::action::Action;
use crate::app::command_keys::command_key;
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::State;
use crate::app::update::browse;

pub fn keys(key: KeyEvent, state: &State) -> Option<Action> {
    command_key(key, state)
}

/// Esc here clears an applied search, else stops the load: the list is never popped.
pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    browse::command(state, action, effects)
}
