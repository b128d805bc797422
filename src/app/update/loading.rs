//! The catalog loading in the background, and the filtered, sorted view of what has arrived.

use crate::catalog::error::CatalogError;
use crate::catalog::model::{Page, ProductId, ProductSummary};
use crate::wording::{count, thousands};

use super::super::effect::{Effect, RequestId};
use super::super::rows::RowRef;
use super::super::state::{Load, Message, Severity, State};
use super::super::view;
use super::common::{clamp_offset, info, next_request};

/// Starts loading the whole catalog again, beginning with the page the selection is on.
/// What is on screen stays until the new pages replace it.
pub fn load_catalog(state: &mut State) -> Vec<Effect> {
    let first_page = state
        .session
        .listing
        .rows
        .page_of(state.session.listing.selected)
        .unwrap_or(state.session.listing.query.page)
        .max(1);
    start(state, first_page)
}

/// Loads afresh for another server-side filter, or the store's first load. The whole
/// catalog's rows are kept while a filter is applied, and shown again at once when it is
/// cleared, until the reload replaces them.
pub fn reload_from_scratch(state: &mut State) -> Vec<Effect> {
    let whole_catalog = crate::cache::is_whole_catalog(&state.session.listing.query);
    state.session.listing.rows.start_over(whole_catalog);
    state.session.listing.selected = 0;
    state.session.listing.offset = 0;
    state.session.listing.view_pending = None;
    state.session.listing.view_stale = false;
    start(state, 1)
}

fn start(state: &mut State, first_page: u32) -> Vec<Effect> {
    let request = next_request(state);
    let listing = &mut state.session.listing;
    listing.rows.begin_load();
    listing.load = Load::Loading(request);
    listing.stopped = false;
    listing.query.page = first_page;
    vec![Effect::LoadCatalog {
        request,
        profile: state.active_profile,
        query: listing.query.clone(),
        first_page,
    }]
}

/// Esc while the catalog loads: stop, keeping every row that arrived.
pub fn cancel(state: &mut State) -> Vec<Effect> {
    state.session.listing.load = Load::Idle;
    state.session.listing.stopped = true;
    let rows = &state.session.listing.rows;
    let loaded = rows.loaded();
    let fresh = rows.loaded_by_this_load();
    let of = rows.total.unwrap_or(loaded as u64);
    let text = if fresh < loaded {
        let rest = match rows.cache.age(state.clock.now) {
            Some(age) => format!("the rest {age}"),
            None => "the rest from the earlier load".to_owned(),
        };
        format!(
            "Stopped: {} of {} from the store, {rest} · r loads again",
            thousands(fresh as u64),
            thousands(of)
        )
    } else if rows.total.is_some() {
        format!(
            "Stopped loading at {} of {} products · r loads again",
            thousands(loaded as u64),
            thousands(of)
        )
    } else {
        format!(
            "Stopped loading at {} · r loads again",
            count(loaded, "product", "products")
        )
    };
    let mut effects = vec![Effect::CancelLoad];
    effects.extend(info(state, &text));
    effects
}

pub fn page_loaded(
    state: &mut State,
    request: RequestId,
    page: Page<ProductSummary>,
    source: Option<u64>,
) -> Vec<Effect> {
    if !state.session.listing.load.is_current(request) {
        return vec![];
    }
    let listing = &mut state.session.listing;
    let first = !listing.rows.has_data();
    if first || listing.source.is_none() {
        listing.source = source;
    }
    if let Some(seq) = source {
        listing.page_sources.insert(page.page, seq);
    }
    let keep = listing.selected_product().map(|p| p.id.clone());
    let size = page.items.len();
    let (start, delta) = listing.rows.insert(page);
    if listing.rows.has_view() {
        return refresh_view(state);
    }
    let listing = &mut state.session.listing;
    let replaced = usize::try_from(size as isize - delta).unwrap_or(0);
    if first {
        listing.selected = 0;
        listing.offset = 0;
    } else if listing.selected >= start + replaced {
        // A page arrived above the cursor: the rows on screen move down with it.
        listing.selected = listing.selected.saturating_add_signed(delta);
        listing.offset = listing.offset.saturating_add_signed(delta);
    } else if listing.selected >= start
        && let Some(id) = keep
    {
        reselect(state, &id);
    }
    let len = state.session.listing.len();
    state.session.listing.selected = state.session.listing.selected.min(len.saturating_sub(1));
    clamp_offset(state);
    vec![]
}

