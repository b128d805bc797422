//! `update` tests: an action in, the state and the effects out.

use stockroom::app::action::Action;
use stockroom::app::effect::{Effect, RequestId};
use stockroom::app::state::{Focus, Load, State};
use stockroom::app::update::{start, update};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{Product, ProductId, SortField, SortOrder};

use crate::support::profiles;
use crate::support::states::{compute_views, listed_names, numbered, numbered_page, partly_loaded};

fn load_request(effects: &[Effect]) -> RequestId {
    match loads(effects).as_slice() {
        [Effect::LoadCatalog { request, .. }] => *request,
        other => panic!("expected one LoadCatalog, got {other:?}"),
    }
}

/// The catalog loads among the effects (a start or a profile switch also reads the journal).
fn loads(effects: &[Effect]) -> Vec<Effect> {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::LoadCatalog { .. }))
        .cloned()
        .collect()
}

/// Applies an action and the view computations it asks for.
fn act(state: &mut State, action: Action) {
    let effects = update(state, action);
    compute_views(state, effects);
}

#[test]
fn start_loads_the_whole_catalog_from_the_first_page() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let effects = start(&mut state);
    match loads(&effects).as_slice() {
        [Effect::LoadCatalog { first_page, .. }] => assert_eq!(*first_page, 1),
        other => panic!("expected LoadCatalog, got {other:?}"),
    }
    assert!(effects.contains(&Effect::LoadJournal { profile: 0 }));
    assert!(state.session.listing.load.is_loading());
}

#[test]
fn moving_past_the_viewport_scrolls_the_list() {
    let mut state = partly_loaded();
    let rows = stockroom::ui::layout::list_rows(80, 24, false);
    for _ in 0..rows {
        update(&mut state, Action::SelectNext);
    }
    assert_eq!(state.session.listing.selected, rows);
    assert_eq!(
        state.session.listing.offset, 1,
        "the list scrolls by one row, not a page"
    );
    update(&mut state, Action::SelectLast);
    assert_eq!(state.session.listing.selected, 49);
    update(&mut state, Action::SelectFirst);
    assert_eq!(
        (state.session.listing.selected, state.session.listing.offset),
        (0, 0)
    );
}

#[test]
fn pages_join_the_list_as_they_arrive_and_the_cursor_stays_on_its_product() {
    let mut state = State::new(vec![profiles::cscart("shop")], 0);
    let request = load_request(&start(&mut state));
    let arrive = |state: &mut State, number| {
        update(
            state,
            Action::PageLoaded {
                profile: 0,
                request,
                page: numbered_page(number, 50, 120),
                exchanges: vec![],
            },
        )
    };
    arrive(&mut state, 2);
    update(&mut state, Action::SelectNext);
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 52")
    );
    arrive(&mut state, 1);
    assert_eq!(state.session.listing.len(), 100);
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 52"),
        "a page arriving above the cursor does not move the selection off its product"
    );
    assert_eq!(state.session.listing.selected, 51);
    arrive(&mut state, 3);
    update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    assert_eq!(state.session.listing.len(), 120);
    assert_eq!(state.session.listing.load, Load::Idle);
    assert_eq!(listed_names(&state)[119], "Product 120");
}

#[test]
fn page_keys_move_a_screen_and_the_ends_of_the_loaded_list() {
    let mut state = partly_loaded();
    let rows = stockroom::ui::layout::list_rows(80, 24, false);
    assert!(update(&mut state, Action::NextPage).is_empty());
    assert_eq!(state.session.listing.selected, rows - 1);
    update(&mut state, Action::LastPage);
    assert_eq!(state.session.listing.selected, 49);
    update(&mut state, Action::FirstPage);
    assert_eq!(state.session.listing.selected, 0);
}

