//! The status bar: profile, marked rows and staged changes, position, last request, rate-limit budget and debug id.
//!
//! What the bar is for never leaves it: the last request's status and latency, the request in
//! flight and the debug id. When the line is short, decoration yields first (the platform's
//! name, "products", the request's path, the separators' spaces), then the store's name is
//! shortened, then the rate budget goes.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{Load, State};
use crate::catalog::exchange::Exchange;
use crate::catalog::model::Platform;
use crate::sanitize::clean;
use crate::theme::Styles;
use crate::wording::thousands;

use super::ledger_row::form_action;
use super::position::{Detail, position};
use super::text::{truncate_middle, width};

type Segment = Vec<Span<'static>>;

/// One part of the bar in the forms it can take, fullest first; an empty form hides it.
struct Part {
    forms: Vec<Segment>,
    at: usize,
}

impl Part {
    fn new(forms: Vec<Segment>) -> Part {
        Part { forms, at: 0 }
    }

    fn shown(&self) -> &[Span<'static>] {
        self.forms
            .get(self.at.min(self.forms.len().saturating_sub(1)))
            .map_or(&[], Vec::as_slice)
    }

    fn width(&self) -> usize {
        self.shown().iter().map(|span| width(&span.content)).sum()
    }
}

#[derive(Clone, Copy)]
enum Slot {
    Profile,
    Basket,
    Position,
    Request,
    InFlight,
    Rate,
    Id,
}

/// The bar's parts, in the order they are drawn.
const ORDER: [Slot; 7] = [
    Slot::Profile,
    Slot::Basket,
    Slot::Position,
    Slot::Request,
    Slot::InFlight,
    Slot::Rate,
    Slot::Id,
];

/// `None` narrows the separators.
type Step = Option<(Slot, usize)>;

