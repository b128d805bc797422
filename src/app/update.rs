//! The pure heart of the UI: `update(state, action) -> effects`. No I/O, no clock, no tokio.

mod command_line;
mod editing;
mod import;
mod inspecting;
mod listings;
mod loading;
mod prices;
mod results;
mod sending;

use crate::catalog::model::{Filters, SortField, SortOrder};
use crate::ui::layout;

use super::action::Action;
use super::effect::{Effect, RequestId};
use super::search;
use super::state::{
    Detail, EditKind, Focus, Listing, Load, Message, Prompt, PromptKind, SearchPrompt, Severity,
    State,
};

pub use super::ledger::LEDGER_BODY_BUDGET;
pub(crate) use loading::{refresh_view, remove_rows};

/// Rows or lines one turn of the mouse wheel moves.
const WHEEL_LINES: isize = 3;

/// Applies one action and returns the work it asks for.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = results::handle(state, &action) {
        return effects;
    }
    if state.profiles.is_empty() {
        return match action {
            Action::Quit => quit(state),
            Action::Resize { width, height } => {
                state.viewport = (width, height);
                vec![]
            }
            _ => vec![],
        };
    }
    if state.dialog.is_some() {
        return sending::dialog(state, action);
    }
    if state.prompt.is_some() {
        return editing::prompt(state, action);
    }
    if state.editor.is_some() {
        return editing::editor(state, action);
    }
    if state.search.is_some() {
        return update_search(state, action);
    }
    if state.help_open && !matches!(action, Action::Quit | Action::Resize { .. }) {
        if matches!(action, Action::ToggleHelp | Action::Back) {
            state.help_open = false;
        }
        return vec![];
    }
    if state.import_report.is_some() {
        return import::report_keys(state, action);
    }
    state.message = None;
    if state.copy_pending {
        state.copy_pending = false;
        return match action {
            Action::Copy(what) => inspecting::copy(state, what),
            _ => vec![],
        };
    }
    if let Some(effects) = listings::keys(state, &action) {
        return effects;
    }
    if let Some(effects) = inspecting::inspector(state, &action) {
        return effects;
    }
    if let Some(effects) = sending::basket_view(state, &action) {
        return effects;
    }
    let count = state.count.take();
    match action {
        Action::SelectNext => move_cursor(state, 1),
        Action::SelectPrev => move_cursor(state, -1),
        Action::HalfPageDown => move_cursor(state, half_page(state)),
        Action::HalfPageUp => move_cursor(state, -half_page(state)),
        Action::SelectFirst => move_cursor(state, isize::MIN / 2),
        Action::SelectLast => move_cursor(state, isize::MAX / 2),
        Action::NextPage => move_cursor(state, screenful(state)),
        Action::PrevPage => move_cursor(state, -screenful(state)),
        Action::FirstPage => move_cursor(state, isize::MIN / 2),
        Action::LastPage => move_cursor(state, isize::MAX / 2),
        Action::Refresh => {
            let mut effects = loading::load_catalog(state);
            if state.session.detail.product.is_some() {
                effects.extend(open_detail(state));
            }
            effects
        }
        Action::Open => open_detail(state),
        Action::MouseWheel { down, over } => {
            if let Some(pane) = over {
                state.session.focus = pane;
            }
            move_cursor(state, if down { WHEEL_LINES } else { -WHEEL_LINES })
        }
        Action::MouseClick { over, row } => {
            state.session.focus = over;
            match row {
                Some(row) if row == state.session.listing.selected => open_detail(state),
                Some(row) => {
                    state.session.listing.selected =
                        row.min(state.session.listing.len().saturating_sub(1));
                    clamp_offset(state);
                    vec![]
                }
                None => vec![],
            }
        }
        Action::Back => back(state),
        Action::FocusNext => {
            toggle_focus(state);
            vec![]
        }
        Action::CycleSort => {
            let view = &mut state.session.listing.view;
            view.sort = next_sort(view.sort);
            refresh_view(state)
        }
        Action::ReverseSort => {
            let view = &mut state.session.listing.view;
            view.sort = match view.sort {
                Some((field, order)) => Some((field, order.flipped())),
                None => Some((SortField::Name, SortOrder::Descending)),
            };
            refresh_view(state)
        }
        Action::StartSearch => {
            state.search = Some(SearchPrompt {
                text: state.session.listing.search.clone(),
                previous: state.session.listing.search.clone(),
                error: None,
            });
            vec![]
        }
        Action::ToggleHelp => {
            state.help_open = true;
            vec![]
        }
        Action::NextProfile => next_profile(state),
        Action::Resize { width, height } => {
            state.viewport = (width, height);
            clamp_offset(state);
            vec![]
        }
        Action::Quit => quit_or_ask(state),
        Action::CountDigit(digit) => {
            let next = count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(u32::from(digit));
            state.count = (next > 0).then_some(next.min(99_999));
            vec![]
        }
        Action::AdjustStock { sign } => editing::adjust_stock(state, sign, count),
        Action::StartSetStock => editing::start_set_stock(state),
        Action::StartCommand => {
            state.prompt = Some(Prompt::new(PromptKind::Command, ""));
            vec![]
        }
        Action::EditProduct => editing::edit(state, EditKind::Form),
        Action::EditRaw => editing::edit(state, EditKind::Raw),
        Action::NewProduct => editing::new_product(state),
        Action::DeleteProduct => editing::delete_product(state),
        Action::MarkSold => editing::mark_sold(state),
        Action::OpenListings => listings::open(state),
        Action::CycleWarehouse => editing::cycle_warehouse(state),
        Action::OpenBasket => sending::open_basket(state),
        Action::SendBasket => sending::request_send(state),
        Action::Undo => sending::undo(state),
        Action::OpenLedger => inspecting::open_ledger(state),
        Action::InspectLast => inspecting::inspect_last(state),
        Action::InspectProduct => inspecting::inspect_product(state),
        Action::StartCopy => {
            state.copy_pending = true;
            vec![]
        }
        Action::StartExport => {
            state.prompt = Some(Prompt::new(PromptKind::Command, "export har "));
            vec![]
        }
        _ => vec![],
    }
}

