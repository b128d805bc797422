//! The `:` line: running a command, and Tab completing its last word.

use super::common::{info, problem, quit_or_ask};
use super::{browse, import, inspecting, loading, profiles, sending};
use crate::app::action::Action;
use crate::app::command_line::{self, COMMANDS, Candidates};
use crate::app::effect::Effect;
use crate::app::search;
use crate::app::state::{Completion, Prompt, State};
use crate::catalog::model::SortOrder;

/// Runs a command line; an error keeps the line open with the reason.
pub fn run(state: &mut State, text: &str) -> Result<Vec<Effect>, String> {
    let (name, rest) = text.split_once(' ').unwrap_or((text, ""));
    let rest = rest.trim();
    match name {
        "" => Ok(vec![]),
        "w" | "write" => Ok(sending::request_send(state)),
        "q" | "quit" => Ok(quit_or_ask(state)),
        "wq" => Err("send with :w, then quit with :q once it is done".to_owned()),
        "export" if rest == "products" || rest.starts_with("products ") => {
            inspecting::export_products(state, rest.trim_start_matches("products"))
        }
        "export" => inspecting::export(state, rest),
        "goto" => browse::goto_command(state, rest),
        "profile" => profiles::profile_command(state, rest),
        "import" => import::command(state, rest),
        "theme" => theme(state, rest),
        "sort" => sort(state, rest),
        "columns" => columns(state, rest),
        "filter" => filter(state, rest),
        other => {
            let known: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
            Err(format!(
                "unknown command `{other}` (commands: {}; Tab completes)",
                known.join(", ")
            ))
        }
    }
}

/// `:theme NAME` switches theme; `:theme` alone lists them.
fn theme(state: &mut State, name: &str) -> Result<Vec<Effect>, String> {
    let themes = &mut state.themes;
    if name.is_empty() {
        let listed = themes.names().collect::<Vec<_>>().join(", ");
        let text = format!("Themes: {listed} (on {})", themes.name);
        return Ok(info(state, &text));
    }
    themes.switch(name)?;
    let text = if themes.no_color {
        format!("Theme {name}: NO_COLOR is set, so it is drawn without colour")
    } else {
        format!("Theme {name}")
    };
    Ok(info(state, &text))
}

/// `:sort COLUMN [asc|desc]`; `:sort store` (or alone) is the store's own order.
fn sort(state: &mut State, text: &str) -> Result<Vec<Effect>, String> {
    let mut words = text.split_whitespace();
    let column = words.next().unwrap_or("store");
    let order = match words.next() {
        None | Some("asc") => SortOrder::Ascending,
        Some("desc") => SortOrder::Descending,
        Some(other) => return Err(format!("`{other}` is not an order: asc or desc")),
    };
    if let Some(extra) = words.next() {
        return Err(format!("`{extra}`: sort takes a column and an order"));
    }
    let columns = command_line::SORT_COLUMNS;
    let Some((_, field)) = columns.iter().find(|(name, _)| *name == column) else {
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        return Err(format!(
            "no column `{column}` (columns: {})",
            names.join(", ")
        ));
    };
    state.session.listing.view.sort = field.map(|field| (field, order));
    Ok(loading::refresh_view(state))
}

/// `:columns warehouses` shows each warehouse's stock beside the total, `:columns total` the
/// total alone; `:columns` alone switches between them.
fn columns(state: &mut State, text: &str) -> Result<Vec<Effect>, String> {
    let listing = &state.session.listing;
    let on = match text {
        "" => !listing.warehouse_columns,
        "warehouses" => true,
        "total" => false,
        other => {
            return Err(format!(
                "`{other}` is not a column set ({})",
                command_line::COLUMN_SETS.join(", ")
            ));
        }
    };
    if on
        && let Some(profile) = state.profile()
        && !profile.capabilities.warehouses
    {
        return Err(format!(
            "{} keeps no stock per warehouse",
            profile.platform.display_name()
        ));
    }
    state.session.listing.warehouse_columns = on;
    let heads = state.session.listing.rows.warehouses();
    let text = match (on, heads.is_empty()) {
        (false, _) => "Stock as a total only (:columns warehouses shows each warehouse)".to_owned(),
        (true, true) => "Stock per warehouse: no loaded product lists any yet".to_owned(),
        (true, false) => {
            let codes: Vec<&str> = heads.iter().map(|head| head.code.as_str()).collect();
            format!("Stock per warehouse: {} beside the total", codes.join(", "))
        }
    };
    Ok(info(state, &text))
}