pub fn page_failed(state: &mut State, request: RequestId, error: CatalogError) -> Vec<Effect> {
    if !state.session.listing.load.is_current(request) {
        return vec![];
    }
    let rows = &state.session.listing.rows;
    let text = if rows.has_data() {
        format!(
            "Loading stopped after {}: {error} · r tries again",
            count(rows.loaded(), "product", "products")
        )
    } else {
        format!("Could not load products: {error}")
    };
    state.message = Some(Message {
        severity: Severity::Error,
        text,
    });
    state.session.listing.load = Load::Failed(error);
    vec![]
}

pub fn load_finished(state: &mut State, request: RequestId, failed: bool) -> Vec<Effect> {
    if !state.session.listing.load.is_current(request) {
        return vec![];
    }
    state.session.listing.load = Load::Idle;
    if failed {
        return vec![];
    }
    state.session.listing.rows.cache.cached_at = None;
    // Pages past the catalog's new end, left from an earlier load, are gone from the store.
    let dropped = state.session.listing.rows.drop_stale();
    state.session.prune_marks();
    if dropped {
        let keep = state
            .session
            .listing
            .selected_product()
            .map(|p| p.id.clone());
        state.session.listing.view_pending = None;
        let effects = refresh_view(state);
        if let Some(id) = keep {
            reselect(state, &id);
        }
        clamp_selection(state);
        return effects;
    }
    vec![]
}

/// Recomputes the view after the rows or the filter changed; one computation at a time,
/// the latest asked for runs when the one in flight returns.
pub fn refresh_view(state: &mut State) -> Vec<Effect> {
    let listing = &mut state.session.listing;
    if listing.view.is_identity() {
        listing.view_pending = None;
        listing.view_stale = false;
        listing.view_basis = None;
        if listing.rows.has_view() {
            let keep = listing.selected_product().map(|p| p.id.clone());
            listing.rows.set_view(None);
            if let Some(id) = keep {
                reselect(state, &id);
            }
            clamp_selection(state);
        }
        return vec![];
    }
    if listing.view_pending.is_some() {
        listing.view_stale = true;
        return vec![];
    }
    listing.view_generation += 1;
    listing.view_pending = Some(listing.view_generation);
    listing.view_stale = false;
    let version = listing.rows.version();
    let within = match (&listing.view_basis, listing.rows.view()) {
        (Some((before, at)), Some(rows))
            if *at == version && view::narrows(before, &listing.view) =>
        {
            Some(rows.to_vec())
        }
        _ => None,
    };
    listing.pending_basis = Some((listing.view.clone(), version));
    vec![Effect::ComputeView {
        profile: state.active_profile,
        generation: listing.view_generation,
        snapshot: listing.rows.snapshot(),
        spec: listing.view.clone(),
        within,
    }]
}

/// Shows the first screenful of the view being computed; the cursor goes to the best match, and
/// the view is not narrowed from (it is not all of it).
pub fn view_previewed(state: &mut State, generation: u64, rows: Vec<RowRef>) -> Vec<Effect> {
    let listing = &mut state.session.listing;
    if listing.view_pending != Some(generation) {
        return vec![];
    }
    listing.rows.set_view(Some(rows));
    listing.view_basis = None;
    if listing.cursor_to_top {
        listing.selected = 0;
        listing.offset = 0;
    }
    clamp_selection(state);
    vec![]
}

