//! `/`: the search being typed filters the loaded rows as it is typed, a term the platform
//! cannot read flagged at once; Enter applies it (its server part on the server), Esc puts
//! back the search there was.

use crossterm::event::{KeyCode, KeyEvent};

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
    match key.code {
        KeyCode::Tab => Some(Action::SearchComplete),
        _ => typing_key(key),
    }
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let platform = search::platform_of(state);
    let Some(prompt) = state.search_mut() else {
        return Step::Stay;
    };
    match action {
        Action::SearchInput(c) => prompt.text.push(c),
        Action::SearchBackspace => {
            prompt.text.pop();
        }
        Action::SearchClear => prompt.text.clear(),
        Action::SearchComplete => search::complete(&mut prompt.text, platform),
        Action::SearchCancel | Action::Back => {
            let filters = search::parse(&prompt.previous, platform).unwrap_or_default();
            state.session.listing.view.filters = filters;
            effects.extend(refresh_view(state));
            return Step::Pop;
        }
        Action::SearchSubmit => return submit(state, effects),
        _ => return Step::Stay,
    }
    effects.extend(filter_as_typed(state));
    Step::Stay
}

/// Filters the loaded rows as the user types. A term the platform cannot read is flagged at
/// once (the prompt shows why) and left out of the filter, never taken as words to match.
fn filter_as_typed(state: &mut State) -> Vec<Effect> {
    let platform = search::platform_of(state);
    let Some(prompt) = state.search_mut() else {
        return vec![];
    };
    let (filters, error) = search::readable_part(&prompt.text, platform);
    prompt.error = error.map(|e| e.message);
    // The server's part (category, vendor …) applies when the search is submitted.
    let filters = filters.with_server_part_of(&state.session.listing.query.filters);
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
    match search::parse(&text, search::platform_of(state)) {
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
            error: Some(error.message),
            ..prompt
        })),
    }
}
