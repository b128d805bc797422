//! The request ledger and the exchange inspector: selection, filtering, body search, copy, export.

use std::path::PathBuf;

use super::common::{info, problem};
use crate::app::action::CopyWhat;
use crate::app::effect::{Effect, ExportFormat};
use crate::app::state::{Inspector, Layer, OpenExchange, Section, State};
use crate::catalog::exchange::Exchange;
use crate::inspect::curl::{CurlAuth, curl};

pub fn ledger_rows(state: &State) -> usize {
    crate::ui::ledger_rows(state.viewport.1).max(1)
}

pub fn exchange_rows(state: &State) -> usize {
    crate::ui::exchange_rows(state.viewport.1).max(1)
}

pub fn filtered_len(state: &State) -> usize {
    crate::ui::filtered(state).len()
}

pub fn open_ledger(state: &mut State) -> Vec<Effect> {
    state.push(Layer::Ledger(Inspector::default()));
    vec![]
}

pub fn inspect_last(state: &mut State) -> Vec<Effect> {
    match state.ledger.front().map(|e| e.seq) {
        Some(seq) => open_exchange(state, seq),
        None => info(state, "No request has been made yet"),
    }
}

/// The exchange that brought the product on screen: its full fetch when loaded, else the page
/// request that brought its row.
pub fn inspect_product(state: &mut State) -> Vec<Effect> {
    let selected = state
        .session
        .listing
        .selected_product()
        .map(|p| p.id.clone());
    let detail = state
        .session
        .detail
        .product
        .as_ref()
        .filter(|p| Some(&p.summary.id) == selected.as_ref())
        .and(state.session.detail.source);
    let listing = &state.session.listing;
    let page = listing
        .rows
        .page_of(listing.selected)
        .and_then(|page| listing.page_sources.get(&page).copied());
    match detail.or(page).or(listing.source) {
        Some(seq) => open_exchange(state, seq),
        None => info(state, "Nothing has been loaded yet"),
    }
}

fn exchange(state: &State, seq: u64) -> Option<&Exchange> {
    state.ledger.iter().find(|e| e.seq == seq)
}

fn content_type(headers: &[(String, String)]) -> Option<String> {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.clone())
}

pub fn open_exchange(state: &mut State, seq: u64) -> Vec<Effect> {
    let Some(found) = exchange(state, seq) else {
        return info(state, "That request is no longer in the ledger");
    };
    let request = found
        .request_body
        .clone()
        .map(|body| (body, content_type(&found.request_headers)));
    let response = (
        found.response_body.clone(),
        content_type(&found.response_headers),
    );
    state.push(Layer::Exchange(OpenExchange {
        seq,
        section: Section::Response,
        request_body: None,
        response_body: None,
        scroll: 0,
        shift: 0,
        search: None,
    }));
    vec![Effect::FormatBodies {
        seq,
        request,
        response,
    }]
}

/// Finds every case-insensitive match of the query in the open section's body.
pub fn run_search(state: &mut State) {
    let Some(open) = state.exchange_mut() else {
        return;
    };
    let body = match open.section {
        Section::Response => open.response_body.clone(),
        Section::Request => open.request_body.clone(),
    };
    let Some(search) = open.search.as_mut() else {
        return;
    };
    let query = search.query.to_lowercase();
    search.matches.clear();
    search.current = 0;
    if let (Some(body), false) = (body, query.is_empty()) {
        for (index, line) in body.lines.iter().enumerate() {
            let lower = line.to_lowercase();
            // Lower-casing can change byte lengths; only offsets valid in the original line count.
            let same_len = lower.len() == line.len();
            for (at, _) in lower.match_indices(&query) {
                search.matches.push((index, if same_len { at } else { 0 }));
            }
        }
    }
    jump_to_match(state);
}

/// Scrolls so the current match's line is in view, a few lines from the top.
pub fn jump_to_match(state: &mut State) {
    let rows = exchange_rows(state);
    let Some(open) = state.exchange() else {
        return;
    };
    let body = match open.section {
        Section::Response => open.response_body.as_ref(),
        Section::Request => open.request_body.as_ref(),
    };
    let Some(line) = open
        .search
        .as_ref()
        .and_then(|s| s.matches.get(s.current))
        .map(|m| m.0)
    else {
        return;
    };
    let total = crate::ui::section_lines(state, open);
    let body_lines = body.map_or(0, |b| b.lines.len());
    let body_start = total.saturating_sub(body_lines);
    let target = (body_start + line)
        .saturating_sub(3)
        .min(total.saturating_sub(rows));
    if let Some(open) = state.exchange_mut() {
        open.scroll = target;
    }
}

