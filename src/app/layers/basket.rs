//! The change basket: review each staged change and the requests it will make, drop or
//! resolve one, send them all.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::action::Action;
use crate::app::command_keys::command_key;
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::{Layer, Prompt, PromptKind, State};
use crate::app::update::{inspecting, sending};
use crate::basket::check::Resolution;

pub fn keys(key: KeyEvent, state: &State) -> Option<Action> {
    let sending = state.session.sending.is_some();
    match key.code {
        KeyCode::Esc | KeyCode::Char('c') if sending => Some(Action::StopSending),
        KeyCode::Char('y') | KeyCode::Enter => Some(Action::SendBasket),
        KeyCode::Char('x') | KeyCode::Delete => Some(Action::DropItem),
        KeyCode::Char('D') => Some(Action::DropAll),
        KeyCode::Char('a') => Some(Action::Resolve(Resolution::KeepDelta)),
        KeyCode::Char('o') => Some(Action::Resolve(Resolution::Overwrite)),
        KeyCode::Esc | KeyCode::Char('b') => Some(Action::Back),
        _ => command_key(key, state),
    }
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let len = state.session.basket.len();
    let Some(view) = state.basket_view_mut() else {
        return Step::Stay;
    };
    match action {
        Action::SelectNext => view.selected = (view.selected + 1).min(len.saturating_sub(1)),
        Action::SelectPrev => view.selected = view.selected.saturating_sub(1),
        Action::SelectFirst => view.selected = 0,
        Action::SelectLast => view.selected = len.saturating_sub(1),
        Action::Back | Action::OpenBasket => return Step::Pop,
        Action::SendBasket | Action::Open => effects.extend(sending::request_send(state)),
        Action::DropItem => effects.extend(sending::drop_selected(state)),
        Action::DropAll => effects.extend(sending::ask_discard(state)),
        Action::Resolve(how) => effects.extend(sending::resolve(state, how)),
        Action::StopSending => effects.extend(sending::ask_stop(state)),
        Action::Undo => effects.extend(sending::undo(state)),
        Action::InspectLast => effects.extend(inspecting::inspect_last(state)),
        Action::InspectProduct => effects.extend(inspecting::inspect_product(state)),
        Action::ToggleHelp => return Step::Push(Layer::Help),
        Action::StartCommand => {
            return Step::Push(Layer::Prompt(Prompt::new(PromptKind::Command, "")));
        }
        _ => {}
    }
    Step::Stay
}
