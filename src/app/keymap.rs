//! Turns terminal key events into actions, depending only on which input has the keyboard.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, CopyWhat};
use super::state::{Dialog, Editor, PromptKind, State};
use crate::basket::check::Resolution;
use crate::catalog::fields::FieldKind;
use crate::keys::{Command, Key};

/// The action a key press means in the current state, if any.
pub fn action_for(key: KeyEvent, state: &State) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    if let Some(dialog) = &state.dialog {
        return dialog_key(key, dialog);
    }
    if let Some(prompt) = &state.prompt {
        let command_line = prompt.kind == PromptKind::Command;
        return match key.code {
            KeyCode::Tab if command_line => Some(Action::PromptComplete { back: false }),
            KeyCode::BackTab if command_line => Some(Action::PromptComplete { back: true }),
            _ => prompt_key(key, ctrl),
        };
    }
    if let Some(editor) = &state.editor {
        return editor_key(key, ctrl, editor);
    }
    if state.search.is_some() {
        return search_key(key, ctrl);
    }
    if state.copy_pending {
        return Some(match key.code {
            KeyCode::Char('d') => Action::Copy(CopyWhat::DebugId),
            KeyCode::Char('s') => Action::Copy(CopyWhat::Sku),
            KeyCode::Char('b') => Action::Copy(CopyWhat::Body),
            KeyCode::Char('c') => Action::Copy(CopyWhat::Curl),
            _ => Action::Back,
        });
    }
    if state.import_report.is_some() {
        return import_key(key, ctrl);
    }
    if state.listings.is_some() {
        match key.code {
            KeyCode::Char(' ') => return Some(Action::ToggleAccount),
            KeyCode::Char('a') => return Some(Action::ToggleAllAccounts),
            KeyCode::Char('u') | KeyCode::Enter => return Some(Action::UpdateListings),
            _ => {}
        }
    }
    if let Some(inspector) = &state.inspector {
        let typing = inspector.filter_input.is_some()
            || inspector
                .open
                .as_ref()
                .and_then(|open| open.search.as_ref())
                .is_some_and(|search| search.editing);
        if typing {
            return search_key(key, ctrl);
        }
        match key.code {
            KeyCode::Char('n') => return Some(Action::NextMatch),
            KeyCode::Char('N') => return Some(Action::PrevMatch),
            KeyCode::Char('e') => return Some(Action::StartExport),
            _ => {}
        }
    }
    if state.basket_view.is_some()
        && let Some(action) = basket_key(key)
    {
        return Some(action);
    }
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
    let action = command_action(command);
    // The inspector shows exchanges, not products: what would change one waits until it closes.
    let changes_products = matches!(
        command,
        Command::AddStock
            | Command::RemoveStock
            | Command::SetStock
            | Command::EditRaw
            | Command::Delete
            | Command::Basket
            | Command::Undo
    );
    if state.inspector.is_some() && changes_products {
        return None;
    }
    Some(action)
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

fn dialog_key(key: KeyEvent, dialog: &Dialog) -> Option<Action> {
    match (dialog, key.code) {
        (Dialog::MarkSold { .. }, KeyCode::Char(c @ '0'..='9')) => {
            Some(Action::SoldDigit(c as u8 - b'0'))
        }
        (Dialog::MarkSold { .. }, KeyCode::Backspace) => Some(Action::SoldBackspace),
        (Dialog::MarkSold { .. }, KeyCode::Tab | KeyCode::Char('a')) => {
            Some(Action::SoldCycleAction)
        }
        (Dialog::MarkSold { .. }, KeyCode::Enter) => Some(Action::Confirm),
        (Dialog::MarkSold { .. }, KeyCode::Esc) => Some(Action::Decline),
        (Dialog::MarkSold { .. }, _) => None,
        (Dialog::ConfirmDelete { channels: true, .. }, KeyCode::Char('k')) => {
            Some(Action::KeepChannels)
        }
        (Dialog::Recovered { .. }, KeyCode::Char('r') | KeyCode::Enter) => {
            Some(Action::ReviewRecovered)
        }
        (Dialog::Recovered { .. }, KeyCode::Char('d')) => Some(Action::DiscardRecovered),
        (Dialog::Recovered { .. }, _) => None,
        (_, KeyCode::Char('y') | KeyCode::Enter) => Some(Action::Confirm),
        (_, KeyCode::Char('n') | KeyCode::Esc) => Some(Action::Decline),
        _ => None,
    }
}

fn prompt_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::PromptSubmit),
        KeyCode::Esc => Some(Action::PromptCancel),
        KeyCode::Backspace => Some(Action::PromptBackspace),
        KeyCode::Char('u') if ctrl => Some(Action::PromptClear),
        KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
        _ => None,
    }
}

fn editor_key(key: KeyEvent, ctrl: bool, editor: &Editor) -> Option<Action> {
    let multiline = match editor {
        Editor::Raw(_) | Editor::Prices(_) => true,
        Editor::Form(form) => form
            .fields
            .get(form.focus)
            .is_some_and(|field| field.spec.kind == FieldKind::LongText),
    };
    let form = matches!(editor, Editor::Form(_));
    let prices = matches!(editor, Editor::Prices(_));
    match key.code {
        KeyCode::Char('s') if ctrl => Some(Action::EditorSave),
        KeyCode::Esc => Some(Action::EditorCancel),
        KeyCode::Tab | KeyCode::Enter if prices => Some(Action::EditorNext),
        KeyCode::BackTab if prices => Some(Action::EditorPrev),
        KeyCode::Tab if form => Some(Action::EditorNext),
        KeyCode::BackTab if form => Some(Action::EditorPrev),
        KeyCode::Down if form && !multiline => Some(Action::EditorNext),
        KeyCode::Up if form && !multiline => Some(Action::EditorPrev),
        KeyCode::Enter if form && !multiline => Some(Action::EditorNext),
        _ => Some(Action::EditorKey(key)),
    }
}

/// Keys while the import report is open: it scrolls, opens the basket or closes.
fn import_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    match key.code {
        KeyCode::Char('d') if ctrl => Some(Action::HalfPageDown),
        KeyCode::Char('u') if ctrl => Some(Action::HalfPageUp),
        KeyCode::Char('j') | KeyCode::Down => Some(Action::SelectNext),
        KeyCode::Char('k') | KeyCode::Up => Some(Action::SelectPrev),
        KeyCode::Char('g') | KeyCode::Home => Some(Action::SelectFirst),
        KeyCode::Char('G') | KeyCode::End => Some(Action::SelectLast),
        KeyCode::Char(']') | KeyCode::PageDown => Some(Action::NextPage),
        KeyCode::Char('[') | KeyCode::PageUp => Some(Action::PrevPage),
        KeyCode::Char('b') => Some(Action::OpenBasket),
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => Some(Action::Back),
        _ => None,
    }
}

fn basket_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Char('y') | KeyCode::Enter => Some(Action::SendBasket),
        KeyCode::Char('x') | KeyCode::Delete => Some(Action::DropItem),
        KeyCode::Char('D') => Some(Action::DropAll),
        KeyCode::Char('a') => Some(Action::Resolve(Resolution::KeepDelta)),
        KeyCode::Char('o') => Some(Action::Resolve(Resolution::Overwrite)),
        KeyCode::Esc | KeyCode::Char('b') => Some(Action::Back),
        _ => None,
    }
}