pub fn formatted(
    state: &mut State,
    seq: u64,
    request: std::sync::Arc<crate::inspect::body::FormattedBody>,
    response: std::sync::Arc<crate::inspect::body::FormattedBody>,
) -> Vec<Effect> {
    if let Some(open) = state.exchange_mut().filter(|o| o.seq == seq) {
        open.request_body = Some(request);
        open.response_body = Some(response);
        if open.search.as_ref().is_some_and(|s| !s.editing) {
            run_search(state);
        }
    }
    vec![]
}

/// The topmost ledger or exchange layer.
fn inspected(state: &State) -> Option<&Layer> {
    state
        .layers
        .iter()
        .rev()
        .find(|layer| matches!(layer, Layer::Ledger(_) | Layer::Exchange(_)))
}

/// The exchange a copy or export is about: the open one, the selected ledger row, or the
/// one the status bar shows (the active store's last).
fn exchange_in_focus(state: &State) -> Option<&Exchange> {
    match inspected(state) {
        Some(Layer::Exchange(open)) => exchange(state, open.seq),
        Some(Layer::Ledger(inspector)) => {
            crate::ui::filtered(state).get(inspector.selected).copied()
        }
        _ => state.last_exchange().or(state.ledger.front()),
    }
}

/// A one-line value as it is copied: a line feed shown as an escape like every other control
/// character, so a pasted SKU can never run a shell line.
fn one_line(text: &str) -> String {
    let breaks = text.replace('\n', "\\u{a}").replace('\r', "\\u{d}");
    crate::sanitize::clean(&breaks).into_owned()
}

pub fn copy(state: &mut State, what: CopyWhat) -> Vec<Effect> {
    let found = exchange_in_focus(state);
    let result: Result<(String, String), String> = match what {
        CopyWhat::DebugId => match found {
            Some(e) => e
                .debug_id
                .clone()
                .map(|id| (one_line(&id), format!("debug id {id}")))
                .ok_or_else(|| format!("{} {} carries no debug id", e.method, e.path)),
            None => Err("No request has been made yet".to_owned()),
        },
        CopyWhat::Sku => state
            .session
            .listing
            .selected_product()
            .map(|p| (one_line(&p.sku.0), format!("SKU {}", p.sku)))
            .ok_or_else(|| "No product is selected".to_owned()),
        CopyWhat::Body => match (found, body_text(state)) {
            (_, Some(text)) => Ok((text, "the body".to_owned())),
            (Some(e), None) => Ok((
                String::from_utf8_lossy(&e.response_body).into_owned(),
                format!("the body of {} {}", e.method, e.path),
            )),
            (None, None) => Err("No request has been made yet".to_owned()),
        },
        CopyWhat::Curl => match (found, state.profile()) {
            (Some(e), Some(profile)) => {
                let auth = CurlAuth {
                    user: profile.user.clone(),
                    secret_var: profile.secret_var.clone(),
                };
                let var = profile.secret_var.clone();
                Ok((
                    curl(e, &auth),
                    format!("curl for {} {} (secret read from ${var})", e.method, e.path),
                ))
            }
            _ => Err("No request has been made yet".to_owned()),
        },
    };
    match result {
        Ok((text, what)) => vec![Effect::Copy { text, what }],
        Err(reason) => problem(state, &reason),
    }
}

/// The open section's formatted body, as shown.
fn body_text(state: &State) -> Option<String> {
    let Some(Layer::Exchange(open)) = inspected(state) else {
        return None;
    };
    let body = match open.section {
        Section::Response => open.response_body.as_ref()?,
        Section::Request => open.request_body.as_ref()?,
    };
    Some(body.lines.join("\n"))
}

/// `:export ndjson|har [FILE]`.
pub fn export(state: &mut State, args: &str) -> Result<Vec<Effect>, String> {
    let mut words = args.split_whitespace();
    let format = match words.next() {
        Some("ndjson") => ExportFormat::Ndjson,
        Some("har") => ExportFormat::Har,
        _ => return Err("export ndjson [FILE] or export har [FILE]".to_owned()),
    };
    let path = words.next().map(PathBuf::from);
    if state.ledger.is_empty() {
        return Err("no request to export yet".to_owned());
    }
    let exchanges = state.ledger.iter().rev().cloned().collect();
    Ok(vec![Effect::Export {
        format,
        path,
        exchanges,
    }])
}

/// `:export products [FILE]`: every product (of the search's `cat:` category), as the platform
/// sends it where it has a bulk export (Valigara), else as `stockroom export --format json` rows.
pub fn export_products(state: &mut State, args: &str) -> Result<Vec<Effect>, String> {
    if state.profile().is_none() {
        return Err("no profile".to_owned());
    }
    let path = args.split_whitespace().next().map(PathBuf::from);
    let query = state.session.listing.query.clone();
    info(state, "Exporting products…");
    Ok(vec![Effect::ExportProducts {
        profile: state.active_profile,
        query,
        path,
    }])
}