/// `:goto SKU`: puts the cursor on the product with that SKU (exactly, else ignoring case),
/// clearing a filter that hides it.
fn goto_command(state: &mut State, sku: &str) -> Result<Vec<Effect>, String> {
    let sku = sku.trim();
    if sku.is_empty() {
        return Err("goto needs a SKU".to_owned());
    }
    let rows = &state.session.listing.rows;
    let found = rows
        .all()
        .find(|p| p.sku.0 == sku)
        .or_else(|| rows.all().find(|p| p.sku.0.eq_ignore_ascii_case(sku)))
        .map(|p| p.id.clone());
    let Some(id) = found else {
        let loaded = rows.loaded();
        return Err(if state.session.listing.load.is_loading() {
            format!("no SKU `{sku}` among the {loaded} products loaded so far")
        } else {
            format!("no product with SKU `{sku}`")
        });
    };
    if let Some(position) = state.session.listing.rows.position_of(&id) {
        state.session.listing.selected = position;
        clamp_offset(state);
        return Ok(vec![]);
    }
    // Hidden by the filter or the sort's view: show everything, then go to it.
    state.session.listing.search.clear();
    state.session.listing.view = super::view::ViewSpec::default();
    let effects = refresh_view(state);
    if let Some(position) = state.session.listing.rows.position_of(&id) {
        state.session.listing.selected = position;
        clamp_offset(state);
    }
    Ok(effects)
}

