//! The `:` command line: Tab completes commands, profiles, themes, columns, SKUs and files,
//! and `:theme`, `:sort` and `:filter` do what they say.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::State;
use stockroom::app::themes::Themes;
use stockroom::app::update::update;
use stockroom::catalog::model::{SortField, SortOrder};
use stockroom::theme;

use crate::support::states::{compute_views, listed_names, partly_loaded};

fn with_themes() -> State {
    let mut state = partly_loaded();
    let available = theme::names(None)
        .into_iter()
        .map(|name| {
            let styles = theme::load(&name, None, false).map_err(|e| e.to_string());
            (name, styles)
        })
        .collect();
    state.themes = Themes {
        available,
        ..Themes::default()
    };
    state
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Action::PromptInput(c));
    }
}

fn open_with(state: &mut State, text: &str) {
    update(state, Action::StartCommand);
    type_text(state, text);
}

fn tab(state: &mut State) -> Vec<Effect> {
    update(state, Action::PromptComplete { back: false })
}

fn line(state: &State) -> String {
    state.prompt().map(|p| p.text.clone()).unwrap_or_default()
}

fn offered(state: &State) -> Vec<String> {
    state
        .prompt()
        .and_then(|p| p.completion.as_ref())
        .map(|c| c.candidates.clone())
        .unwrap_or_default()
}

fn submit(state: &mut State) {
    let effects = update(state, Action::PromptSubmit);
    compute_views(state, effects);
}

#[test]
fn tab_on_an_empty_line_lists_every_command_and_a_unique_start_completes_it() {
    let mut state = with_themes();
    open_with(&mut state, "");
    tab(&mut state);
    assert_eq!(
        offered(&state),
        [
            "columns", "export", "filter", "goto", "import", "profile", "quit", "sort", "theme",
            "write"
        ]
    );
    update(&mut state, Action::PromptClear);
    type_text(&mut state, "pr");
    tab(&mut state);
    assert_eq!(line(&state), "profile ");
    assert!(offered(&state).is_empty());
}

#[test]
fn repeated_tabs_step_through_profiles_and_enter_switches() {
    let mut state = with_themes();
    open_with(&mut state, "profile ");
    tab(&mut state);
    assert_eq!(offered(&state), ["shop", "staging"]);
    assert_eq!(line(&state), "profile s", "extended to what both share");
    tab(&mut state);
    assert_eq!(line(&state), "profile shop");
    tab(&mut state);
    assert_eq!(line(&state), "profile staging");
    tab(&mut state);
    assert_eq!(line(&state), "profile shop", "and around again");
    update(&mut state, Action::PromptComplete { back: true });
    assert_eq!(line(&state), "profile staging");
    submit(&mut state);
    assert_eq!(state.profile().map(|p| p.name.as_str()), Some("staging"));
}

#[test]
fn typing_after_a_tab_starts_a_new_completion() {
    let mut state = with_themes();
    open_with(&mut state, "profile ");
    tab(&mut state);
    tab(&mut state);
    assert_eq!(line(&state), "profile shop");
    update(&mut state, Action::PromptBackspace);
    assert!(offered(&state).is_empty());
    tab(&mut state);
    assert_eq!(line(&state), "profile shop", "`sho` has one candidate");
}

#[test]
fn theme_switches_the_styles_the_screen_is_drawn_with() {
    let mut state = with_themes();
    let dark = state.themes.styles;
    open_with(&mut state, "theme l");
    tab(&mut state);
    assert_eq!(line(&state), "theme light");
    submit(&mut state);
    assert_eq!(state.themes.name, "light");
    assert_ne!(state.themes.styles, dark);
    assert!(state.prompt().is_none());

    open_with(&mut state, "theme solarized");
    submit(&mut state);
    let error = state.prompt().and_then(|p| p.error.clone());
    assert!(
        error.is_some_and(|e| e.contains("no theme `solarized`") && e.contains("ansi16")),
        "{:?}",
        state.prompt().cloned()
    );
}

#[test]
fn sort_takes_a_column_and_an_order() {
    let mut state = with_themes();
    open_with(&mut state, "sort pr");
    tab(&mut state);
    assert_eq!(line(&state), "sort price ");
    tab(&mut state);
    assert_eq!(offered(&state), ["asc", "desc"]);
    type_text(&mut state, "desc");
    submit(&mut state);
    assert_eq!(
        state.session.listing.view.sort,
        Some((SortField::Price, SortOrder::Descending))
    );
    open_with(&mut state, "sort stock");
    submit(&mut state);
    assert_eq!(
        state.session.listing.view.sort,
        Some((SortField::Stock, SortOrder::Ascending))
    );
    assert_eq!(listed_names(&state)[..2], ["Product 1", "Product 2"]);
    open_with(&mut state, "sort store");
    submit(&mut state);
    assert_eq!(state.session.listing.view.sort, None);
    open_with(&mut state, "sort colour");
    submit(&mut state);
    let error = state.prompt().and_then(|p| p.error.clone());
    assert!(error.is_some_and(|e| e.contains("columns: name, sku")));
}