#[test]
fn a_stale_result_is_dropped() {
    let mut state = partly_loaded();
    let first = state.session.listing.load.clone();
    let second = load_request(&update(&mut state, Action::Refresh));
    assert_ne!(first, Load::Loading(second));
    let Load::Loading(first) = first else {
        panic!("the first load is still running")
    };
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request: first,
            page: numbered_page(2, 50, 120),
            exchanges: vec![],
        },
    );
    assert!(state.session.listing.load.is_current(second));
    assert_eq!(
        state.session.listing.len(),
        50,
        "the older load's page is ignored"
    );
}

#[test]
fn refresh_starts_with_the_page_the_cursor_is_on() {
    let mut state = partly_loaded();
    let request = match &state.session.listing.load {
        Load::Loading(request) => *request,
        other => panic!("loading, not {other:?}"),
    };
    update(
        &mut state,
        Action::PageLoaded {
            profile: 0,
            request,
            page: numbered_page(2, 50, 120),
            exchanges: vec![],
        },
    );
    update(&mut state, Action::LastPage);
    match loads(&update(&mut state, Action::Refresh)).as_slice() {
        [Effect::LoadCatalog { first_page, .. }] => assert_eq!(*first_page, 2),
        other => panic!("expected LoadCatalog, got {other:?}"),
    }
    assert_eq!(
        state.session.listing.len(),
        100,
        "the old rows stay until replaced"
    );
}

#[test]
fn a_failed_page_keeps_what_arrived_and_says_why() {
    let mut state = partly_loaded();
    let Load::Loading(request) = state.session.listing.load.clone() else {
        panic!("loading")
    };
    let error = CatalogError::Server {
        status: 503,
        message: "maintenance".into(),
    };
    update(
        &mut state,
        Action::PageFailed {
            profile: 0,
            request,
            error: error.clone(),
            exchanges: vec![],
        },
    );
    assert_eq!(state.session.listing.load, Load::Failed(error));
    assert_eq!(state.session.listing.len(), 50);
    let message = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        message.contains("503") && message.contains("maintenance") && message.contains("50"),
        "{message}"
    );
}

#[test]
fn esc_stops_a_running_load_and_keeps_the_rows() {
    let mut state = partly_loaded();
    let effects = update(&mut state, Action::Back);
    assert!(effects.contains(&Effect::CancelLoad), "{effects:?}");
    assert_eq!(state.session.listing.load, Load::Idle);
    assert!(state.session.listing.stopped);
    assert_eq!(state.session.listing.len(), 50);
    let text = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.contains("50 of 120"), "{text}");
}

#[test]
fn search_filters_the_loaded_rows_as_it_is_typed_and_esc_clears_it() {
    let mut state = partly_loaded();
    update(&mut state, Action::StartSearch);
    for c in "product 4".chars() {
        let effects = update(&mut state, Action::SearchInput(c));
        assert!(loads(&effects).is_empty(), "nothing goes to the server");
        compute_views(&mut state, effects);
    }
    assert!(state.search().is_some(), "the prompt is still open");
    let shown = listed_names(&state);
    assert!(shown.contains(&"Product 4".to_owned()), "{shown:?}");
    assert!(shown.iter().all(|n| n.contains('4')), "{shown:?}");
    act(&mut state, Action::SearchSubmit);
    assert_eq!(state.session.listing.search, "product 4");
    update(&mut state, Action::StartSearch);
    for c in " stock:..10".chars() {
        let effects = update(&mut state, Action::SearchInput(c));
        compute_views(&mut state, effects);
    }
    act(&mut state, Action::SearchSubmit);
    assert_eq!(listed_names(&state), ["Product 4"]);

    act(&mut state, Action::Back);
    assert!(state.session.listing.search.is_empty());
    assert_eq!(state.session.listing.len(), 50);
}

#[test]
fn esc_in_the_search_prompt_puts_the_previous_filter_back() {
    let mut state = partly_loaded();
    update(&mut state, Action::StartSearch);
    for c in "sku:SKU000".chars() {
        let effects = update(&mut state, Action::SearchInput(c));
        compute_views(&mut state, effects);
    }
    assert_eq!(state.session.listing.len(), 9);
    act(&mut state, Action::SearchCancel);
    assert_eq!(state.session.listing.len(), 50);
}

