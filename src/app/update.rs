//! The pure heart of the UI: `update(state, action) -> effects`. No I/O, no clock, no tokio.

mod editing;
mod inspecting;
mod listings;
mod prices;
mod sending;

use crate::catalog::exchange::Exchange;
use crate::catalog::model::{ListQuery, Page};
use crate::ui::layout;

use super::action::Action;
use super::effect::{Effect, RequestId};
use super::fields;
use super::search;
use super::state::{
    Detail, EditKind, Focus, LEDGER_CAPACITY, Listing, Load, Message, Prompt, PromptKind,
    SearchPrompt, Severity, State, StockIntent,
};

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
        Action::NextPage => go_to_page(state, PageMove::Next),
        Action::PrevPage => go_to_page(state, PageMove::Prev),
        Action::FirstPage => go_to_page(state, PageMove::First),
        Action::LastPage => go_to_page(state, PageMove::Last),
        Action::Refresh => {
            let mut effects = load_page(state, state.listing.query.clone());
            if state.detail.product.is_some() {
                effects.extend(open_detail(state));
            }
            effects
        }
        Action::Open => open_detail(state),
        Action::Back => back(state),
        Action::FocusNext => {
            toggle_focus(state);
            vec![]
        }
        Action::CycleSort | Action::ReverseSort if !can_sort(state) => {
            let platform = state
                .profile()
                .map(|p| p.platform.to_string())
                .unwrap_or_default();
            info(
                state,
                &format!("{platform} cannot sort on the server: the list is in the store's order"),
            )
        }
        Action::CycleSort => {
            let mut query = state.listing.query.clone();
            query.sort = query.sort.next();
            query.page = 1;
            load_page(state, query)
        }
        Action::ReverseSort => {
            let mut query = state.listing.query.clone();
            query.order = query.order.flipped();
            query.page = 1;
            load_page(state, query)
        }
        Action::StartSearch => {
            state.search = Some(SearchPrompt {
                text: state.listing.search.clone(),
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
            state.prompt = Some(Prompt {
                kind: PromptKind::Command,
                text: String::new(),
                error: None,
            });
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
            state.prompt = Some(Prompt {
                kind: PromptKind::Command,
                text: "export har ".to_owned(),
                error: None,
            });
            vec![]
        }
        _ => vec![],
    }
}

fn can_sort(state: &State) -> bool {
    state.profile().is_none_or(|p| p.capabilities.server_sort)
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
    let query = state.listing.query.clone();
    let profile = state.active_profile;
    let mut effects = vec![
        Effect::LoadJournal { profile },
        Effect::LoadFormFields { profile },
    ];
    effects.extend(load_page(state, query));
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
            if state.listing.load.is_current(request) {
                accept_page(state, page);
                state.listing.source = source;
            }
        }
        Action::PageFailed {
            request,
            error,
            exchanges,
        } => {
            record(state, exchanges);
            if state.listing.load.is_current(request) {
                state.message = Some(Message {
                    severity: Severity::Error,
                    text: format!("Could not load products: {error}"),
                });
                state.listing.load = Load::Failed(error);
            }
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
}

fn accept_page(state: &mut State, page: Page<crate::catalog::model::ProductSummary>) {
    let listing = &mut state.listing;
    let same_page = listing
        .page
        .as_ref()
        .is_some_and(|old| old.page == page.page && listing.query.page == page.page);
    let keep = listing.selected_product().map(|p| p.id.clone());
    listing.query.page = page.page.max(1);
    listing.page = Some(page);
    listing.load = Load::Idle;
    // A refresh of the same page keeps the cursor on the same product when it is still there.
    let position = keep
        .filter(|_| same_page)
        .and_then(|id| listing.page.as_ref()?.items.iter().position(|p| p.id == id));
    listing.selected = position.unwrap_or(0).min(listing.len().saturating_sub(1));
    if position.is_none() {
        listing.offset = 0;
    }
    clamp_offset(state);
}

fn next_request(state: &mut State) -> RequestId {
    let id = RequestId(state.next_request);
    state.next_request += 1;
    id
}

fn load_page(state: &mut State, query: ListQuery) -> Vec<Effect> {
    let request = next_request(state);
    state.listing.query = query.clone();
    state.listing.load = Load::Loading(request);
    vec![Effect::LoadPage {
        request,
        profile: state.active_profile,
        query,
    }]
}

enum PageMove {
    Next,
    Prev,
    First,
    Last,
}

fn go_to_page(state: &mut State, to: PageMove) -> Vec<Effect> {
    let current = state.listing.query.page.max(1);
    let page = state.listing.page.as_ref();
    let more = page.is_some_and(|p| p.more);
    let last = page
        .and_then(|p| p.page_count())
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let target = match to {
        PageMove::Next if more => current + 1,
        PageMove::Next => return info(state, "This is the last page"),
        PageMove::Prev if current > 1 => current - 1,
        PageMove::Prev | PageMove::First if current == 1 => {
            return info(state, "This is the first page");
        }
        PageMove::Prev | PageMove::First => 1,
        PageMove::Last => match last {
            Some(last) if last != current => last,
            Some(_) => return info(state, "This is the last page"),
            None => {
                return info(
                    state,
                    "The server does not announce a total: use ] to page forward",
                );
            }
        },
    };
    let mut query = state.listing.query.clone();
    query.page = target;
    load_page(state, query)
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
        state.listing.search.clear();
        let mut query = state.listing.query.clone();
        query.filters = Default::default();
        query.page = 1;
        return load_page(state, query);
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
    if !state.basket.is_empty() {
        let text = format!(
            "{} changes are staged here: send or drop them before switching profile",
            state.basket.len()
        );
        return problem(state, &text);
    }
    state.active_profile = (state.active_profile + 1) % state.profiles.len();
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
    effects.extend(load_page(state, ListQuery::default()));
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
        }
        Action::SearchBackspace => {
            prompt.text.pop();
            prompt.error = None;
        }
        Action::SearchClear => {
            prompt.text.clear();
            prompt.error = None;
        }
        Action::SearchCancel | Action::Back => state.search = None,
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

fn submit_search(state: &mut State) -> Vec<Effect> {
    let Some(prompt) = state.search.take() else {
        return vec![];
    };
    let text = prompt.text.trim().to_owned();
    match search::parse(&text) {
        Ok(filters) => {
            state.message = None;
            state.listing.search = text;
            let mut query = state.listing.query.clone();
            query.filters = filters;
            query.page = 1;
            state.detail_open = state.detail_open && state.viewport.0 >= layout::WIDE_FROM;
            state.focus = Focus::List;
            load_page(state, query)
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
