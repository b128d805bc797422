//! The `/` language in each platform's words, through `update`: a term the platform cannot
//! read is flagged while it is typed (marked on screen, the reason beside it), a word it does
//! not have names the ones it has, and the words only a server can apply load the catalog
//! again with them.

use ratatui::style::Modifier;
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::State;
use stockroom::app::update::update;
use stockroom::catalog::model::{Filters, Platform, ProductSummary, Status};
use stockroom::theme::Styles;

use crate::support::profiles;
use crate::support::screens::{find, render};
use crate::support::states::{
    compute_views, first_page, listed_names, loaded, numbered, partly_loaded,
};

fn type_search(state: &mut State, text: &str) {
    for c in text.chars() {
        let effects = update(state, Action::SearchInput(c));
        compute_views(state, effects);
    }
}

fn search_error(state: &State) -> Option<String> {
    state.search().and_then(|prompt| prompt.error.clone())
}

/// The catalog load a submitted search starts, with its query's filters.
fn reloaded_with(state: &mut State) -> Filters {
    let effects = update(state, Action::SearchSubmit);
    let query = effects.iter().find_map(|effect| match effect {
        Effect::LoadCatalog { query, .. } => Some(query.filters.clone()),
        _ => None,
    });
    query.unwrap_or_else(|| panic!("the catalog loads again: {effects:?}"))
}

fn on(platform: Platform, items: Vec<ProductSummary>) -> State {
    let count = items.len() as u64;
    loaded(
        vec![profiles::shop(platform, false)],
        first_page(items, 50, Some(count)),
    )
}

fn with_status(n: u32, status: Status) -> ProductSummary {
    ProductSummary {
        status,
        ..numbered(n)
    }
}

#[test]
fn an_unknown_key_is_flagged_while_typing_and_never_searched_fuzzily() {
    let mut state = partly_loaded();
    update(&mut state, Action::StartSearch);
    type_search(&mut state, "Product 1");
    let narrowed = listed_names(&state).len();
    type_search(&mut state, " colour:red");
    let error = search_error(&state).expect("flagged before Enter");
    assert!(error.contains("no `colour:` filter"), "{error}");
    assert!(
        error.contains("sku, status, price, stock, cat, vendor"),
        "{error}"
    );
    assert_eq!(
        state.session.listing.view.filters.name.as_deref(),
        Some("Product 1"),
        "the unread term is not matched as words"
    );
    assert_eq!(listed_names(&state).len(), narrowed);

    let screen = render(&state, 80, 24);
    let (x, y) = find(&screen, "colour:red");
    let cell = &screen[(x, y)];
    assert_eq!(cell.fg, Styles::default().error.fg.unwrap_or_default());
    assert!(cell.modifier.contains(Modifier::UNDERLINED));
    let (x, y) = find(&screen, "Product 1");
    assert!(!screen[(x, y)].modifier.contains(Modifier::UNDERLINED));
    assert!(crate::support::screens::text(&screen).contains("no `colour:` filter"));

    for _ in 0.." colour:red".len() {
        update(&mut state, Action::SearchBackspace);
    }
    assert_eq!(search_error(&state), None, "mended, the flag goes");
}

#[test]
fn a_status_word_the_platform_lacks_names_the_ones_it_has() {
    let items = vec![
        with_status(1, Status::Active),
        with_status(2, Status::Other("draft".into())),
        with_status(3, Status::Other("sold".into())),
    ];
    let mut state = on(Platform::Valigara, items);
    update(&mut state, Action::StartSearch);
    type_search(&mut state, "status:hidden");
    let error = search_error(&state).expect("Valigara has no hidden status");
    assert!(error.contains("active, inactive, draft, sold"), "{error}");
    assert!(
        update(&mut state, Action::SearchSubmit).is_empty(),
        "nothing is applied"
    );
    update(&mut state, Action::SearchClear);
    type_search(&mut state, "status:dra");
    assert_eq!(search_error(&state), None, "on its way to a word it has");
    type_search(&mut state, "ft");
    assert_eq!(search_error(&state), None);
    assert_eq!(listed_names(&state), ["Product 2"]);
}

#[test]
fn ugal_reads_online_and_offline() {
    let items = vec![
        with_status(1, Status::Active),
        with_status(2, Status::Disabled),
    ];
    let mut state = on(Platform::Ugal, items);
    update(&mut state, Action::StartSearch);
    type_search(&mut state, "status:offline");
    assert_eq!(listed_names(&state), ["Product 2"]);
    update(&mut state, Action::SearchClear);
    type_search(&mut state, "status:hidden");
    let error = search_error(&state).expect("UGAL has no hidden status");
    assert!(error.contains("online, offline"), "{error}");
}

#[test]
fn words_only_the_server_can_apply_load_the_catalog_again() {
    let cases: [(Platform, &str, Filters); 4] = [
        (
            Platform::Cscart,
            "vendor:3",
            Filters {
                vendor_id: Some(3),
                ..Filters::default()
            },
        ),
        (
            Platform::Valigara,
            "cat:Rings",
            Filters {
                category_name: Some("Rings".into()),
                ..Filters::default()
            },
        ),
        (
            Platform::B2bwave,
            "status:discontinued",
            Filters {
                status_id: Some(2),
                ..Filters::default()
            },
        ),
        (
            Platform::Ugal,
            "id:2786",
            Filters {
                parent_id: Some(2786),
                ..Filters::default()
            },
        ),
    ];
    for (platform, text, expected) in cases {
        let mut state = on(platform, (1..=3).map(numbered).collect());
        update(&mut state, Action::StartSearch);
        type_search(&mut state, text);
        assert_eq!(search_error(&state), None, "{platform}: {text}");
        assert_eq!(
            listed_names(&state).len(),
            3,
            "typing it filters nothing here"
        );
        assert_eq!(reloaded_with(&mut state), expected, "{platform}: {text}");
    }
}

#[test]
fn a_word_of_another_platform_is_refused_by_name() {
    let mut state = on(Platform::B2bwave, (1..=3).map(numbered).collect());
    update(&mut state, Action::StartSearch);
    type_search(&mut state, "vendor:3");
    let error = search_error(&state).expect("B2B Wave has no vendors");
    assert!(
        error.contains("B2B Wave has no `vendor:` filter"),
        "{error}"
    );
}

#[test]
fn filter_completion_offers_the_platforms_status_words() {
    let mut state = on(Platform::Valigara, (1..=3).map(numbered).collect());
    update(&mut state, Action::StartCommand);
    for c in "filter status:d".chars() {
        update(&mut state, Action::PromptInput(c));
    }
    update(&mut state, Action::PromptComplete { back: false });
    let text = state.prompt().map(|p| p.text.clone()).unwrap_or_default();
    assert_eq!(text, "filter status:d");
    let offered = state
        .prompt()
        .and_then(|p| p.completion.as_ref())
        .map(|c| c.candidates.clone())
        .unwrap_or_default();
    assert_eq!(offered, ["status:disabled", "status:draft"]);
}

#[test]
fn tab_in_the_search_completes_the_platforms_words_and_filters() {
    let items = vec![
        with_status(1, Status::Active),
        with_status(2, Status::Disabled),
    ];
    let mut state = on(Platform::Ugal, items);
    update(&mut state, Action::StartSearch);
    type_search(&mut state, "status:of");
    let effects = update(&mut state, Action::SearchComplete);
    compute_views(&mut state, effects);
    assert_eq!(
        state.search().map(|p| p.text.as_str()),
        Some("status:offline")
    );
    assert_eq!(listed_names(&state), ["Product 2"]);
}
