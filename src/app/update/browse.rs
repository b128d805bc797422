//! The list's and the detail pane's commands: moving, sorting, searching, and opening what
//! they open (also what the ledger and an exchange leave to them).

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::{EditKind, Focus, Layer, Prompt, PromptKind, SearchPrompt, State};
use crate::catalog::model::{Filters, SortField, SortOrder};
use crate::ui::layout;

use super::common::{clamp_offset, detail_rows, list_rows, open_detail};
use super::loading::refresh_view;
use super::staging::marked;
use super::{editing, inspecting, listings, loading, profiles, sending, staging};

/// Rows or lines one turn of the mouse wheel moves.
const WHEEL_LINES: isize = 3;

/// Applies a command of the list or the detail pane; what it opens comes back as the step.
pub fn command(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let count = state.count.take();
    let (step, more) = match action {
        Action::StartSearch => {
            let search = SearchPrompt {
                text: state.session.listing.search.clone(),
                previous: state.session.listing.search.clone(),
                error: None,
            };
            (Step::Push(Layer::Search(search)), vec![])
        }
        Action::ToggleHelp => (Step::Push(Layer::Help), vec![]),
        Action::StartCommand => (
            Step::Push(Layer::Prompt(Prompt::new(PromptKind::Command, ""))),
            vec![],
        ),
        Action::StartExport => (
            Step::Push(Layer::Prompt(Prompt::new(
                PromptKind::Command,
                "export har ",
            ))),
            vec![],
        ),
        Action::StartCopy => (Step::Push(Layer::Copy), vec![]),
        other => (Step::Stay, run(state, other, count)),
    };
    effects.extend(more);
    step
}

fn run(state: &mut State, action: Action, count: Option<u32>) -> Vec<Effect> {
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
        Action::NextProfile => profiles::next_profile(state),
        Action::CountDigit(digit) => {
            let next = count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(u32::from(digit));
            state.count = (next > 0).then_some(next.min(99_999));
            vec![]
        }
        Action::AdjustStock { sign } => staging::adjust_stock(state, sign, count),
        Action::StartSetStock if !state.session.marks.is_empty() => marked::start_set(state, count),
        Action::StartSetStock => staging::start_set_stock(state),
        Action::ToggleMark => marked::toggle(state, count),
        Action::MarkRange => marked::range(state),
        Action::ClearMarks => marked::clear(state),
        Action::ToggleWarehouseColumns => super::command_line::toggle_warehouse_columns(state),
        Action::EditProduct => editing::edit(state, EditKind::Form),
        Action::EditRaw => editing::edit(state, EditKind::Raw),
        Action::NewProduct => editing::new_product(state),
        Action::DeleteProduct => staging::delete_product(state),
        Action::MarkSold => staging::mark_sold(state),
        Action::OpenListings => listings::open(state),
        Action::CycleWarehouse => staging::cycle_warehouse(state),
        Action::OpenBasket => sending::open_basket(state),
        Action::SendBasket => sending::request_send(state),
        Action::Undo => marked::undo(state).unwrap_or_else(|| sending::undo(state)),
        Action::OpenLedger => inspecting::open_ledger(state),
        Action::InspectLast => inspecting::inspect_last(state),
        Action::InspectProduct => inspecting::inspect_product(state),
        _ => vec![],
    }
}

/// `:goto SKU`: puts the cursor on the product with that SKU (exactly, else ignoring case),
/// clearing a filter that hides it. A filter the store applies loaded only its products, so
/// a SKU not among them is answered with how to clear it.
pub fn goto_command(state: &mut State, sku: &str) -> Result<Vec<Effect>, String> {
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
        let search = &state.session.listing.search;
        let server_filtered = state.session.listing.query.filters != Filters::default();
        return Err(if server_filtered {
            format!(
                "no SKU `{sku}` under the store's filter `/{search}`: Esc twice clears it, then :goto again"
            )
        } else if state.session.listing.load.is_loading() {
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
    state.session.listing.view = crate::app::view::ViewSpec::default();
    let effects = refresh_view(state);
    if let Some(position) = state.session.listing.rows.position_of(&id) {
        state.session.listing.selected = position;
        clamp_offset(state);
    }
    Ok(effects)
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

/// Esc: forgets a range's start, else closes the detail pane when it is open (beside the list,
/// too), else clears an applied search, else stops the catalog load.
fn back(state: &mut State) -> Vec<Effect> {
    if marked::cancel_range(state) {
        return vec![];
    }
    if state.detail_open() {
        close_detail(state);
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

/// The detail pane closes and the list has the keyboard.
pub fn close_detail(state: &mut State) {
    state.close_detail_pane();
    state.session.focus = Focus::List;
    clamp_offset(state);
}

fn toggle_focus(state: &mut State) {
    state.session.focus = match state.session.focus {
        Focus::List => {
            state.open_detail_pane();
            Focus::Detail
        }
        Focus::Detail => {
            if state.viewport.0 < layout::WIDE_FROM {
                state.close_detail_pane();
            }
            Focus::List
        }
    };
    clamp_offset(state);
}

/// Applies a search: its server part (category, vendor …) on the server (loading the catalog
/// again when it changed), everything else to the loaded rows.
pub fn apply_search(state: &mut State, text: String, filters: Filters) -> Vec<Effect> {
    state.session.listing.search = text;
    let server = filters.server_part();
    state.session.listing.view.filters = filters;
    if server != state.session.listing.query.filters {
        state.session.listing.query.filters = server;
        let mut effects = loading::reload_from_scratch(state);
        effects.extend(refresh_view(state));
        return effects;
    }
    refresh_view(state)
}