/// `:profile NAME`: switches to that profile; without a name, lists them.
fn profile_command(state: &mut State, name: &str) -> Result<Vec<Effect>, String> {
    let names: Vec<&str> = state.profiles.iter().map(|p| p.name.as_str()).collect();
    let listed = names.join(", ");
    let name = name.trim();
    if name.is_empty() {
        let active = state.profile().map_or("", |p| p.name.as_str()).to_owned();
        return Ok(info(state, &format!("Profiles: {listed} (on {active})")));
    }
    match names.iter().position(|n| *n == name) {
        Some(index) if index == state.active_profile => {
            Ok(info(state, &format!("Already on profile {name}")))
        }
        Some(index) => Ok(switch_profile(state, index)),
        None => Err(format!("no profile `{name}` (profiles: {listed})")),
    }
}

/// The columns `s` steps through, ending back at the store's order.
const SORTS: [SortField; 5] = [
    SortField::Name,
    SortField::Sku,
    SortField::Price,
    SortField::Stock,
    SortField::Status,
];

fn next_sort(sort: Option<(SortField, SortOrder)>) -> Option<(SortField, SortOrder)> {
    let next = match sort {
        None => SORTS.first(),
        Some((field, _)) => SORTS
            .iter()
            .position(|f| *f == field)
            .and_then(|at| SORTS.get(at + 1)),
    };
    next.map(|field| (*field, SortOrder::Ascending))
}

/// Quits, first asking when changes are staged (they stay journaled either way).
fn quit_or_ask(state: &mut State) -> Vec<Effect> {
    let unsent = state.unsent();
    if unsent == 0 {
        quit(state)
    } else {
        state.dialog = Some(super::state::Dialog::ConfirmQuit { unsent });
        vec![]
    }
}

fn problem(state: &mut State, text: &str) -> Vec<Effect> {
    state.message = Some(Message {
        severity: Severity::Error,
        text: text.to_owned(),
    });
    vec![]
}

/// Writes the basket to the journal; every change to the basket ends with this.
fn journal(state: &State) -> Vec<Effect> {
    vec![Effect::SaveJournal {
        profile: state.active_profile,
        items: state.session.basket.items.clone(),
    }]
}

/// Fetches the selected product, then opens an editor on it.
fn load_product_then(state: &mut State, kind: EditKind) -> Vec<Effect> {
    let effects = open_detail(state);
    state.session.detail.then_edit = Some(kind);
    effects
}

fn reload_detail(state: &mut State) -> Vec<Effect> {
    let Some(id) = state
        .session
        .detail
        .product
        .as_ref()
        .map(|p| p.summary.id.clone())
    else {
        return vec![];
    };
    let request = next_request(state);
    state.session.detail.load = Load::Loading(request);
    vec![Effect::LoadProduct {
        request,
        profile: state.active_profile,
        id,
    }]
}

/// The initial work when the UI starts: the first page of the active profile.
pub fn start(state: &mut State) -> Vec<Effect> {
    if state.profiles.is_empty() {
        return vec![];
    }
    open_session(state)
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.should_quit = true;
    vec![Effect::Quit]
}

fn next_request(state: &mut State) -> RequestId {
    let id = RequestId(state.next_request);
    state.next_request += 1;
    id
}

fn info(state: &mut State, text: &str) -> Vec<Effect> {
    state.message = Some(Message {
        severity: Severity::Info,
        text: text.to_owned(),
    });
    vec![]
}

fn list_rows(state: &State) -> usize {
    let (width, height) = state.viewport;
    layout::list_rows(width, height, state.session.detail_open).max(1)
}

fn detail_rows(state: &State) -> usize {
    let (width, height) = state.viewport;
    layout::detail_rows(width, height, state.session.detail_open).max(1)
}

/// PgDn / PgUp: one screen of rows, keeping one row of the last screen in view.
fn screenful(state: &State) -> isize {
    let rows = match state.session.focus {
        Focus::List => list_rows(state),
        Focus::Detail => detail_rows(state),
    };
    isize::try_from(rows.saturating_sub(1)).unwrap_or(1).max(1)
}

