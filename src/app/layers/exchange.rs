//! One exchange in full: its request or its response, with `/` searching the body. Esc goes
//! back to where it was opened from: the ledger, the list, the detail pane or the basket.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::action::Action;
use crate::app::command_keys::{inspection_keys, typing_key};
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::{BodySearch, Layer, OpenExchange, Section, State};
use crate::app::update::{browse, inspecting};
use crate::inspect::body::MAX_LINE_CHARS;

/// Columns one ← or → scrolls a body by.
const SIDEWAYS: usize = 20;

pub fn keys(key: KeyEvent, state: &State, open: &OpenExchange) -> Option<Action> {
    if open.search.as_ref().is_some_and(|search| search.editing) {
        return typing_key(key);
    }
    match key.code {
        KeyCode::Left => Some(Action::ScrollSideways { right: false }),
        KeyCode::Right => Some(Action::ScrollSideways { right: true }),
        _ => inspection_keys(key, state),
    }
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let rows = inspecting::exchange_rows(state);
    let Some(total) = state
        .exchange()
        .map(|open| crate::ui::section_lines(state, open))
    else {
        return Step::Stay;
    };
    let max_scroll = total.saturating_sub(rows);
    let Some(open) = state.exchange_mut() else {
        return Step::Stay;
    };
    if let Some(search) = open.search.as_mut().filter(|s| s.editing) {
        match action {
            Action::SearchInput(c) => search.query.push(c),
            Action::SearchBackspace => {
                search.query.pop();
            }
            Action::SearchClear => search.query.clear(),
            Action::SearchCancel | Action::Back => open.search = None,
            Action::SearchSubmit => {
                search.editing = false;
                inspecting::run_search(state);
            }
            other => return browse::command(state, other, effects),
        }
        return Step::Stay;
    }
    let half = (rows / 2).max(1);
    let scroll = |open: &mut OpenExchange, to: usize| open.scroll = to.min(max_scroll);
    match action {
        Action::SelectNext => scroll(open, open.scroll + 1),
        Action::SelectPrev => scroll(open, open.scroll.saturating_sub(1)),
        Action::HalfPageDown => scroll(open, open.scroll + half),
        Action::HalfPageUp => scroll(open, open.scroll.saturating_sub(half)),
        Action::SelectFirst => scroll(open, 0),
        Action::SelectLast => scroll(open, max_scroll),
        Action::ScrollSideways { right } => {
            open.shift = if right {
                (open.shift + SIDEWAYS).min(MAX_LINE_CHARS)
            } else {
                open.shift.saturating_sub(SIDEWAYS)
            };
        }
        Action::FocusNext => {
            open.section = match open.section {
                Section::Response => Section::Request,
                Section::Request => Section::Response,
            };
            open.scroll = 0;
            open.shift = 0;
            open.search = None;
        }
        Action::StartSearch => {
            open.search = Some(BodySearch {
                editing: true,
                ..BodySearch::default()
            });
        }
        Action::NextMatch | Action::PrevMatch => {
            let forward = matches!(action, Action::NextMatch);
            if let Some(search) = open.search.as_mut().filter(|s| !s.matches.is_empty()) {
                let n = search.matches.len();
                search.current = if forward {
                    (search.current + 1) % n
                } else {
                    (search.current + n - 1) % n
                };
            }
            inspecting::jump_to_match(state);
        }
        // Esc clears a search first.
        Action::Back if open.search.is_some() => open.search = None,
        Action::Back => return Step::Pop,
        // `L` closes the inspector: this exchange and the ledger it was opened from.
        Action::OpenLedger => {
            state.pop();
            if matches!(state.top(), Layer::Ledger(_)) {
                return Step::Pop;
            }
        }
        other => return browse::command(state, other, effects),
    }
    Step::Stay
}