#[test]
fn a_category_is_filtered_by_the_server_so_the_catalog_loads_again() {
    let mut state = partly_loaded();
    update(&mut state, Action::StartSearch);
    for c in "cat:224".chars() {
        update(&mut state, Action::SearchInput(c));
    }
    let effects = update(&mut state, Action::SearchSubmit);
    match loads(&effects).as_slice() {
        [
            Effect::LoadCatalog {
                query, first_page, ..
            },
        ] => {
            assert_eq!(query.filters.category_id, Some(224));
            assert_eq!(*first_page, 1);
        }
        other => panic!("expected LoadCatalog, got {other:?}"),
    }
    assert!(!state.session.listing.rows.has_data());
}

#[test]
fn a_bad_search_stays_open_with_the_reason() {
    let mut state = partly_loaded();
    update(&mut state, Action::StartSearch);
    for c in "price:cheap".chars() {
        update(&mut state, Action::SearchInput(c));
    }
    assert!(update(&mut state, Action::SearchSubmit).is_empty());
    let prompt = state.search().expect("prompt stays open");
    assert!(prompt.error.as_deref().is_some_and(|e| e.contains("price")));
    update(&mut state, Action::SearchCancel);
    assert!(state.search().is_none());
}

#[test]
fn keys_typed_into_search_are_not_commands() {
    let mut state = partly_loaded();
    update(&mut state, Action::StartSearch);
    update(&mut state, Action::SearchInput('q'));
    assert!(!state.should_quit);
    assert!(state.search().is_some());
}

#[test]
fn sorting_cycles_local_columns_then_back_to_the_store_order() {
    let mut state = partly_loaded();
    let sorts: Vec<_> = (0..6)
        .map(|_| {
            let effects = update(&mut state, Action::CycleSort);
            assert!(loads(&effects).is_empty(), "sorting happens here");
            compute_views(&mut state, effects);
            state.session.listing.view.sort
        })
        .collect();
    assert_eq!(sorts[0], Some((SortField::Name, SortOrder::Ascending)));
    assert_eq!(sorts[1], Some((SortField::Sku, SortOrder::Ascending)));
    assert_eq!(sorts[5], None);
    assert!(!state.session.listing.rows.has_view());
    for _ in 0..4 {
        act(&mut state, Action::CycleSort);
    }
    act(&mut state, Action::ReverseSort);
    assert_eq!(
        state.session.listing.view.sort,
        Some((SortField::Stock, SortOrder::Descending))
    );
    assert_eq!(listed_names(&state)[0], "Product 50");
}

#[test]
fn open_fetches_the_selected_product_and_esc_returns_to_the_list() {
    let mut state = partly_loaded();
    update(&mut state, Action::SelectNext);
    let effects = update(&mut state, Action::Open);
    let (request, id) = match effects.as_slice() {
        [Effect::LoadProduct { request, id, .. }] => (*request, id.clone()),
        other => panic!("expected LoadProduct, got {other:?}"),
    };
    assert_eq!(id, ProductId("2".into()));
    assert!(state.detail_open());
    assert_eq!(state.session.focus, Focus::Detail);
    let product = Product {
        summary: numbered(2),
        list_price: None,
        category_ids: vec![224],
        updated_at: None,
        description: None,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw: serde_json::Value::Object(
            (0..60)
                .map(|n| (format!("field_{n}"), serde_json::json!(n)))
                .collect(),
        ),
    };
    update(
        &mut state,
        Action::ProductLoaded {
            profile: 0,
            request,
            product: Box::new(product),
            exchanges: vec![],
        },
    );
    assert_eq!(state.session.detail.fields.len(), 60);
    update(&mut state, Action::SelectNext);
    assert_eq!(
        state.session.detail.scroll, 1,
        "j scrolls the detail pane when it has focus"
    );
    update(&mut state, Action::SelectLast);
    let rows = stockroom::ui::layout::detail_rows(80, 24, true);
    assert_eq!(
        state.session.detail.scroll,
        stockroom::ui::detail_lines(&state) - rows,
        "the last line ends at the bottom of the pane"
    );
    assert_eq!(state.session.listing.selected, 1);
    update(&mut state, Action::Back);
    assert!(!state.detail_open());
    assert_eq!(state.session.focus, Focus::List);
}

