//! The keys several layers share: the list's commands as the config binds them, count
//! digits, and typing a one-line search or filter.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::state::State;
use crate::keys::{Command, Key};

/// A key of the list's commands (as the config binds them), a count digit, or Esc.
pub fn command_key(key: KeyEvent, state: &State) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // A digit with Alt is a key of its own, which the config may bind.
    let plain = !ctrl && !key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Esc => return Some(Action::Back),
        KeyCode::Char(c @ '1'..='9') if plain => return Some(Action::CountDigit(c as u8 - b'0')),
        KeyCode::Char('0') if plain && state.count.is_some() => {
            return Some(Action::CountDigit(0));
        }
        _ => {}
    }
    let command = state.bindings.command(Key::from_event(key))?;
    Some(command_action(command))
}

/// The list's command bound to a key, if any.
pub fn command_of(key: KeyEvent, state: &State) -> Option<Command> {
    state.bindings.command(Key::from_event(key))
}

/// What a command of the list and detail panes does.
pub fn command_action(command: Command) -> Action {
    match command {
        Command::Down => Action::SelectNext,
        Command::Up => Action::SelectPrev,
        Command::First => Action::SelectFirst,
        Command::Last => Action::SelectLast,
        Command::HalfPageDown => Action::HalfPageDown,
        Command::HalfPageUp => Action::HalfPageUp,
        Command::PageDown => Action::NextPage,
        Command::PageUp => Action::PrevPage,
        Command::FirstPage => Action::FirstPage,
        Command::LastPage => Action::LastPage,
        Command::Reload => Action::Refresh,
        Command::Open => Action::Open,
        Command::Back => Action::Back,
        Command::SwitchPane => Action::FocusNext,
        Command::Sort => Action::CycleSort,
        Command::ReverseSort => Action::ReverseSort,
        Command::Filter => Action::StartSearch,
        Command::Help => Action::ToggleHelp,
        Command::NextProfile => Action::NextProfile,
        Command::Quit => Action::Quit,
        Command::AddStock => Action::AdjustStock { sign: 1 },
        Command::RemoveStock => Action::AdjustStock { sign: -1 },
        Command::SetStock => Action::StartSetStock,
        Command::CommandLine => Action::StartCommand,
        Command::Edit => Action::EditProduct,
        Command::EditRaw => Action::EditRaw,
        Command::New => Action::NewProduct,
        Command::Delete => Action::DeleteProduct,
        Command::MarkSold => Action::MarkSold,
        Command::Listings => Action::OpenListings,
        Command::Warehouse => Action::CycleWarehouse,
        Command::Basket => Action::OpenBasket,
        Command::Undo => Action::Undo,
        Command::Ledger => Action::OpenLedger,
        Command::InspectLast => Action::InspectLast,
        Command::InspectProduct => Action::InspectProduct,
        Command::Copy => Action::StartCopy,
    }
}

/// Keys while a one-line search or filter is being typed.
pub fn typing_key(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter => Some(Action::SearchSubmit),
        KeyCode::Esc => Some(Action::SearchCancel),
        KeyCode::Backspace => Some(Action::SearchBackspace),
        KeyCode::Char('u') if ctrl => Some(Action::SearchClear),
        KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
        _ => None,
    }
}
