//! `/`: the search being typed filters the loaded rows as it is typed; Enter applies it (its
//! category on the server), Esc puts back the search there was.

use crossterm::event::KeyEvent;

use crate::app::action::Action;
use crate::app::command_keys::typing_key;
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::search;
use crate::app::state::{Focus, Layer, SearchPrompt, State};
use crate::app::update::browse::apply_search;
use crate::app::update::loading::refresh_view;
use crate::ui::layout;

pub fn keys(key: KeyEvent) -> Option<Action> {
    typing_key(key)
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let Some(prompt) = state.search_mut() else {
        return Step::Stay;
    };
    match action {
        Action::SearchInput(c) => prompt.text.push(c),
        Action::SearchBackspace => {
            prompt.text.pop();
        }
        Action::SearchClear => prompt.text.clear(),
        Action::SearchCancel | Action::Back => {
            let filters = search::parse(&prompt.previous).unwrap_or_default();
            state.session.listing.view.filters = filters;
            effects.extend(refresh_view(state));
            return Step::Pop;
        }
        Action::SearchSubmit => return submit(state, effects),
        _ => return Step::Stay,
    }
    prompt.error = None;
    effects.extend(filter_as_typed(state));
    Step::Stay
}

/// Filters the loaded rows as the user types; a half-typed term (`price:1..`) leaves the
/// last understood filter in place until it parses.
fn filter_as_typed(state: &mut State) -> Vec<Effect> {
    let Some(prompt) = state.search() else {
        return vec![];
    };
    let Ok(mut filters) = search::parse(prompt.text.trim()) else {
        return vec![];
    };
    // A category is the server's to filter: it applies when the search is submitted.
    filters.category_id = state.session.listing.query.filters.category_id;
    if state.session.listing.view.filters != filters {
        state.session.listing.view.filters = filters;
        state.session.listing.cursor_to_top = true;
    }
    refresh_view(state)
}

fn submit(state: &mut State, effects: &mut Vec<Effect>) -> Step {
    let Some(Layer::Search(prompt)) = state.pop() else {
        return Step::Stay;
    };
    let text = prompt.text.trim().to_owned();
    match search::parse(&text) {
        Ok(filters) => {
            state.message = None;
            if state.viewport.0 < layout::WIDE_FROM {
                state.close_detail_pane();
            }
            state.session.focus = Focus::List;
            effects.extend(apply_search(state, text, filters));
            Step::Stay
        }
        Err(error) => Step::Push(Layer::Search(SearchPrompt {
            error: Some(error.0),
            ..prompt
        })),
    }
}
