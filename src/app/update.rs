//! The pure heart of the UI: `update(state, action) -> effects`. No I/O, no clock, no tokio.

mod command_line;
mod editing;
mod import;
mod inspecting;
mod listings;
mod loading;
mod prices;
mod sending;

use crate::catalog::exchange::Exchange;
use crate::catalog::model::{Filters, SortField, SortOrder};
use crate::ui::layout;

use super::action::Action;
use super::effect::{Effect, RequestId};
use super::fields;
use super::search;
use super::state::{
    Detail, EditKind, Focus, LEDGER_CAPACITY, Listing, Load, Message, Prompt, PromptKind,
    SearchPrompt, Severity, State, StockIntent,
};

pub(crate) use loading::{refresh_view, remove_rows};

/// The response bodies the ledger keeps, newest first, in bytes.
pub const LEDGER_BODY_BUDGET: usize = 32 * 1024 * 1024;
/// What an older body is replaced with once the budget is spent.
const DROPPED_BODY: &str =
    "(body dropped: the ledger keeps the newest 32 MB of bodies; r reads the page again)";

/// Rows or lines one turn of the mouse wheel moves.
const WHEEL_LINES: isize = 3;

/// Applies one action and returns the work it asks for.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = handle_result(state, &action) {
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
            if state.detail.product.is_some() {
                effects.extend(open_detail(state));
            }
            effects
        }
        Action::Open => open_detail(state),
        Action::MouseWheel { down, over } => {
            if let Some(pane) = over {
                state.focus = pane;
            }
            move_cursor(state, if down { WHEEL_LINES } else { -WHEEL_LINES })
        }
        Action::MouseClick { over, row } => {
            state.focus = over;
            match row {
                Some(row) if row == state.listing.selected => open_detail(state),
                Some(row) => {
                    state.listing.selected = row.min(state.listing.len().saturating_sub(1));
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
            let view = &mut state.listing.view;
            view.sort = next_sort(view.sort);
            refresh_view(state)
        }
        Action::ReverseSort => {
            let view = &mut state.listing.view;
            view.sort = match view.sort {
                Some((field, order)) => Some((field, order.flipped())),
                None => Some((SortField::Name, SortOrder::Descending)),
            };
            refresh_view(state)
        }
        Action::StartSearch => {
            state.search = Some(SearchPrompt {
                text: state.listing.search.clone(),
                previous: state.listing.search.clone(),
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
    let rows = &state.listing.rows;
    let found = rows
        .all()
        .find(|p| p.sku.0 == sku)
        .or_else(|| rows.all().find(|p| p.sku.0.eq_ignore_ascii_case(sku)))
        .map(|p| p.id.clone());
    let Some(id) = found else {
        let loaded = rows.loaded();
        return Err(if state.listing.load.is_loading() {
            format!("no SKU `{sku}` among the {loaded} products loaded so far")
        } else {
            format!("no product with SKU `{sku}`")
        });
    };
    if let Some(position) = state.listing.rows.position_of(&id) {
        state.listing.selected = position;
        clamp_offset(state);
        return Ok(vec![]);
    }
    // Hidden by the filter or the sort's view: show everything, then go to it.
    state.listing.search.clear();
    state.listing.view = super::view::ViewSpec::default();
    let effects = refresh_view(state);
    if let Some(position) = state.listing.rows.position_of(&id) {
        state.listing.selected = position;
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
    if state.basket.is_empty() {
        quit(state)
    } else {
        state.dialog = Some(super::state::Dialog::ConfirmQuit {
            unsent: state.basket.len(),
        });
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
        items: state.basket.items.clone(),
    }]
}

/// Fetches the selected product, then opens an editor on it.
fn load_product_then(state: &mut State, kind: EditKind) -> Vec<Effect> {
    let effects = open_detail(state);
    state.detail.then_edit = Some(kind);
    effects
}

fn reload_detail(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.detail.product.as_ref().map(|p| p.summary.id.clone()) else {
        return vec![];
    };
    let request = next_request(state);
    state.detail.load = Load::Loading(request);
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
    let profile = state.active_profile;
    let mut effects = vec![
        Effect::LoadJournal { profile },
        Effect::LoadFormFields { profile },
    ];
    effects.extend(loading::reload_from_scratch(state));
    effects
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.should_quit = true;
    vec![Effect::Quit]
}

fn handle_result(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    match action.clone() {
        Action::PageLoaded {
            request,
            page,
            exchanges,
        } => {
            let source = exchanges.last().map(|e| e.seq);
            record(state, exchanges);
            return Some(loading::page_loaded(state, request, page, source));
        }
        Action::PageFailed {
            request,
            error,
            exchanges,
        } => {
            record(state, exchanges);
            return Some(loading::page_failed(state, request, error));
        }
        Action::LoadFinished { request, failed } => {
            return Some(loading::load_finished(state, request, failed));
        }
        Action::ViewComputed { generation, rows } => {
            return Some(loading::view_computed(state, generation, rows));
        }
        Action::RowsRefreshed {
            products,
            exchanges,
        } => {
            record(state, exchanges);
            return Some(loading::rows_refreshed(state, products));
        }
        Action::ProductLoaded {
            request,
            product,
            exchanges,
        } => {
            let source = exchanges.last().map(|e| e.seq);
            record(state, exchanges);
            if state.detail.load.is_current(request) {
                state.detail.source = source;
                state.detail.fields = fields::flatten(&product.raw);
                state.detail.load = Load::Idle;
                let then = state.detail.then_edit.take();
                let opened = then.map(|kind| editing::open_editor(state, kind, &product));
                state.detail.product = Some(product);
                let stock = match state.detail.then_stock.take() {
                    Some(StockIntent::Adjust(delta)) => editing::adjust_by(state, delta),
                    Some(StockIntent::Set) => editing::start_set_stock(state),
                    None => vec![],
                };
                let mut effects = opened.unwrap_or_default();
                effects.extend(stock);
                return Some(effects);
            }
        }
        Action::ProductFailed {
            request,
            error,
            exchanges,
        } => {
            record(state, exchanges);
            if state.detail.load.is_current(request) {
                state.message = Some(Message {
                    severity: Severity::Error,
                    text: format!("Could not load the product: {error}"),
                });
                state.detail.load = Load::Failed(error);
                state.detail.then_edit = None;
                state.detail.then_stock = None;
            }
        }
        Action::JournalLoaded { profile, items } => {
            return Some(sending::recovered(state, profile, items));
        }
        Action::JournalFailed { message } => {
            problem(state, &format!("Journal: {message}"));
            state.journal_error = Some(message);
        }
        Action::RequestsPlanned { plans } => {
            if let Some(view) = state.basket_view.as_mut() {
                view.plans = plans;
            }
        }
        Action::ItemSettled {
            item,
            outcome,
            exchanges,
        } => {
            record(state, exchanges);
            return Some(sending::settle(state, item, outcome));
        }
        Action::BatchFinished => return Some(sending::finish(state)),
        Action::BodiesFormatted {
            seq,
            request,
            response,
        } => {
            return Some(inspecting::formatted(state, seq, request, response));
        }
        Action::Copied { what } => {
            info(state, &format!("Copied {what} to the clipboard (OSC 52)"));
        }
        Action::Exported { path, what } => {
            info(state, &format!("Exported {what} to {}", path.display()));
        }
        Action::FormFieldsLoaded {
            profile,
            fields,
            exchanges,
        } => {
            record(state, exchanges);
            match fields {
                Ok(fields) => {
                    if let Some(slot) = state.form_fields.get_mut(profile) {
                        *slot = Some(fields);
                    }
                }
                Err(error) => {
                    problem(
                        state,
                        &format!(
                            "Could not read the product fields ({error}): the form offers Stockroom's own"
                        ),
                    );
                }
            }
        }
        Action::ListingsLoaded {
            accounts,
            budget,
            exchanges,
        } => {
            record(state, exchanges);
            return Some(listings::loaded(state, accounts, budget));
        }
        Action::ListingsUpdated {
            result,
            budget,
            exchanges,
        } => {
            record(state, exchanges);
            return Some(listings::updated(state, result, budget));
        }
        Action::InspectFailed { message } => {
            problem(state, &message);
        }
        Action::ImportRead { path, result } => return Some(import::read(state, path, result)),
        _ => return None,
    }
    Some(vec![])
}

/// Adds exchanges to the ledger, newest (by the order they were started) first. Answers can
/// arrive out of order, so each goes where its sequence number puts it.
fn record(state: &mut State, exchanges: Vec<Exchange>) {
    for exchange in exchanges {
        let at = state
            .ledger
            .iter()
            .position(|e| e.seq < exchange.seq)
            .unwrap_or(state.ledger.len());
        state.ledger.insert(at, exchange);
    }
    state.ledger.truncate(LEDGER_CAPACITY);
    drop_old_bodies(state);
}

/// Keeps the ledger's bodies within `LEDGER_BODY_BUDGET`: loading a whole catalog brings
/// hundreds of large pages. The oldest bodies give way first and say so in their place.
fn drop_old_bodies(state: &mut State) {
    let size =
        |e: &Exchange| e.response_body.len() + e.request_body.as_ref().map_or(0, |b| b.len());
    let mut total: usize = state.ledger.iter().map(size).sum();
    for exchange in state.ledger.iter_mut().rev() {
        if total <= LEDGER_BODY_BUDGET {
            break;
        }
        if exchange.response_body.len() <= DROPPED_BODY.len() {
            continue;
        }
        total -= exchange.response_body.len();
        exchange.response_body = bytes::Bytes::from_static(DROPPED_BODY.as_bytes());
        exchange
            .response_headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
        total += DROPPED_BODY.len();
    }
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
    layout::list_rows(width, height, state.detail_open).max(1)
}

fn detail_rows(state: &State) -> usize {
    let (width, height) = state.viewport;
    layout::detail_rows(width, height, state.detail_open).max(1)
}

/// PgDn / PgUp: one screen of rows, keeping one row of the last screen in view.
fn screenful(state: &State) -> isize {
    let rows = match state.focus {
        Focus::List => list_rows(state),
        Focus::Detail => detail_rows(state),
    };
    isize::try_from(rows.saturating_sub(1)).unwrap_or(1).max(1)
}

fn half_page(state: &State) -> isize {
    let rows = match state.focus {
        Focus::List => list_rows(state),
        Focus::Detail => detail_rows(state),
    };
    isize::try_from(rows / 2).unwrap_or(1).max(1)
}

fn move_cursor(state: &mut State, delta: isize) -> Vec<Effect> {
    match state.focus {
        Focus::List => {
            let len = state.listing.len();
            if len == 0 {
                return vec![];
            }
            let target = state
                .listing
                .selected
                .saturating_add_signed(delta)
                .min(len - 1);
            state.listing.selected = target;
            clamp_offset(state);
        }
        Focus::Detail => {
            let max = crate::ui::detail_lines(state).saturating_sub(detail_rows(state));
            state.detail.scroll = state.detail.scroll.saturating_add_signed(delta).min(max);
        }
    }
    vec![]
}

/// Keeps the selected row inside the visible window, scrolling as little as possible.
fn clamp_offset(state: &mut State) {
    let rows = list_rows(state);
    let listing: &mut Listing = &mut state.listing;
    if listing.selected < listing.offset {
        listing.offset = listing.selected;
    } else if listing.selected >= listing.offset + rows {
        listing.offset = listing.selected + 1 - rows;
    }
    let max_offset = listing.len().saturating_sub(rows);
    listing.offset = listing.offset.min(max_offset);
}

fn open_detail(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.listing.selected_product().map(|p| p.id.clone()) else {
        return vec![];
    };
    state.detail_open = true;
    state.focus = Focus::Detail;
    let request = next_request(state);
    let stale = state
        .detail
        .product
        .as_ref()
        .is_some_and(|p| p.summary.id != id);
    if stale {
        state.detail = Detail::default();
    }
    state.detail.load = Load::Loading(request);
    vec![Effect::LoadProduct {
        request,
        profile: state.active_profile,
        id,
    }]
}

fn back(state: &mut State) -> Vec<Effect> {
    if state.focus == Focus::Detail || state.detail_open {
        state.detail_open = false;
        state.focus = Focus::List;
        clamp_offset(state);
        return vec![];
    }
    if !state.listing.search.is_empty() {
        return apply_search(state, String::new(), Filters::default());
    }
    if state.listing.load.is_loading() {
        return loading::cancel(state);
    }
    vec![]
}

fn toggle_focus(state: &mut State) {
    state.focus = match state.focus {
        Focus::List => {
            state.detail_open = true;
            Focus::Detail
        }
        Focus::Detail => {
            if state.viewport.0 < layout::WIDE_FROM {
                state.detail_open = false;
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

/// Opens another profile's store in place of this one: its journal, its catalog from page 1.
fn switch_profile(state: &mut State, index: usize) -> Vec<Effect> {
    if !state.basket.is_empty() {
        let text = format!(
            "{} changes are staged here: send or drop them before switching profile",
            state.basket.len()
        );
        return problem(state, &text);
    }
    state.active_profile = index.min(state.profiles.len().saturating_sub(1));
    state.listing = Listing::default();
    state.detail = Detail::default();
    state.detail_open = false;
    state.focus = Focus::List;
    let name = state.profile().map(|p| p.name.clone()).unwrap_or_default();
    state.basket = Default::default();
    state.last_sent.clear();
    state.journal_error = None;
    let profile = state.active_profile;
    let mut effects = vec![Effect::LoadJournal { profile }];
    if state.form_fields.get(profile).is_some_and(Option::is_none) {
        effects.push(Effect::LoadFormFields { profile });
    }
    effects.extend(loading::reload_from_scratch(state));
    info(state, &format!("Switched to profile {name}"));
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
            state.listing.view.filters = filters;
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
    filters.category_id = state.listing.query.filters.category_id;
    if state.listing.view.filters != filters {
        state.listing.view.filters = filters;
        state.listing.cursor_to_top = true;
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
            state.detail_open = state.detail_open && state.viewport.0 >= layout::WIDE_FROM;
            state.focus = Focus::List;
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
    state.listing.search = text;
    let category = filters.category_id;
    state.listing.view.filters = filters;
    if category != state.listing.query.filters.category_id {
        state.listing.query.filters = Filters {
            category_id: category,
            ..Filters::default()
        };
        let mut effects = loading::reload_from_scratch(state);
        effects.extend(refresh_view(state));
        return effects;
    }
    refresh_view(state)
}
