//! The status bar: profile, staged changes, pagination, last request, rate-limit budget and debug id.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{Load, State};
use crate::catalog::exchange::Exchange;
use crate::sanitize::clean;
use crate::theme::Styles;
use crate::wording::thousands;

use super::text::{truncate, width};

/// The request path never takes more than this, even on wide screens.
const PATH_MAX: usize = 48;
const PATH_MIN: usize = 12;
const DEBUG_ID_MAX: usize = 12;

type Segment = Vec<Span<'static>>;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, styles: &Styles) {
    let available = usize::from(area.width).saturating_sub(1);
    let profile = profile_segment(state, styles);
    let mut basket = basket_segment(state, styles);
    let mut page = Some(page_segment(state, styles));
    let mut rate = rate_segment(state, styles);
    let mut id = id_segment(state, styles);
    let exchange = state.last_exchange();
    let mut with_request = true;

    // Drop the least important segments until the request fits with a readable path.
    let request = loop {
        let others = [
            Some(&profile),
            basket.as_ref(),
            page.as_ref(),
            rate.as_ref(),
            id.as_ref(),
        ];
        let count = others.iter().flatten().count() + usize::from(with_request);
        let used: usize = others
            .iter()
            .flatten()
            .map(|s| segment_width(s))
            .sum::<usize>()
            + (width(styles.glyphs.bar) + 2) * count.saturating_sub(1);
        let budget = available.saturating_sub(used);
        if with_request {
            let fitted = request_segment(exchange, budget, styles);
            if let Some(fitted) = fitted {
                break Some(fitted);
            }
        } else if used <= available {
            break None;
        }
        if id.take().is_some() {
            continue;
        }
        if rate.take().is_some() {
            continue;
        }
        if with_request {
            with_request = false;
            continue;
        }
        if page.take().is_some() {
            continue;
        }
        if basket.take().is_some() {
            continue;
        }
        break None;
    };

    let production = state.profile().is_some_and(|p| p.production);
    let ordered = [Some(profile), basket, page, request, rate, id];
    let mut spans = vec![Span::raw(" ")];
    for (index, segment) in ordered.into_iter().flatten().enumerate() {
        if index > 0 {
            spans.push(Span::styled(
                format!(" {} ", styles.glyphs.bar),
                styles.border,
            ));
        }
        spans.extend(segment);
    }
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

/// `3 staged`, or `sending 3/7` while a batch goes out.
fn basket_segment(state: &State, styles: &Styles) -> Option<Segment> {
    if let Some(batch) = &state.session.sending {
        let text = format!("sending {}/{}", batch.done, batch.items.len());
        return Some(vec![Span::styled(text, styles.accent)]);
    }
    (!state.session.basket.is_empty()).then(|| {
        vec![Span::styled(
            format!("{} staged", state.session.basket.len()),
            styles.changed,
        )]
    })
}

fn segment_width(segment: &Segment) -> usize {
    segment.iter().map(|span| width(&span.content)).sum()
}

fn profile_segment(state: &State, styles: &Styles) -> Segment {
    let Some(profile) = state.profile() else {
        return vec![Span::styled("no profile", styles.muted)];
    };
    let mut spans = vec![
        Span::styled(
            truncate(&clean(&profile.name), 24),
            accented(state, styles.title),
        ),
        Span::styled(
            format!(" {} {}", styles.glyphs.dot, profile.platform),
            styles.text,
        ),
    ];
    if profile.production {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(" PROD ", styles.badge));
    }
    if profile.read_only {
        spans.push(Span::styled(" read-only", styles.muted));
    }
    spans
}

/// A style in the active profile's accent colour, when it has one.
pub(super) fn accented(state: &State, style: Style) -> Style {
    let accent = state.accents.get(state.active_profile).copied().flatten();
    match accent.filter(|_| state.themes.colour()) {
        Some(colour) => style.fg(colour),
        None => style,
    }
}