/// What yields, in order, while the line is too long: each step moves a part to a shorter form.
const YIELDS: [Step; 18] = [
    Some((Slot::Profile, 1)),  // the platform's name
    Some((Slot::Position, 1)), // "products"
    Some((Slot::Request, 1)),  // the path, shortened
    Some((Slot::Request, 2)),
    None,                     // the separators' spaces
    Some((Slot::Request, 3)), // the path, gone
    Some((Slot::Profile, 2)), // the store's name, shortened
    Some((Slot::Rate, 1)),    // the rate budget: only a hold's countdown stays
    Some((Slot::Id, 1)),      // the debug id, shortened in the middle
    Some((Slot::Position, 2)),
    Some((Slot::Id, 2)),
    Some((Slot::InFlight, 1)),
    Some((Slot::Profile, 3)),
    Some((Slot::Request, 4)), // the method
    Some((Slot::Position, 3)),
    Some((Slot::Position, 4)),
    Some((Slot::Id, 3)),
    Some((Slot::Basket, 1)),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, styles: &Styles) {
    let available = usize::from(area.width).saturating_sub(1);
    let spans = bar_spans(state, styles, available);
    let production = state.profile().is_some_and(|p| p.production);
    // On production the bar's own style colours everything, so no segment can hide it.
    let (spans, bar) = if production {
        let plain = spans.into_iter().map(|span| {
            let style = if span.style == styles.badge {
                Style::new().remove_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            span.style(style)
        });
        (plain.collect(), styles.status_bar_production)
    } else {
        (spans, styles.status_bar)
    };
    frame.render_widget(Paragraph::new(Line::from(spans)).style(bar), area);
}

/// The bar's spans fitted to `available` columns.
fn bar_spans(state: &State, styles: &Styles, available: usize) -> Vec<Span<'static>> {
    let mut parts = [
        Part::new(profile_forms(state, styles)),
        Part::new(basket_forms(state, styles)),
        Part::new(position_forms(state, styles)),
        Part::new(request_forms(state.last_exchange(), styles)),
        Part::new(in_flight_forms(state, styles)),
        Part::new(rate_forms(state, styles)),
        Part::new(id_forms(state, styles)),
    ];
    let mut wide = true;
    let separator = |wide: bool| {
        if wide {
            format!(" {} ", styles.glyphs.bar)
        } else {
            styles.glyphs.bar.to_owned()
        }
    };
    let total = |parts: &[Part], wide: bool| {
        let shown: Vec<usize> = parts.iter().map(Part::width).filter(|w| *w > 0).collect();
        shown.iter().sum::<usize>() + width(&separator(wide)) * shown.len().saturating_sub(1)
    };
    for step in YIELDS {
        if total(&parts, wide) <= available {
            break;
        }
        match step {
            Some((slot, form)) => {
                let part = &mut parts[slot as usize];
                part.at = part.at.max(form);
            }
            None => wide = false,
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let mut first = true;
    for slot in ORDER {
        let shown = parts[slot as usize].shown();
        if shown.is_empty() {
            continue;
        }
        if !first {
            spans.push(Span::styled(separator(wide), styles.border));
        }
        first = false;
        spans.extend(shown.iter().cloned());
    }
    spans
}

/// `3 staged`, or `sending 3/7` while a batch goes out; `2 marked` before either.
fn basket_forms(state: &State, styles: &Styles) -> Vec<Segment> {
    let marked = state.session.marks.len();
    let with_marks = |forms: Vec<Segment>| -> Vec<Segment> {
        if marked == 0 {
            return forms;
        }
        let long = format!("{marked} marked");
        let short = format!("{marked}{}", styles.glyphs.picked);
        let mark = |text: String| Span::styled(text, styles.accent);
        match (forms.first(), forms.last()) {
            (Some(full), Some(shortest)) => {
                let mut wide = vec![mark(long), Span::raw(format!(" {} ", styles.glyphs.dot))];
                wide.extend(full.iter().cloned());
                let mut narrow = vec![mark(short), Span::raw(" ")];
                narrow.extend(shortest.iter().cloned());
                vec![wide, narrow]
            }
            _ => vec![vec![mark(long)], vec![mark(short)]],
        }
    };
    if let Some(batch) = &state.session.sending {
        let text = format!("sending {}/{}", batch.done, batch.items.len());
        let short = format!("{}/{}", batch.done, batch.items.len());
        return with_marks(vec![
            vec![Span::styled(text, styles.accent)],
            vec![Span::styled(short, styles.accent)],
        ]);
    }
    let staged = state.session.basket.len();
    if staged == 0 {
        return with_marks(Vec::new());
    }
    with_marks(vec![
        vec![Span::styled(format!("{staged} staged"), styles.changed)],
        vec![Span::styled(format!("+{staged}"), styles.changed)],
    ])
}

fn profile_forms(state: &State, styles: &Styles) -> Vec<Segment> {
    let Some(profile) = state.profile() else {
        return vec![vec![Span::styled("no profile", styles.muted)]];
    };
    let name_style = accented(state, styles.title);
    let name = clean(&profile.name);
    let form = |name_max: usize, platform: bool, short_marks: bool| {
        let mut spans = vec![Span::styled(truncate_middle(&name, name_max), name_style)];
        if platform {
            spans.push(Span::styled(
                format!(" {} {}", styles.glyphs.dot, profile.platform),
                styles.text,
            ));
        }
        if profile.production {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                if short_marks { "PROD" } else { " PROD " },
                styles.badge,
            ));
        }
        if profile.read_only {
            spans.push(Span::styled(
                if short_marks { " ro" } else { " read-only" },
                styles.muted,
            ));
        }
        spans
    };
    vec![
        form(24, true, false),
        form(24, false, false),
        form(12, false, false),
        form(7, false, true),
    ]
}

/// A style in the active profile's accent colour, when it has one.
pub(super) fn accented(state: &State, style: Style) -> Style {
    let accent = state.accents.get(state.active_profile).copied().flatten();
    match accent.filter(|_| state.themes.colour()) {
        Some(colour) => style.fg(colour),
        None => style,
    }
}

