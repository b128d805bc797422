//! Turns terminal key events into actions: Ctrl-C everywhere, else the top layer's keys.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::state::State;

pub use super::command_keys::command_action;

/// The action a key press means in the current state, if any: Ctrl-C quits (asking first when
/// something is staged) whatever is open; every other key is the top layer's.
pub fn action_for(key: KeyEvent, state: &State) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    super::layers::keys(key, state)
}
