//! A product's sales-channel listings (Valigara): choose accounts, see the hourly budget, and
//! push the update after a confirmation.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::action::Action;
use crate::app::command_keys::command_key;
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::{Layer, State};
use crate::app::update::listings;

pub fn keys(key: KeyEvent, state: &State) -> Option<Action> {
    match key.code {
        KeyCode::Char(' ') => Some(Action::ToggleAccount),
        KeyCode::Char('a') => Some(Action::ToggleAllAccounts),
        KeyCode::Char('u') | KeyCode::Enter => Some(Action::UpdateListings),
        _ => command_key(key, state),
    }
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let Some(view) = state.listings_mut() else {
        return Step::Stay;
    };
    let accounts: Vec<u64> = match &view.accounts {
        Some(Ok(accounts)) => accounts.iter().map(|a| a.id).collect(),
        _ => vec![],
    };
    match action {
        Action::SelectNext => {
            view.selected = (view.selected + 1).min(accounts.len().saturating_sub(1))
        }
        Action::SelectPrev => view.selected = view.selected.saturating_sub(1),
        Action::ToggleAccount => {
            if let Some(id) = accounts.get(view.selected) {
                if let Some(at) = view.chosen.iter().position(|c| c == id) {
                    view.chosen.remove(at);
                } else {
                    view.chosen.push(*id);
                }
            }
        }
        Action::ToggleAllAccounts => {
            view.chosen = if view.chosen.len() == accounts.len() {
                vec![]
            } else {
                accounts
            };
        }
        Action::UpdateListings => effects.extend(listings::ask(state)),
        Action::Back | Action::OpenListings => return Step::Pop,
        Action::ToggleHelp => return Step::Push(Layer::Help),
        _ => {}
    }
    Step::Stay
}