/// The server's pagination at the selection, the catalog's size, and how far the load got:
/// `page 12/400 · 100,000 products · loading 45%`.
fn page_segment(state: &State, styles: &Styles) -> Segment {
    let listing = &state.session.listing;
    let rows = &listing.rows;
    let g = styles.glyphs;
    let mut parts: Vec<Span<'static>> = Vec::new();
    let mut push = |span: Span<'static>| {
        if !parts.is_empty() {
            parts.push(Span::styled(
                format!(" {} ", styles.glyphs.dot),
                styles.text,
            ));
        }
        parts.push(span);
    };
    if rows.has_data() {
        let page = rows.page_of(listing.selected).unwrap_or(1);
        let complete = !listing.load.is_loading() && !listing.stopped;
        let text = match (rows.total, rows.last_page) {
            (Some(0), _) if listing.search.is_empty() => "no products".to_owned(),
            (Some(0), _) => "no matches".to_owned(),
            (Some(total), Some(last)) => {
                format!("page {page}/{last} {} {} products", g.dot, thousands(total))
            }
            (None, Some(last)) if complete => {
                format!(
                    "page {page}/{last} {} {} products",
                    g.dot,
                    thousands(rows.loaded() as u64)
                )
            }
            _ => format!("page {page} {} more", g.dot),
        };
        push(Span::styled(text, styles.text));
    }
    match &listing.load {
        Load::Loading(_) => {
            let text = match rows.total {
                Some(total) if total > 0 => {
                    let percent = (rows.loaded() as u64 * 100 / total).min(99);
                    format!("loading {percent}%")
                }
                _ if rows.has_data() => {
                    format!("loaded {}{}", thousands(rows.loaded() as u64), g.more)
                }
                _ => format!("loading{}", g.more),
            };
            push(Span::styled(text, styles.accent));
        }
        Load::Failed(_) => push(Span::styled(
            if rows.has_data() {
                format!("load failed at {}", thousands(rows.loaded() as u64))
            } else {
                "load failed".to_owned()
            },
            styles.error,
        )),
        Load::Idle if listing.stopped => push(Span::styled(
            format!("stopped at {}", thousands(rows.loaded() as u64)),
            styles.warn,
        )),
        Load::Idle if !rows.has_data() => push(Span::styled("no page", styles.muted)),
        Load::Idle => {}
    }
    if listing.view_pending.is_some() {
        push(Span::styled(format!("filtering{}", g.more), styles.accent));
    }
    parts
}

/// `200 GET /api/products 84 ms`, with the path cut in the middle to fit `budget`;
/// `None` when even a short path would not fit.
fn request_segment(exchange: Option<&Exchange>, budget: usize, styles: &Styles) -> Option<Segment> {
    let Some(exchange) = exchange else {
        return (budget >= 1).then(|| vec![Span::styled(styles.glyphs.dash, styles.muted)]);
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
    let path = clean(&exchange.path);
    let fixed = width(&status) + width(&method) + width(&latency) + 3;
    let path_budget = budget.saturating_sub(fixed).min(PATH_MAX);
    if path_budget < PATH_MIN.min(width(&path)) {
        return None;
    }
    Some(vec![
        Span::styled(status, status_style),
        Span::styled(format!(" {method} "), styles.text),
        Span::styled(fit_path(&path, path_budget, styles.glyphs.cut), styles.text),
        Span::styled(format!(" {latency}"), styles.muted),
    ])
}

fn rate_segment(state: &State, styles: &Styles) -> Option<Segment> {
    let rate = state.rate_limit()?;
    let text = match (rate.remaining, rate.limit) {
        (Some(remaining), Some(limit)) => format!("rate {remaining}/{limit}"),
        _ => format!("rate {rate}"),
    };
    let style = if rate.remaining == Some(0) {
        styles.warn
    } else {
        styles.text
    };
    Some(vec![Span::styled(text, style)])
}

fn id_segment(state: &State, styles: &Styles) -> Option<Segment> {
    let id = state.last_exchange()?.debug_id.as_deref()?;
    let id = clean(id);
    let shown = if id.chars().count() > DEBUG_ID_MAX {
        let head: String = id.chars().take(DEBUG_ID_MAX).collect();
        format!("{head}{}", styles.glyphs.cut)
    } else {
        id.into_owned()
    };
    Some(vec![
        Span::styled("id ", styles.muted),
        Span::styled(shown, styles.text),
    ])
}

/// A path cut to `budget` columns: first without its query (`/api/products…`), then from the
/// left, since the end of a path names the resource (`…/products/12`).
fn fit_path(path: &str, budget: usize, cut: &str) -> String {
    if width(path) <= budget {
        return path.to_string();
    }
    let route = match path.split_once('?') {
        Some((route, _)) => {
            let short = format!("{route}{cut}");
            if width(&short) <= budget {
                return short;
            }
            route
        }
        None => path,
    };
    let mut tail: Vec<char> = Vec::new();
    let mut used = 1;
    for c in route.chars().rev() {
        let w = width(&c.to_string());
        if used + w > budget {
            break;
        }
        used += w;
        tail.push(c);
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{cut}{tail}")
}
