//! What the catalog cache adds to the screen: the product's stock over time in the detail pane
//! (a sparkline drawn in ratatui's bar levels, so it scrolls with the pane's lines) and the
//! status bar's `cached 12 min ago` while the cached rows are not yet revalidated.

use ratatui::symbols::bar;
use ratatui::text::{Line, Span};

use crate::app::state::State;
use crate::catalog::model::ProductId;
use crate::journal::clock;
use crate::theme::Styles;

use super::text::{truncate, width};

/// The levels drawn without Unicode, lowest first.
const ASCII_LEVELS: [&str; 9] = [" ", ".", ":", "-", "=", "+", "*", "#", "@"];

/// The status bar's mark while the list shows the cache's rows: `cached 12 min ago`.
pub fn cached_mark(state: &State, styles: &Styles) -> Option<Span<'static>> {
    let text = state.session.listing.rows.cache.age(state.clock.now)?;
    Some(Span::styled(text, styles.warn))
}

/// The detail pane's lines for a product's stock over time, when the cache holds any.
pub fn lines<'a>(state: &State, id: &ProductId, columns: usize, styles: &Styles) -> Vec<Line<'a>> {
    let Some(history) = state
        .history
        .as_ref()
        .filter(|h| h.profile == state.active_profile && &h.id == id)
    else {
        return vec![];
    };
    let stocks: Vec<(u64, i64)> = history
        .points
        .iter()
        .filter_map(|point| point.stock.map(|stock| (point.at, stock)))
        .collect();
    let (Some(first), Some(last)) = (stocks.first(), stocks.last()) else {
        return vec![];
    };
    let rule = styles.glyphs.rule;
    let title = format!("{rule}{rule} Stock over time ");
    let fill = rule.repeat(columns.saturating_sub(width(&title)));
    let shown = &stocks[stocks.len().saturating_sub(columns.max(1))..];
    let ends = format!(
        "{} {} {} {} {} {} {}",
        clock::minute(first.0),
        styles.glyphs.dot,
        first.1,
        styles.glyphs.arrow,
        clock::minute(last.0),
        styles.glyphs.dot,
        last.1
    );
    vec![
        Line::default(),
        Line::styled(truncate(&(title + &fill), columns), styles.border),
        Line::styled(sparkline(shown, styles), styles.accent),
        Line::styled(truncate(&ends, columns), styles.muted),
    ]
}

/// One character a point, its height from the lowest to the highest stock shown.
fn sparkline(points: &[(u64, i64)], styles: &Styles) -> String {
    let unicode = [
        bar::ONE_EIGHTH,
        bar::ONE_EIGHTH,
        bar::ONE_QUARTER,
        bar::THREE_EIGHTHS,
        bar::HALF,
        bar::FIVE_EIGHTHS,
        bar::THREE_QUARTERS,
        bar::SEVEN_EIGHTHS,
        bar::FULL,
    ];
    let levels = if styles.glyphs == crate::theme::Glyphs::ascii() {
        ASCII_LEVELS
    } else {
        unicode
    };
    let low = points.iter().map(|p| p.1).min().unwrap_or(0);
    let high = points.iter().map(|p| p.1).max().unwrap_or(0);
    let span = (high - low).max(1) as f64;
    points
        .iter()
        .map(|&(_, stock)| {
            let level = if high == low {
                4
            } else {
                1 + ((stock - low) as f64 / span * 7.0).round() as usize
            };
            levels[level.min(8)]
        })
        .collect()
}