pub fn view_computed(state: &mut State, generation: u64, rows: Option<Vec<RowRef>>) -> Vec<Effect> {
    let listing = &mut state.session.listing;
    if listing.view_pending != Some(generation) {
        return vec![];
    }
    listing.view_pending = None;
    let keep = listing.selected_product().map(|p| p.id.clone());
    let filtering = rows.is_some();
    listing.rows.set_view(rows);
    listing.view_basis = listing.pending_basis.take();
    // A new filter puts the cursor on the best match; a sort or new rows keep its product.
    // A newer computation is due (more was typed): the flag stays for its answer too.
    let to_top = if listing.view_stale {
        listing.cursor_to_top
    } else {
        std::mem::take(&mut listing.cursor_to_top)
    } && filtering;
    if to_top || keep.is_some_and(|id| !reselect(state, &id)) {
        state.session.listing.selected = 0;
        state.session.listing.offset = 0;
    }
    clamp_selection(state);
    if state.session.listing.view_stale {
        return refresh_view(state);
    }
    vec![]
}

/// Puts the products a batch changed back in their rows as the server now has them.
pub fn rows_refreshed(state: &mut State, products: Vec<ProductSummary>) -> Vec<Effect> {
    let mut changed = false;
    for product in products {
        if state.session.listing.rows.replace(&product)
            || state.session.listing.rows.append(product)
        {
            changed = true;
        }
    }
    if changed && state.session.listing.rows.has_view() {
        return refresh_view(state);
    }
    clamp_selection(state);
    vec![]
}

/// Takes deleted products out of the list.
pub fn remove_rows(state: &mut State, ids: &[ProductId]) {
    for id in ids {
        state.session.listing.rows.remove(id);
        state.session.marks.remove(id);
    }
    clamp_selection(state);
}

/// Pages read back from the catalog cache for the load `request`: shown at once, marked as
/// cached, until that load brings the store's pages in their place. Once the cache is read,
/// the load counts as a new one, so cached pages it does not bring again are dropped when it
/// completes.
pub fn cache_loaded(
    state: &mut State,
    request: RequestId,
    pages: Vec<Page<ProductSummary>>,
    written_at: Option<u64>,
    last: bool,
) -> Vec<Effect> {
    if !state.session.listing.load.is_current(request) {
        return vec![];
    }
    let listing = &mut state.session.listing;
    let first = !listing.rows.has_data();
    let keep = listing.selected_product().map(|p| p.id.clone());
    if !pages.is_empty() {
        listing.rows.cache.cached_at = written_at;
    }
    for page in pages {
        listing.rows.insert_cached(page);
    }
    if last {
        listing.rows.begin_load();
    }
    let mut effects = vec![];
    if listing.rows.has_view() {
        effects = refresh_view(state);
    } else if first {
        state.session.listing.selected = 0;
        state.session.listing.offset = 0;
    } else if let Some(id) = keep {
        reselect(state, &id);
    }
    clamp_selection(state);
    effects
}

/// The load found these products different from the cached ones: their rows are marked, and
/// a `changed:` view is computed again in full (they may be outside the rows it holds).
pub fn cache_changed(state: &mut State, ids: Vec<ProductId>) -> Vec<Effect> {
    let listing = &mut state.session.listing;
    if !listing.rows.cache.mark_changed(ids) || !listing.view.filters.changed {
        return vec![];
    }
    listing.view_basis = None;
    refresh_view(state)
}

/// Moves the cursor to a product; false when it is not in the view.
fn reselect(state: &mut State, id: &ProductId) -> bool {
    match state.session.listing.rows.position_of(id) {
        Some(position) => {
            state.session.listing.selected = position;
            clamp_offset(state);
            true
        }
        None => false,
    }
}

fn clamp_selection(state: &mut State) {
    let len = state.session.listing.len();
    state.session.listing.selected = state.session.listing.selected.min(len.saturating_sub(1));
    clamp_offset(state);
}
