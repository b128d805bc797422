//! The request ledger: every exchange of the run, newest first, filtered, one row each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph};

use crate::app::state::{Inspector, State};
use crate::catalog::exchange::Exchange;
use crate::sanitize::clean;
use crate::theme::Styles;

use crate::inspect::body::form;

use super::ledger_row::{Columns, header, operation_text, row};
use super::list::window;

/// Whether every whitespace-separated word of `filter` appears, ignoring case, in the
/// exchange's operation (method, path, Valigara's action), HTTP status, platform status,
/// transport error, debug id, profile, or either body (a form body decoded).
pub fn ledger_matches(exchange: &Exchange, filter: &str) -> bool {
    let mut words = filter.split_whitespace().peekable();
    if words.peek().is_none() {
        return true;
    }
    let status = exchange.status.map(|s| s.to_string()).unwrap_or_default();
    let fields = [
        operation_text(exchange),
        status,
        exchange.platform_status.clone().unwrap_or_default(),
        exchange.error.clone().unwrap_or_default(),
        exchange.debug_id.clone().unwrap_or_default(),
        exchange.profile.clone().unwrap_or_default(),
    ]
    .map(|field| field.to_lowercase());
    let mut request: Option<String> = None;
    words.all(|word| {
        let word = word.to_lowercase();
        fields.iter().any(|field| field.contains(&word))
            || request
                .get_or_insert_with(|| request_text(exchange))
                .contains(&word)
            || contains_ignoring_case(&exchange.response_body, &word)
    })
}

/// The request body as searched: a form decoded (`data=%7B…` reads `data={…`), lowercase.
fn request_text(exchange: &Exchange) -> String {
    let Some(body) = exchange.request_body.as_deref() else {
        return String::new();
    };
    let content_type = exchange
        .request_headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.as_str());
    match form::fields(body, content_type) {
        Some(fields) => fields
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&")
            .to_lowercase(),
        None => String::from_utf8_lossy(body).to_lowercase(),
    }
}

/// Whether `haystack` holds `needle` (already lowercase), ASCII letters compared without
/// case; no copy of a large body is made.
fn contains_ignoring_case(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return true;
    }
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

/// The ledger as the inspector shows it: newest first, only what its filter lets through.
/// `Inspector::selected` indexes this list.
pub fn filtered(state: &State) -> Vec<&Exchange> {
    let filter = state.inspector().map_or("", |i| i.filter.as_str());
    state
        .ledger
        .iter()
        .filter(|exchange| ledger_matches(exchange, filter))
        .collect()
}

/// How many exchange rows the ledger shows on a terminal of this size: the screen less the
/// hints line and the status bar, the two borders and the header.
pub fn ledger_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(2 + 2 + 1))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, inspector: &Inspector, styles: &Styles) {
    let shown = filtered(state);
    let mut block = super::bordered(styles)
        .border_style(styles.border_focused)
        .title_top(title(shown.len(), &inspector.filter, styles));
    if !shown.is_empty() {
        let position = format!(
            " {}/{} ",
            inspector.selected.min(shown.len() - 1) + 1,
            shown.len()
        );
        block = block.title_bottom(Line::styled(position, styles.muted).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if shown.is_empty() {
        let notice = if state.ledger.is_empty() {
            Line::styled("No requests yet.", styles.muted)
        } else {
            Line::styled(
                format!("No request matches \"{}\"", clean(&inspector.filter)),
                styles.text,
            )
        };
        let paragraph = Paragraph::new(notice).block(Block::new().padding(Padding::horizontal(1)));
        frame.render_widget(paragraph, inner);
        return;
    }

    let rows = usize::from(inner.height.saturating_sub(1));
    let (start, end) = window(inspector.offset, inspector.selected, rows, shown.len());
    let visible = &shown[start..end];
    let columns = Columns::fit(
        visible,
        usize::from(inner.width).saturating_sub(1),
        several_profiles(state),
    );
    let mut lines = Vec::with_capacity(visible.len() + 1);
    lines.push(header(&columns, styles));
    for (index, exchange) in (start..).zip(visible) {
        let selected = index == inspector.selected.min(shown.len() - 1);
        lines.push(row(exchange, &columns, selected, styles));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Whether the ledger holds more than one profile's exchanges.
fn several_profiles(state: &State) -> bool {
    let mut names = state.ledger.iter().filter_map(|e| e.profile.as_deref());
    names
        .next()
        .is_some_and(|first| names.any(|name| name != first))
}

fn title(count: usize, filter: &str, styles: &Styles) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(" Requests {} {count} ", styles.glyphs.dot),
        styles.title,
    )];
    if !filter.is_empty() {
        spans.push(Span::styled(
            format!(" filter: {} ", clean(filter)),
            styles.accent,
        ));
    }
    Line::from(spans)
}

/// The style an HTTP status reads in: 2xx ok, 4xx warn, 5xx and no answer error.
pub fn status_style(status: Option<u16>, styles: &Styles) -> Style {
    match status {
        Some(200..=299) => styles.ok,
        Some(400..=499) => styles.warn,
        Some(500..=599) | None => styles.error,
        Some(_) => styles.text,
    }
}

/// `812 B`, `14.2 KB`, `5.1 MB` (powers of 1024).
pub fn human_size(bytes: usize) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_in_the_nearest_unit() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(14_540), "14.2 KB");
        assert_eq!(human_size(5_347_738), "5.1 MB");
    }
}