/// Where the selection is and how far the load got:
/// `row 1,025 of 1,200 products · page 41/48 · loading 45%`.
fn position_forms(state: &State, styles: &Styles) -> Vec<Segment> {
    let listing = &state.session.listing;
    let rows = &listing.rows;
    let g = styles.glyphs;
    let at = position(listing, state.profile().map(|p| p.platform));
    let empty = match rows.total {
        Some(0) if listing.search.is_empty() => Some("no products"),
        Some(0) => Some("no matches"),
        _ if rows.has_data() && rows.is_empty() => Some("no matches"),
        _ => None,
    };
    let progress = |compact: bool| -> Option<Span<'static>> {
        let loaded = thousands(rows.loaded() as u64);
        Some(match &listing.load {
            Load::Loading(_) => {
                let text = match rows.total {
                    Some(total) if total > 0 => {
                        let fresh = rows.loaded_by_this_load() as u64;
                        let percent = (fresh * 100 / total).min(99);
                        if compact {
                            format!("{percent}%")
                        } else {
                            format!("loading {percent}%")
                        }
                    }
                    _ if rows.has_data() => format!("loaded {loaded}{}", g.more),
                    _ => format!("loading{}", g.more),
                };
                Span::styled(text, styles.accent)
            }
            Load::Failed(_) if rows.has_data() => {
                Span::styled(format!("load failed at {loaded}"), styles.error)
            }
            Load::Failed(_) => Span::styled("load failed", styles.error),
            Load::Idle if listing.stopped => {
                let fresh = thousands(rows.loaded_by_this_load() as u64);
                Span::styled(format!("stopped at {fresh}"), styles.warn)
            }
            Load::Idle if !rows.has_data() => Span::styled("no page", styles.muted),
            Load::Idle => return None,
        })
    };
    let form = |detail: Detail| -> Segment {
        let mut spans: Segment = Vec::new();
        let mut push = |span: Span<'static>| {
            if !spans.is_empty() {
                spans.push(Span::styled(format!(" {} ", g.dot), styles.text));
            }
            spans.push(span);
        };
        if rows.has_data() {
            let text = match empty {
                Some(text) => text.to_owned(),
                None => at.words(detail, g.dot),
            };
            if !text.is_empty() {
                push(Span::styled(text, styles.text));
            }
        }
        if let Some(span) = progress(detail >= Detail::Compact) {
            push(span);
        }
        if let Some(span) = super::history::cached_mark(state, styles) {
            push(span);
        }
        if listing.view_pending.is_some() && detail < Detail::Compact {
            push(Span::styled(format!("filtering{}", g.more), styles.accent));
        }
        spans
    };
    vec![
        form(Detail::Full),
        form(Detail::NoNoun),
        form(Detail::Compact),
        form(Detail::Bare),
        Vec::new(),
    ]
}

/// `200 GET /api/products 84 ms` (Valigara: `200 POST product_export 84 ms`): the path shortened in the middle, then gone, then the
/// method; the status and the latency stay.
fn request_forms(exchange: Option<&Exchange>, styles: &Styles) -> Vec<Segment> {
    let Some(exchange) = exchange else {
        return vec![vec![Span::styled(styles.glyphs.dash, styles.muted)]];
    };
    let (status, status_style) = match exchange.status {
        Some(code @ 200..=299) => (code.to_string(), styles.ok),
        Some(code @ 400..=499) => (code.to_string(), styles.warn),
        Some(code @ 500..=599) => (code.to_string(), styles.error),
        Some(code) => (code.to_string(), styles.text),
        None => ("failed".to_string(), styles.error),
    };
    let method = clean(&exchange.method).into_owned();
    let latency = format!("{} ms", exchange.latency.as_millis());
    // Valigara's requests all go to one endpoint: its action says what each did.
    let path = match form_action(exchange) {
        Some(action) => clean(&action).into_owned(),
        None => clean(&exchange.path).into_owned(),
    };
    let form = |method: Option<&str>, path_max: usize| {
        let mut spans = vec![Span::styled(status.clone(), status_style)];
        if let Some(method) = method {
            spans.push(Span::styled(format!(" {method}"), styles.text));
        }
        if path_max > 0 {
            spans.push(Span::styled(
                format!(" {}", fit_path(&path, path_max, styles.glyphs.cut)),
                styles.text,
            ));
        }
        spans.push(Span::styled(format!(" {latency}"), styles.muted));
        spans
    };
    vec![
        form(Some(&method), 48),
        form(Some(&method), 24),
        form(Some(&method), 12),
        form(Some(&method), 0),
        form(None, 0),
    ]
}

