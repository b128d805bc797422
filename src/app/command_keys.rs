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
        Command::WarehouseColumns => Action::ToggleWarehouseColumns,
        Command::Basket => Action::OpenBasket,
        Command::Undo => Action::Undo,
        Command::Ledger => Action::OpenLedger,
        Command::InspectLast => Action::InspectLast,
        Command::InspectProduct => Action::InspectProduct,
        Command::Copy => Action::StartCopy,
        Command::Mark => Action::ToggleMark,
        Command::MarkRange => Action::MarkRange,
        Command::ClearMarks => Action::ClearMarks,
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

/// The keys of the ledger and of an exchange: `n`/`N` step through matches, `e` exports; the
/// list's commands that would change products wait until the inspector closes.
pub fn inspection_keys(key: KeyEvent, state: &State) -> Option<Action> {
    match key.code {
        KeyCode::Char('n') => return Some(Action::NextMatch),
        KeyCode::Char('N') => return Some(Action::PrevMatch),
        KeyCode::Char('e') => return Some(Action::StartExport),
        _ => {}
    }
    let changes_products = state
        .bindings
        .command(Key::from_event(key))
        .is_some_and(|command| {
            matches!(
                command,
                Command::AddStock
                    | Command::RemoveStock
                    | Command::SetStock
                    | Command::EditRaw
                    | Command::Delete
                    | Command::Basket
                    | Command::Undo
                    | Command::Mark
                    | Command::MarkRange
                    | Command::ClearMarks
            )
        });
    if changes_products {
        return None;
    }
    command_key(key, state)
}
