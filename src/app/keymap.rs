//! Turns terminal key events into actions, depending only on which input has the keyboard.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, CopyWhat};
use super::state::{Dialog, Editor, State};
use crate::basket::check::Resolution;
use crate::catalog::fields::FieldKind;

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
    if state.prompt.is_some() {
        return prompt_key(key, ctrl);
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
            KeyCode::Char(c) if "+-=EXbu".contains(c) => return None,
            _ => {}
        }
    }
    if state.basket_view.is_some()
        && let Some(action) = basket_key(key)
    {
        return Some(action);
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
        KeyCode::Char(c @ '1'..='9') => Action::CountDigit(c as u8 - b'0'),
        KeyCode::Char('0') if state.count.is_some() => Action::CountDigit(0),
        KeyCode::Char('+') => Action::AdjustStock { sign: 1 },
        KeyCode::Char('-') => Action::AdjustStock { sign: -1 },
        KeyCode::Char('=') => Action::StartSetStock,
        KeyCode::Char(':') => Action::StartCommand,
        KeyCode::Char('e') => Action::EditProduct,
        KeyCode::Char('E') => Action::EditRaw,
        KeyCode::Char('n') => Action::NewProduct,
        KeyCode::Char('X') => Action::DeleteProduct,
        KeyCode::Char('M') => Action::MarkSold,
        KeyCode::Char('A') => Action::OpenListings,
        KeyCode::Char('w') => Action::CycleWarehouse,
        KeyCode::Char('b') => Action::OpenBasket,
        KeyCode::Char('u') => Action::Undo,
        KeyCode::Char('L') => Action::OpenLedger,
        KeyCode::Char('I') => Action::InspectLast,
        KeyCode::Char('R') => Action::InspectProduct,
        KeyCode::Char('y') => Action::StartCopy,
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
