//! A question over everything else. Each dialog says what its yes runs, as a `RootAction`:
//! the root runs it once the dialog is closed; no and Esc only close it.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::action::Action;
use crate::app::layer::{RootAction, Step};
use crate::app::state::{Dialog, Layer, State};
use crate::basket::Change;

pub fn keys(key: KeyEvent, dialog: &Dialog) -> Option<Action> {
    match (dialog, key.code) {
        (Dialog::MarkSold { .. }, KeyCode::Char(c @ '0'..='9')) => {
            Some(Action::SoldDigit(c as u8 - b'0'))
        }
        (Dialog::MarkSold { .. }, KeyCode::Backspace) => Some(Action::SoldBackspace),
        (
            Dialog::MarkSold { .. },
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End,
        ) => Some(Action::KeepPrefilled),
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
        // The recovered changes stay staged: the basket shows them whenever it opens.
        (Dialog::Recovered { .. }, KeyCode::Esc) => Some(Action::Back),
        (Dialog::Recovered { .. }, _) => None,
        (_, KeyCode::Char('y') | KeyCode::Enter) => Some(Action::Confirm),
        (_, KeyCode::Char('n') | KeyCode::Esc) => Some(Action::Decline),
        _ => None,
    }
}

/// What yes to this dialog runs, if it runs anything.
pub fn on_yes(dialog: &Dialog) -> Option<RootAction> {
    match dialog {
        Dialog::ConfirmSend { .. } => Some(RootAction::ConfirmSend),
        Dialog::ConfirmDelete { target, .. } => Some(RootAction::StageDelete {
            target: target.clone(),
            keep_channels: false,
        }),
        Dialog::ConfirmUpdateListings { .. } => Some(RootAction::UpdateListings),
        Dialog::ConfirmStockPush { ids, .. } => Some(RootAction::PushStock { ids: ids.clone() }),
        Dialog::ConfirmQuit { .. } | Dialog::QuitWhileSending { .. } => Some(RootAction::Quit),
        Dialog::ConfirmStopSending { .. } => Some(RootAction::StopSending),
        Dialog::ConfirmReapply { item, .. } => Some(RootAction::Reapply { item: *item }),
        Dialog::ConfirmDiscard { items } => Some(RootAction::DiscardBasket { items: *items }),
        Dialog::Recovered { .. } => Some(RootAction::OpenBasket),
        Dialog::MarkSold { .. } => None,
    }
}

pub fn update(state: &mut State, action: Action) -> Step {
    let Some(dialog) = state.dialog().cloned() else {
        return Step::Stay;
    };
    let no = matches!(action, Action::Decline | Action::Back);
    let yes = matches!(action, Action::Confirm | Action::ReviewRecovered);
    match dialog {
        _ if no => Step::Pop,
        Dialog::MarkSold { .. } => sold(state, action),
        Dialog::Recovered { .. } if matches!(action, Action::DiscardRecovered) => {
            let items = state.session.basket.len();
            Step::Replace(Layer::Dialog(Dialog::ConfirmDiscard { items }))
        }
        Dialog::ConfirmDelete {
            target,
            channels: true,
        } if matches!(action, Action::KeepChannels) => Step::Root(RootAction::StageDelete {
            target,
            keep_channels: true,
        }),
        dialog if yes => on_yes(&dialog).map_or(Step::Stay, Step::Root),
        _ => Step::Stay,
    }
}

/// The sale dialog: the quantity typed, what else the platform should do, then the sale
/// staged once it is possible.
fn sold(state: &mut State, action: Action) -> Step {
    let Some(Dialog::MarkSold {
        target,
        current,
        quantity,
        action: sold,
        error,
        selected,
    }) = state.dialog_mut()
    else {
        return Step::Stay;
    };
    match action {
        Action::SoldDigit(digit) if *selected || quantity.len() < 6 => {
            if *selected || quantity == "0" {
                quantity.clear();
            }
            quantity.push(char::from(b'0' + digit));
            *error = None;
            *selected = false;
        }
        Action::SoldBackspace => {
            quantity.pop();
            *error = None;
            *selected = false;
        }
        Action::KeepPrefilled => *selected = false,
        Action::SoldCycleAction => *sold = sold.next(),
        Action::Confirm => {
            let sold_quantity = quantity.parse::<i64>().unwrap_or(0);
            if sold_quantity < 1 {
                *error = Some("type how many were sold (at least 1)".to_owned());
            } else if sold_quantity > *current {
                *error = Some(format!("only {current} in stock"));
            } else {
                let change = Change::Sold {
                    from: *current,
                    quantity: sold_quantity,
                    action: *sold,
                };
                let target = target.clone();
                return Step::Root(RootAction::Stage { target, change });
            }
        }
        _ => {}
    }
    Step::Stay
}
