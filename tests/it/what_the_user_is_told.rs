//! What the list tells the user when a command finds nothing or undoes something: the reason
//! and the way out, in words that fit an 80-column line.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::State;
use stockroom::app::update::update;
use stockroom::catalog::model::Page;

use crate::support::profiles;
use crate::support::screens::{render, text};
use crate::support::shop::{self, keys};
use crate::support::states::{
    boot, compute_views, first_page, numbered, page_loaded, partly_loaded,
};

fn run_command(state: &mut State, text: &str) -> Vec<Effect> {
    update(state, Action::StartCommand);
    for c in text.chars() {
        update(state, Action::PromptInput(c));
    }
    update(state, Action::PromptSubmit)
}

fn prompt_error(state: &State) -> String {
    state
        .prompt()
        .and_then(|p| p.error.clone())
        .unwrap_or_default()
}

fn message(state: &State) -> String {
    state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn goto_under_a_store_filter_says_the_filter_may_hide_the_sku_and_how_to_clear_it() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let (request, _) = boot(&mut state);
    page_loaded(
        &mut state,
        request,
        first_page((1..=5).map(numbered).collect(), 50, Some(5)),
    );
    let effects = run_command(&mut state, "filter vendor:2");
    let reload = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadCatalog { request, .. } => Some(*request),
            _ => None,
        })
        .expect("a vendor filter reloads from the store");
    page_loaded(
        &mut state,
        reload,
        first_page(vec![numbered(2), numbered(4)], 50, Some(2)),
    );
    compute_views(&mut state, vec![]);

    run_command(&mut state, "goto SKU0003");
    let error = prompt_error(&state);
    assert!(
        error.contains("SKU0003") && error.contains("vendor:2") && error.contains("Esc"),
        "{error}"
    );
    assert!(!error.contains("no product with SKU"), "{error}");
    update(&mut state, Action::PromptCancel);
    let cleared = update(&mut state, Action::Back);
    assert!(
        cleared
            .iter()
            .any(|e| matches!(e, Effect::LoadCatalog { .. })),
        "Esc clears the store's filter as the message says: {cleared:?}"
    );

    let mut unfiltered = partly_loaded();
    run_command(&mut unfiltered, "goto NOPE");
    assert!(
        !prompt_error(&unfiltered).contains("filter"),
        "{}",
        prompt_error(&unfiltered)
    );
}

#[test]
fn undoing_a_change_of_marked_products_says_how_many_in_one_short_line() {
    let mut state = shop::loaded();
    keys(
        &mut state,
        &[
            Action::MarkRange,
            Action::SelectLast,
            Action::MarkRange,
            Action::AdjustStock { sign: 1 },
            Action::Undo,
        ],
    );
    assert_eq!(message(&state), "Took back the change of 3 marked products");
}

#[test]
fn profile_alone_lists_seven_demo_profiles_within_80_columns() {
    let names = [
        "cscart-demo",
        "valigara-demo",
        "b2bwave-demo",
        "ugal-demo",
        "ugal-vat-demo",
        "cscart-staging-demo",
        "valigara-strict-demo",
    ];
    let mut state = State::new(names.iter().map(|n| profiles::cscart(n)).collect(), 0);
    state.viewport = (80, 24);
    run_command(&mut state, "profile");
    let text = message(&state);
    assert!(text.chars().count() <= 79, "{text}");
    assert!(
        text.starts_with("7 profiles, on cscart-demo: cscart-demo valigara-demo"),
        "{text}"
    );
    assert!(text.ends_with(" (:profile Tab)"), "{text}");

    let mut two = partly_loaded();
    run_command(&mut two, "profile");
    assert_eq!(message(&two), "Profiles: shop, staging (on shop)");
}

#[test]
fn twelve_hundred_marked_rows_are_counted_with_separators_like_the_position() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let (request, _) = boot(&mut state);
    for number in 1..=24 {
        page_loaded(
            &mut state,
            request,
            Page {
                items: ((number - 1) * 50 + 1..=number * 50)
                    .map(numbered)
                    .collect(),
                page: number,
                per_page: 50,
                total: Some(1_200),
                more: number < 24,
                warehouses: None,
            },
        );
    }
    state.viewport = (80, 24);
    keys(
        &mut state,
        &[Action::MarkRange, Action::SelectLast, Action::MarkRange],
    );
    assert_eq!(state.session.marks.len(), 1_200);
    let screen = text(&render(&state, 80, 24));
    let bar = screen.lines().nth(23).unwrap_or_default();
    assert!(bar.contains("1,200 marked"), "{bar}");
    assert!(!bar.contains("1200"), "{bar}");
}
