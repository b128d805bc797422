//! The request ledger: every exchange of the run, newest first, filtered by words; Enter
//! opens one in full over it. What it leaves alone goes to the list's commands, except those
//! that would change products.

use crossterm::event::KeyEvent;

use crate::app::action::Action;
use crate::app::command_keys::{inspection_keys, typing_key};
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::{Inspector, State};
use crate::app::update::{browse, inspecting};

pub fn keys(key: KeyEvent, state: &State, inspector: &Inspector) -> Option<Action> {
    if inspector.filter_input.is_some() {
        return typing_key(key);
    }
    inspection_keys(key, state)
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let len = inspecting::filtered_len(state);
    let rows = inspecting::ledger_rows(state);
    let Some(inspector) = state.inspector_mut() else {
        return Step::Stay;
    };
    if let Some(input) = inspector.filter_input.as_mut() {
        match action {
            Action::SearchInput(c) => input.push(c),
            Action::SearchBackspace => {
                input.pop();
            }
            Action::SearchClear => input.clear(),
            Action::SearchCancel | Action::Back => inspector.filter_input = None,
            Action::SearchSubmit => {
                let typed = inspector.filter_input.take().unwrap_or_default();
                inspector.filter = typed.trim().to_owned();
                inspector.selected = 0;
                inspector.offset = 0;
            }
            other => return browse::command(state, other, effects),
        }
        return Step::Stay;
    }
    let step = |inspector: &mut Inspector, delta: isize| {
        let last = len.saturating_sub(1);
        inspector.selected = inspector.selected.saturating_add_signed(delta).min(last);
        if inspector.selected < inspector.offset {
            inspector.offset = inspector.selected;
        } else if inspector.selected >= inspector.offset + rows {
            inspector.offset = inspector.selected + 1 - rows;
        }
    };
    let half = isize::try_from(rows / 2).unwrap_or(1).max(1);
    match action {
        Action::SelectNext => step(inspector, 1),
        Action::SelectPrev => step(inspector, -1),
        Action::HalfPageDown => step(inspector, half),
        Action::HalfPageUp => step(inspector, -half),
        Action::SelectFirst => step(inspector, isize::MIN / 2),
        Action::SelectLast => step(inspector, isize::MAX / 2),
        Action::StartSearch => inspector.filter_input = Some(inspector.filter.clone()),
        Action::Open => {
            let selected = inspector.selected;
            let seq = crate::ui::filtered(state).get(selected).map(|e| e.seq);
            if let Some(seq) = seq {
                effects.extend(inspecting::open_exchange(state, seq));
            }
        }
        // Esc clears an applied filter first.
        Action::Back if !inspector.filter.is_empty() => {
            inspector.filter.clear();
            inspector.selected = 0;
            inspector.offset = 0;
        }
        Action::Back | Action::OpenLedger => return Step::Pop,
        other => return browse::command(state, other, effects),
    }
    Step::Stay
}
