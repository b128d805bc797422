//! The help over whatever is open: `?` or Esc closes it, nothing else gets through.

use crossterm::event::KeyEvent;

use crate::app::action::Action;
use crate::app::command_keys::command_key;
use crate::app::layer::Step;
use crate::app::state::State;

pub fn keys(key: KeyEvent, state: &State) -> Option<Action> {
    command_key(key, state)
}

pub fn update(action: Action) -> Step {
    match action {
        Action::ToggleHelp | Action::Back => Step::Pop,
        _ => Step::Stay,
    }
}