/// The key of `:columns` alone: switches the warehouse columns, saying why when it cannot.
pub fn toggle_warehouse_columns(state: &mut State) -> Vec<Effect> {
    columns(state, "").unwrap_or_else(|reason| problem(state, &reason))
}

/// `:filter QUERY` filters as `/` does; `:filter` alone clears it.
fn filter(state: &mut State, text: &str) -> Result<Vec<Effect>, String> {
    let platform = crate::app::search::platform_of(state);
    let filters = search::parse(text, platform).map_err(|e| e.message)?;
    Ok(browse::apply_search(state, text.to_owned(), filters))
}

/// Tab: completes the last word as far as the candidates agree, lists them, and then steps
/// through them.
pub fn complete(state: &mut State, back: bool) -> Vec<Effect> {
    let Some(prompt) = state.prompt_mut() else {
        return vec![];
    };
    prompt.error = None;
    if let Some(completion) = prompt.completion.as_mut()
        && completion.candidates.len() > 1
    {
        let count = completion.candidates.len();
        let next = match (completion.chosen, back) {
            (None, false) => 0,
            (None, true) => count - 1,
            (Some(at), false) => (at + 1) % count,
            (Some(at), true) => (at + count - 1) % count,
        };
        completion.chosen = Some(next);
        let start = completion.start.min(prompt.text.len());
        prompt.text.truncate(start);
        prompt.text.push_str(&completion.candidates[next]);
        return vec![];
    }
    let text = prompt.text.clone();
    match command_line::candidates(state, &text) {
        (start, Candidates::Path) => vec![Effect::ListPaths { text, start }],
        (start, Candidates::Words(words)) => {
            if let Some(prompt) = state.prompt_mut() {
                offer(prompt, start, words);
            }
            vec![]
        }
    }
}

/// The files for a path being completed, if the line is still as it was.
pub fn paths_listed(state: &mut State, text: &str, start: usize, candidates: Vec<String>) {
    if let Some(prompt) = state.prompt_mut()
        && prompt.text == text
    {
        offer(prompt, start, candidates);
    }
}

/// One candidate replaces the word; several extend it to what they share and are listed.
fn offer(prompt: &mut Prompt, start: usize, candidates: Vec<String>) {
    let start = start.min(prompt.text.len());
    if let [only] = candidates.as_slice() {
        let before = prompt.text[..start].to_owned();
        let space = command_line::space_after(&before, only);
        prompt.text = format!("{before}{only}{}", if space { " " } else { "" });
        prompt.completion = None;
        return;
    }
    let shared = command_line::common_prefix(&candidates);
    let typed = &prompt.text[start..];
    // Longer, or as long in the candidates' spelling (`sku` becomes `SKU`).
    if shared.len() >= typed.len() && shared != typed {
        prompt.text.truncate(start);
        prompt.text.push_str(&shared);
    }
    prompt.completion = Some(Completion {
        start,
        candidates,
        chosen: None,
    });
}

/// Typing on the line ends a completion in progress.
pub fn typed(action: &Action, prompt: &mut Prompt) {
    if matches!(
        action,
        Action::PromptInput(_) | Action::PromptBackspace | Action::PromptClear
    ) {
        prompt.completion = None;
    }
}
