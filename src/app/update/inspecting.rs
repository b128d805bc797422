//! The request ledger and the exchange inspector: selection, filtering, body search, copy, export.

use std::path::PathBuf;

use super::{info, problem};
use crate::app::action::{Action, CopyWhat};
use crate::app::effect::{Effect, ExportFormat};
use crate::app::state::{BodySearch, Inspector, OpenExchange, Section, State};
use crate::catalog::exchange::Exchange;
use crate::inspect::curl::{CurlAuth, curl};

fn ledger_rows(state: &State) -> usize {
    crate::ui::ledger_rows(state.viewport.1).max(1)
}

fn exchange_rows(state: &State) -> usize {
    crate::ui::exchange_rows(state.viewport.1).max(1)
}

fn filtered_len(state: &State) -> usize {
    crate::ui::filtered(state).len()
}

pub fn open_ledger(state: &mut State) -> Vec<Effect> {
    state.inspector = Some(Inspector::default());
    vec![]
}

pub fn inspect_last(state: &mut State) -> Vec<Effect> {
    match state.ledger.front().map(|e| e.seq) {
        Some(seq) => {
            state.inspector = Some(Inspector::default());
            open_exchange(state, seq)
        }
        None => info(state, "No request has been made yet"),
    }
}

/// The exchange that brought the product on screen: its full fetch when loaded, else the page.
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
    match detail.or(state.session.listing.source) {
        Some(seq) => {
            state.inspector = Some(Inspector::default());
            open_exchange(state, seq)
        }
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

fn open_exchange(state: &mut State, seq: u64) -> Vec<Effect> {
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
    if let Some(inspector) = state.inspector.as_mut() {
        inspector.open = Some(OpenExchange {
            seq,
            section: Section::Response,
            request_body: None,
            response_body: None,
            scroll: 0,
            search: None,
        });
    }
    vec![Effect::FormatBodies {
        seq,
        request,
        response,
    }]
}

/// Keys while the inspector is open; `None` lets the key fall through.
pub fn inspector(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    let inspector = state.inspector.as_mut()?;
    if let Some(input) = inspector.filter_input.as_mut() {
        match action {
            Action::SearchInput(c) => input.push(*c),
            Action::SearchBackspace => {
                input.pop();
            }
            Action::SearchClear => input.clear(),
            Action::SearchCancel | Action::Back => inspector.filter_input = None,
            Action::SearchSubmit => {
                inspector.filter = inspector
                    .filter_input
                    .take()
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                inspector.selected = 0;
                inspector.offset = 0;
            }
            _ => return None,
        }
        return Some(vec![]);
    }
    if inspector.open.is_some() {
        return exchange_keys(state, action);
    }
    let len = filtered_len(state);
    let rows = ledger_rows(state);
    let inspector = state.inspector.as_mut()?;
    let step = |inspector: &mut Inspector, delta: isize| {
        let last = len.saturating_sub(1);
        inspector.selected = inspector.selected.saturating_add_signed(delta).min(last);
        if inspector.selected < inspector.offset {
            inspector.offset = inspector.selected;
        } else if inspector.selected >= inspector.offset + rows {
            inspector.offset = inspector.selected + 1 - rows;
        }
    };
    let half = isize::try_from(rows / 2).unwrap_or(1).max(1);
    match action {
        Action::SelectNext => step(inspector, 1),
        Action::SelectPrev => step(inspector, -1),
        Action::HalfPageDown => step(inspector, half),
        Action::HalfPageUp => step(inspector, -half),
        Action::SelectFirst => step(inspector, isize::MIN / 2),
        Action::SelectLast => step(inspector, isize::MAX / 2),
        Action::StartSearch => inspector.filter_input = Some(inspector.filter.clone()),
        Action::Open => {
            let seq = crate::ui::filtered(state)
                .get(inspector_selected(state))
                .map(|e| e.seq);
            return Some(match seq {
                Some(seq) => open_exchange(state, seq),
                None => vec![],
            });
        }
        Action::Back | Action::OpenLedger => {
            if !inspector.filter.is_empty() && matches!(action, Action::Back) {
                inspector.filter.clear();
                inspector.selected = 0;
                inspector.offset = 0;
            } else {
                state.inspector = None;
            }
        }
        _ => return None,
    }
    Some(vec![])
}

fn inspector_selected(state: &State) -> usize {
    state.inspector.as_ref().map_or(0, |i| i.selected)
}

fn exchange_keys(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    let rows = exchange_rows(state);
    let total = {
        let inspector = state.inspector.as_ref()?;
        let open = inspector.open.as_ref()?;
        crate::ui::section_lines(state, open)
    };
    let max_scroll = total.saturating_sub(rows);
    let open = state.inspector.as_mut()?.open.as_mut()?;
    if let Some(search) = open.search.as_mut().filter(|s| s.editing) {
        match action {
            Action::SearchInput(c) => search.query.push(*c),
            Action::SearchBackspace => {
                search.query.pop();
            }
            Action::SearchClear => search.query.clear(),
            Action::SearchCancel | Action::Back => open.search = None,
            Action::SearchSubmit => {
                search.editing = false;
                run_search(state);
            }
            _ => return None,
        }
        return Some(vec![]);
    }
    let half = rows / 2;
    let scroll = |open: &mut OpenExchange, to: usize| open.scroll = to.min(max_scroll);
    match action {
        Action::SelectNext => scroll(open, open.scroll + 1),
        Action::SelectPrev => scroll(open, open.scroll.saturating_sub(1)),
        Action::HalfPageDown => scroll(open, open.scroll + half.max(1)),
        Action::HalfPageUp => scroll(open, open.scroll.saturating_sub(half.max(1))),
        Action::SelectFirst => scroll(open, 0),
        Action::SelectLast => scroll(open, max_scroll),
        Action::FocusNext => {
            open.section = match open.section {
                Section::Response => Section::Request,
                Section::Request => Section::Response,
            };
            open.scroll = 0;
            open.search = None;
        }
        Action::StartSearch => {
            open.search = Some(BodySearch {
                editing: true,
                ..BodySearch::default()
            });
        }
        Action::NextMatch | Action::PrevMatch => {
            let forward = matches!(action, Action::NextMatch);
            if let Some(search) = open.search.as_mut().filter(|s| !s.matches.is_empty()) {
                let n = search.matches.len();
                search.current = if forward {
                    (search.current + 1) % n
                } else {
                    (search.current + n - 1) % n
                };
            }
            jump_to_match(state);
        }
        Action::Back => {
            if open.search.is_some() {
                open.search = None;
            } else if let Some(inspector) = state.inspector.as_mut() {
                inspector.open = None;
            }
        }
        Action::OpenLedger => state.inspector = None,
        _ => return None,
    }
    Some(vec![])
}

/// Finds every case-insensitive match of the query in the open section's body.
fn run_search(state: &mut State) {
    let Some(open) = state.inspector.as_mut().and_then(|i| i.open.as_mut()) else {
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
fn jump_to_match(state: &mut State) {
    let rows = exchange_rows(state);
    let Some(inspector) = state.inspector.as_ref() else {
        return;
    };
    let Some(open) = inspector.open.as_ref() else {
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
    if let Some(open) = state.inspector.as_mut().and_then(|i| i.open.as_mut()) {
        open.scroll = target;
    }
}

pub fn formatted(
    state: &mut State,
    seq: u64,
    request: std::sync::Arc<crate::inspect::body::FormattedBody>,
    response: std::sync::Arc<crate::inspect::body::FormattedBody>,
) -> Vec<Effect> {
    if let Some(open) = state
        .inspector
        .as_mut()
        .and_then(|i| i.open.as_mut())
        .filter(|o| o.seq == seq)
    {
        open.request_body = Some(request);
        open.response_body = Some(response);
        if open.search.as_ref().is_some_and(|s| !s.editing) {
            run_search(state);
        }
    }
    vec![]
}

/// The exchange a copy or export is about: the open one, the selected ledger row, or the last.
fn exchange_in_focus(state: &State) -> Option<&Exchange> {
    match &state.inspector {
        Some(Inspector {
            open: Some(open), ..
        }) => exchange(state, open.seq),
        Some(inspector) => crate::ui::filtered(state).get(inspector.selected).copied(),
        None => state.ledger.front(),
    }
}

pub fn copy(state: &mut State, what: CopyWhat) -> Vec<Effect> {
    state.copy_pending = false;
    let found = exchange_in_focus(state);
    let result: Result<(String, String), String> = match what {
        CopyWhat::DebugId => match found {
            Some(e) => e
                .debug_id
                .clone()
                .map(|id| (id.clone(), format!("debug id {id}")))
                .ok_or_else(|| format!("{} {} carries no debug id", e.method, e.path)),
            None => Err("No request has been made yet".to_owned()),
        },
        CopyWhat::Sku => state
            .session
            .listing
            .selected_product()
            .map(|p| (p.sku.0.clone(), format!("SKU {}", p.sku)))
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
    let open = state.inspector.as_ref()?.open.as_ref()?;
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

/// `:export products [FILE]`: every product (of the search's `cat:` category), as the platform sends it.
pub fn export_products(state: &mut State, args: &str) -> Result<Vec<Effect>, String> {
    let Some(profile) = state.profile() else {
        return Err("no profile".to_owned());
    };
    if !profile.capabilities.channels {
        return Err(format!(
            "{} has no product export; :export har saves the requests",
            profile.platform
        ));
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