#[test]
fn filter_filters_as_slash_does_and_completes_its_terms() {
    let mut state = with_themes();
    open_with(&mut state, "filter status:a");
    tab(&mut state);
    assert_eq!(line(&state), "filter status:active ");
    update(&mut state, Action::PromptClear);
    type_text(&mut state, "filter sku:SKU004");
    submit(&mut state);
    assert_eq!(state.session.listing.search, "sku:SKU004");
    assert_eq!(listed_names(&state).len(), 10, "{:?}", listed_names(&state));
    open_with(&mut state, "filter");
    submit(&mut state);
    assert_eq!(state.session.listing.search, "");
    assert_eq!(listed_names(&state).len(), 50);
}

#[test]
fn goto_completes_the_loaded_skus_ignoring_case() {
    let mut state = with_themes();
    open_with(&mut state, "goto sku004");
    tab(&mut state);
    assert_eq!(offered(&state).len(), 10);
    assert_eq!(line(&state), "goto SKU004");
    type_text(&mut state, "2");
    tab(&mut state);
    assert_eq!(line(&state), "goto SKU0042");
    submit(&mut state);
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 42")
    );
}

#[test]
fn a_file_name_is_completed_from_the_directory_off_the_ui_loop() {
    let mut state = with_themes();
    open_with(&mut state, "import /data/st");
    let effects = tab(&mut state);
    assert_eq!(
        effects,
        [Effect::ListPaths {
            text: "import /data/st".into(),
            start: 7
        }]
    );
    // The answer for a line that has changed since is dropped.
    update(
        &mut state,
        Action::PathsListed {
            text: "import /data/s".into(),
            start: 7,
            candidates: vec!["/data/old.csv".into()],
        },
    );
    assert_eq!(line(&state), "import /data/st");
    update(
        &mut state,
        Action::PathsListed {
            text: "import /data/st".into(),
            start: 7,
            candidates: vec!["/data/stock.csv".into(), "/data/stock-old.csv".into()],
        },
    );
    assert_eq!(line(&state), "import /data/stock");
    tab(&mut state);
    assert_eq!(line(&state), "import /data/stock.csv");
}

#[test]
fn an_unknown_command_names_the_commands() {
    let mut state = with_themes();
    open_with(&mut state, "frob");
    submit(&mut state);
    let error = state.prompt().and_then(|p| p.error.clone());
    assert!(
        error.is_some_and(|e| e.contains("unknown command `frob`")
            && e.contains("theme")
            && e.contains("Tab completes")),
        "{:?}",
        state.prompt().cloned()
    );
}

#[test]
fn the_hints_line_shows_what_tab_offers_with_the_chosen_one_in_view() {
    use crate::support::screens::{render, text};
    let mut state = with_themes();
    open_with(&mut state, "");
    let hint = |state: &State| {
        text(&render(state, 80, 24))
            .lines()
            .nth(22)
            .map(str::to_owned)
    };
    assert_eq!(
        hint(&state).as_deref().map(str::trim_end),
        Some(" :▏  Tab completes · Enter runs · Esc cancels")
    );
    tab(&mut state);
    insta::assert_snapshot!("command_line_all", hint(&state).unwrap_or_default());
    for _ in 0..10 {
        tab(&mut state);
    }
    let shown = hint(&state).unwrap_or_default();
    assert!(shown.starts_with(" :write▏"), "{shown}");
    assert!(shown.contains("write") && shown.contains("(10)"), "{shown}");
    update(&mut state, Action::PromptClear);
    type_text(&mut state, "xyz ");
    tab(&mut state);
    let shown = hint(&state).unwrap_or_default();
    assert!(shown.contains("no match"), "{shown}");
}

#[test]
fn tab_after_an_error_clears_it_and_shows_the_choices() {
    let mut state = with_themes();
    open_with(&mut state, "profile s");
    submit(&mut state);
    assert!(state.prompt().is_some_and(|p| p.error.is_some()));
    tab(&mut state);
    let prompt = state.prompt();
    assert_eq!(prompt.and_then(|p| p.error.clone()), None);
    assert_eq!(offered(&state), ["shop", "staging"]);
}