fn half_page(state: &State) -> isize {
    let rows = match state.session.focus {
        Focus::List => list_rows(state),
        Focus::Detail => detail_rows(state),
    };
    isize::try_from(rows / 2).unwrap_or(1).max(1)
}

fn move_cursor(state: &mut State, delta: isize) -> Vec<Effect> {
    match state.session.focus {
        Focus::List => {
            let len = state.session.listing.len();
            if len == 0 {
                return vec![];
            }
            let target = state
                .session
                .listing
                .selected
                .saturating_add_signed(delta)
                .min(len - 1);
            state.session.listing.selected = target;
            clamp_offset(state);
        }
        Focus::Detail => {
            let max = crate::ui::detail_lines(state).saturating_sub(detail_rows(state));
            state.session.detail.scroll = state
                .session
                .detail
                .scroll
                .saturating_add_signed(delta)
                .min(max);
        }
    }
    vec![]
}

/// Keeps the selected row inside the visible window, scrolling as little as possible.
fn clamp_offset(state: &mut State) {
    let rows = list_rows(state);
    let listing: &mut Listing = &mut state.session.listing;
    if listing.selected < listing.offset {
        listing.offset = listing.selected;
    } else if listing.selected >= listing.offset + rows {
        listing.offset = listing.selected + 1 - rows;
    }
    let max_offset = listing.len().saturating_sub(rows);
    listing.offset = listing.offset.min(max_offset);
}

fn open_detail(state: &mut State) -> Vec<Effect> {
    let Some(id) = state
        .session
        .listing
        .selected_product()
        .map(|p| p.id.clone())
    else {
        return vec![];
    };
    state.session.detail_open = true;
    state.session.focus = Focus::Detail;
    let request = next_request(state);
    let stale = state
        .session
        .detail
        .product
        .as_ref()
        .is_some_and(|p| p.summary.id != id);
    if stale {
        state.session.detail = Detail::default();
    }
    state.session.detail.load = Load::Loading(request);
    vec![Effect::LoadProduct {
        request,
        profile: state.active_profile,
        id,
    }]
}

fn back(state: &mut State) -> Vec<Effect> {
    if state.session.focus == Focus::Detail || state.session.detail_open {
        state.session.detail_open = false;
        state.session.focus = Focus::List;
        clamp_offset(state);
        return vec![];
    }
    if !state.session.listing.search.is_empty() {
        return apply_search(state, String::new(), Filters::default());
    }
    if state.session.listing.load.is_loading() {
        return loading::cancel(state);
    }
    vec![]
}

fn toggle_focus(state: &mut State) {
    state.session.focus = match state.session.focus {
        Focus::List => {
            state.session.detail_open = true;
            Focus::Detail
        }
        Focus::Detail => {
            if state.viewport.0 < layout::WIDE_FROM {
                state.session.detail_open = false;
            }
            Focus::List
        }
    };
    clamp_offset(state);
}

fn next_profile(state: &mut State) -> Vec<Effect> {
    if state.profiles.len() < 2 {
        return info(state, "Only one profile is configured");
    }
    switch_profile(state, (state.active_profile + 1) % state.profiles.len())
}

/// Opens another profile's store in place of this one. The store left keeps its session
/// (rows, basket, undo, warehouse, status) for when the user comes back; a store opened for
/// the first time reads its journal and loads its catalog.
fn switch_profile(state: &mut State, index: usize) -> Vec<Effect> {
    if state.session.sending.is_some() {
        return problem(
            state,
            "A batch is being sent: wait for it to finish before switching profile",
        );
    }
    let index = index.min(state.profiles.len().saturating_sub(1));
    let mut effects = leave_session(state);
    let Some(incoming) = state.parked.get_mut(index).map(std::mem::take) else {
        return effects;
    };
    let outgoing = std::mem::replace(&mut state.session, incoming);
    if let Some(slot) = state.parked.get_mut(state.active_profile) {
        *slot = outgoing;
    }
    state.active_profile = index;
    effects.extend(enter_session(state));
    let name = state.profile().map(|p| p.name.clone()).unwrap_or_default();
    info(state, &format!("Switched to profile {name}"));
    effects
}

