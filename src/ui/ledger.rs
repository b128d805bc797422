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

use super::ledger_row::{Columns, header, row};
use super::list::window;

/// Whether every whitespace-separated word of `filter` appears, ignoring case, in the
/// exchange's method, path, HTTP status, platform status, transport error or debug id.
pub fn ledger_matches(exchange: &Exchange, filter: &str) -> bool {
    let mut words = filter.split_whitespace().peekable();
    if words.peek().is_none() {
        return true;
    }
    let status = exchange.status.map(|s| s.to_string()).unwrap_or_default();
    let fields = [
        exchange.method.as_str(),
        exchange.path.as_str(),
        status.as_str(),
        exchange.platform_status.as_deref().unwrap_or_default(),
        exchange.error.as_deref().unwrap_or_default(),
        exchange.debug_id.as_deref().unwrap_or_default(),
    ]
    .map(str::to_lowercase);
    words.all(|word| {
        let word = word.to_lowercase();
        fields.iter().any(|field| field.contains(&word))
    })
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
    let columns = Columns::fit(visible, usize::from(inner.width).saturating_sub(1));
    let mut lines = Vec::with_capacity(visible.len() + 1);
    lines.push(header(&columns, styles));
    for (index, exchange) in (start..).zip(visible) {
        let selected = index == inspector.selected.min(shown.len() - 1);
        lines.push(row(exchange, &columns, selected, styles));
    }
    frame.render_widget(Paragraph::new(lines), inner);
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
