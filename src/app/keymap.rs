//! Turns terminal key events into actions, depending only on which input has the keyboard.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::state::State;

/// The action a key press means in the current state, if any.
pub fn action_for(key: KeyEvent, state: &State) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    if state.search.is_some() {
        return search_key(key, ctrl);
    }
    if ctrl {
        return match key.code {
            KeyCode::Char('d') => Some(Action::HalfPageDown),
            KeyCode::Char('u') => Some(Action::HalfPageUp),
            KeyCode::Char('f') => Some(Action::NextPage),
            KeyCode::Char('b') => Some(Action::PrevPage),
            KeyCode::Char('r') => Some(Action::Refresh),
            _ => None,
        };
    }
    let action = match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::SelectNext,
        KeyCode::Char('k') | KeyCode::Up => Action::SelectPrev,
        KeyCode::Char('g') | KeyCode::Home => Action::SelectFirst,
        KeyCode::Char('G') | KeyCode::End => Action::SelectLast,
        KeyCode::Char(']') | KeyCode::PageDown => Action::NextPage,
        KeyCode::Char('[') | KeyCode::PageUp => Action::PrevPage,
        KeyCode::Char('{') => Action::FirstPage,
        KeyCode::Char('}') => Action::LastPage,
        KeyCode::Char('r') => Action::Refresh,
        KeyCode::Enter | KeyCode::Char('l') => Action::Open,
        KeyCode::Esc | KeyCode::Char('h') => Action::Back,
        KeyCode::Tab | KeyCode::BackTab => Action::FocusNext,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('S') => Action::ReverseSort,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('?') | KeyCode::F(1) => Action::ToggleHelp,
        KeyCode::Char('P') => Action::NextProfile,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    };
    Some(action)
}

fn search_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::SearchSubmit),
        KeyCode::Esc => Some(Action::SearchCancel),
        KeyCode::Backspace => Some(Action::SearchBackspace),
        KeyCode::Char('u') if ctrl => Some(Action::SearchClear),
        KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
        _ => None,
    }
}