/// `GET … 1.2 s…` while the store waits for an answer, from the time the loop handed over.
fn in_flight_forms(state: &State, styles: &Styles) -> Vec<Segment> {
    let Some(waited) = state.clock.waiting_for(state.active_profile) else {
        return Vec::new();
    };
    let session = &state.session;
    let method = if session.sending.is_some() {
        "sending"
    } else if state
        .profile()
        .is_some_and(|p| p.platform == Platform::Valigara)
    {
        "POST"
    } else {
        "GET"
    };
    let g = styles.glyphs;
    let elapsed = format!("{:.1} s{}", waited.as_secs_f64(), g.more);
    vec![
        vec![Span::styled(
            format!("{method} {} {elapsed}", g.more),
            styles.accent,
        )],
        vec![Span::styled(elapsed, styles.accent)],
    ]
}

/// `rate 12/60`, and while the server holds requests back, its countdown: `hold 42 s`.
fn rate_forms(state: &State, styles: &Styles) -> Vec<Segment> {
    let Some(rate) = state.rate_limit() else {
        return Vec::new();
    };
    let text = match (rate.remaining, rate.limit) {
        (Some(remaining), Some(limit)) => format!("rate {remaining}/{limit}"),
        _ => format!("rate {rate}"),
    };
    let style = if rate.remaining == Some(0) {
        styles.warn
    } else {
        styles.text
    };
    let hold = state
        .hold_until()
        .and_then(|until| state.clock.left_until(until))
        .filter(|left| *left >= Duration::from_secs(1))
        .map(|left| Span::styled(format!("hold {} s", left.as_secs()), styles.warn));
    let mut full = vec![Span::styled(text, style)];
    if let Some(hold) = &hold {
        full.push(Span::styled(
            format!(" {} ", styles.glyphs.dot),
            styles.text,
        ));
        full.push(hold.clone());
    }
    vec![full, hold.into_iter().collect()]
}

/// `id 8f2c…91ab`: whole when it fits, shortened in the middle (`y d` copies it whole).
fn id_forms(state: &State, styles: &Styles) -> Vec<Segment> {
    let Some(id) = state.last_exchange().and_then(|e| e.debug_id.as_deref()) else {
        return Vec::new();
    };
    let id = clean(id);
    let form = |max: usize| {
        vec![
            Span::styled("id ", styles.muted),
            Span::styled(truncate_middle(&id, max), styles.text),
        ]
    };
    vec![form(usize::MAX), form(17), form(9), form(7)]
}

/// A path cut to `budget` columns: first without its query (`/api/products…`), then in the
/// middle, keeping its start and the end that names the resource (`/api/…/products/12`).
fn fit_path(path: &str, budget: usize, cut: &str) -> String {
    if width(path) <= budget {
        return path.to_string();
    }
    if let Some((route, _)) = path.split_once('?') {
        let short = format!("{route}{cut}");
        if width(&short) <= budget {
            return short;
        }
        return truncate_middle(route, budget);
    }
    truncate_middle(path, budget)
}