#[test]
fn switching_profile_starts_over_on_the_next_store() {
    let mut state = partly_loaded();
    let effects = update(&mut state, Action::NextProfile);
    assert!(effects.contains(&Effect::LoadJournal { profile: 1 }));
    match loads(&effects).as_slice() {
        [
            Effect::LoadCatalog {
                profile,
                first_page,
                ..
            },
        ] => {
            assert_eq!(*profile, 1);
            assert_eq!(*first_page, 1);
        }
        other => panic!("expected LoadCatalog, got {other:?}"),
    }
    assert!(!state.session.listing.rows.has_data());
    assert_eq!(state.profile().map(|p| p.name.as_str()), Some("staging"));
}

#[test]
fn help_swallows_keys_until_closed() {
    let mut state = partly_loaded();
    update(&mut state, Action::ToggleHelp);
    assert!(update(&mut state, Action::NextPage).is_empty());
    assert!(state.help_open());
    update(&mut state, Action::Back);
    assert!(!state.help_open());
}

#[test]
fn quit_asks_the_runner_to_stop() {
    let mut state = partly_loaded();
    assert_eq!(update(&mut state, Action::Quit), vec![Effect::Quit]);
    assert!(state.should_quit);
}

#[test]
fn without_profiles_only_quit_does_anything() {
    let mut state = State::new(vec![], 0);
    assert!(start(&mut state).is_empty());
    assert!(update(&mut state, Action::NextPage).is_empty());
    assert_eq!(update(&mut state, Action::Quit), vec![Effect::Quit]);
}

fn run_command(state: &mut State, text: &str) -> Vec<Effect> {
    update(state, Action::StartCommand);
    for c in text.chars() {
        update(state, Action::PromptInput(c));
    }
    update(state, Action::PromptSubmit)
}

#[test]
fn profile_command_switches_store_by_name() {
    let mut state = partly_loaded();
    let effects = run_command(&mut state, "profile staging");
    assert_eq!(state.profile().map(|p| p.name.as_str()), Some("staging"));
    assert!(effects.contains(&Effect::LoadJournal { profile: 1 }));
    assert!(
        !loads(&effects).is_empty(),
        "the other store's catalog loads"
    );

    run_command(&mut state, "profile nowhere");
    let prompt = state
        .prompt()
        .expect("the prompt stays open with the reason");
    assert!(
        prompt
            .error
            .as_deref()
            .is_some_and(|e| e.contains("no profile `nowhere`") && e.contains("shop, staging")),
        "{prompt:?}"
    );
    update(&mut state, Action::PromptCancel);

    run_command(&mut state, "profile");
    let text = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(text, "Profiles: shop, staging (on staging)");
}

#[test]
fn goto_puts_the_cursor_on_a_sku_even_one_the_filter_hides() {
    let mut state = partly_loaded();
    run_command(&mut state, "goto SKU0042");
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 42")
    );
    update(&mut state, Action::StartSearch);
    for c in "product 4".chars() {
        let effects = update(&mut state, Action::SearchInput(c));
        compute_views(&mut state, effects);
    }
    act(&mut state, Action::SearchSubmit);
    assert!(state.session.listing.len() < 50);
    run_command(&mut state, "goto sku0007");
    assert_eq!(
        state
            .session
            .listing
            .selected_product()
            .map(|p| p.name.as_str()),
        Some("Product 7"),
        "found ignoring case, the filter cleared"
    );
    assert!(state.session.listing.search.is_empty());
    assert_eq!(state.session.listing.len(), 50);

    run_command(&mut state, "goto NOPE");
    let error = state
        .prompt()
        .and_then(|p| p.error.clone())
        .unwrap_or_default();
    assert!(
        error.contains("NOPE") && error.contains("loaded so far"),
        "{error}"
    );
}