/// What the store being left stops doing: its catalog load (resumed on return) and any editor
/// waiting for a product to arrive.
fn leave_session(state: &mut State) -> Vec<Effect> {
    let session = &mut state.session;
    session.detail.then_edit = None;
    session.detail.then_stock = None;
    if session.listing.load.is_loading() {
        session.listing.load = Load::Idle;
        session.interrupted = true;
        return vec![Effect::CancelLoad];
    }
    vec![]
}

/// The active store's work on arrival: everything, the first time; a load the switch
/// interrupted, on return.
fn enter_session(state: &mut State) -> Vec<Effect> {
    if !state.session.opened {
        return open_session(state);
    }
    if std::mem::take(&mut state.session.interrupted) {
        return loading::load_catalog(state);
    }
    clamp_offset(state);
    vec![]
}

/// Opens the active profile's store: its journal, its form's fields, its catalog from page 1.
fn open_session(state: &mut State) -> Vec<Effect> {
    state.session.opened = true;
    let profile = state.active_profile;
    let mut effects = vec![
        Effect::LoadJournal { profile },
        Effect::LoadFormFields { profile },
    ];
    effects.extend(loading::reload_from_scratch(state));
    effects
}

fn update_search(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(prompt) = state.search.as_mut() else {
        return vec![];
    };
    match action {
        Action::SearchInput(c) => {
            prompt.text.push(c);
            prompt.error = None;
            return filter_as_typed(state);
        }
        Action::SearchBackspace => {
            prompt.text.pop();
            prompt.error = None;
            return filter_as_typed(state);
        }
        Action::SearchClear => {
            prompt.text.clear();
            prompt.error = None;
            return filter_as_typed(state);
        }
        Action::SearchCancel | Action::Back => {
            let previous = prompt.previous.clone();
            state.search = None;
            let filters = search::parse(&previous).unwrap_or_default();
            state.session.listing.view.filters = filters;
            return refresh_view(state);
        }
        Action::SearchSubmit => return submit_search(state),
        Action::Resize { width, height } => {
            state.viewport = (width, height);
            clamp_offset(state);
        }
        Action::Quit => return quit(state),
        _ => {}
    }
    vec![]
}

/// Filters the loaded rows as the user types; a half-typed term (`price:1..`) leaves the
/// last understood filter in place until it parses.
fn filter_as_typed(state: &mut State) -> Vec<Effect> {
    let Some(prompt) = &state.search else {
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

fn submit_search(state: &mut State) -> Vec<Effect> {
    let Some(prompt) = state.search.take() else {
        return vec![];
    };
    let text = prompt.text.trim().to_owned();
    match search::parse(&text) {
        Ok(filters) => {
            state.message = None;
            state.session.detail_open =
                state.session.detail_open && state.viewport.0 >= layout::WIDE_FROM;
            state.session.focus = Focus::List;
            apply_search(state, text, filters)
        }
        Err(error) => {
            state.search = Some(SearchPrompt {
                error: Some(error.0),
                ..prompt
            });
            vec![]
        }
    }
}

/// Applies a search: its category on the server (loading the catalog again when it changed),
/// everything else to the loaded rows.
fn apply_search(state: &mut State, text: String, filters: Filters) -> Vec<Effect> {
    state.session.listing.search = text;
    let category = filters.category_id;
    state.session.listing.view.filters = filters;
    if category != state.session.listing.query.filters.category_id {
        state.session.listing.query.filters = Filters {
            category_id: category,
            ..Filters::default()
        };
        let mut effects = loading::reload_from_scratch(state);
        effects.extend(refresh_view(state));
        return effects;
    }
    refresh_view(state)
}
