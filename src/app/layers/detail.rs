//! The detail pane over the list: the list's commands, scrolling the pane when it has focus;
//! Esc closes it.

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

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    match action {
        Action::Back => {
            state.count = None;
            Step::Pop
        }
        other => browse::command(state, other, effects),
    }
}
