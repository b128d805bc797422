//! One ledger row: its columns fitted to the width, least important dropped first.

use std::time::{SystemTime, UNIX_EPOCH};

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::catalog::exchange::Exchange;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::ledger::{human_size, status_style};
use super::text::{fit_left, fit_right, keep_end, truncate, width};

const NO_MARKER: &str = "  ";
const GAP: &str = "  ";
const TIME: usize = 12;
const METHOD: usize = 6;
const HTTP: usize = 4;
/// Below this the path column gives way: optional columns are dropped to keep it readable.
const PATH_MIN: usize = 24;
const DEBUG_ID_MAX: usize = 12;

/// Column widths for the rows in view; 0 for a column left out. The path takes what is left.
pub struct Columns {
    path: usize,
    platform: usize,
    latency: usize,
    size: usize,
    debug_id: usize,
    rate: usize,
}

impl Columns {
    pub fn fit(visible: &[&Exchange], total: usize) -> Columns {
        let widest = |min: usize, max: usize, text: &dyn Fn(&Exchange) -> String| {
            visible
                .iter()
                .map(|e| width(&text(e)))
                .fold(min, usize::max)
                .min(max)
        };
        let mut columns = Columns {
            path: 0,
            platform: widest(8, 12, &|e| platform_text(e)),
            latency: widest(7, 10, &latency_text),
            size: widest(4, 9, &size_text),
            debug_id: widest(8, DEBUG_ID_MAX + 1, &debug_id_text),
            rate: widest(4, 9, &rate_text),
        };
        // Least important first.
        let optional: [fn(&mut Columns) -> &mut usize; 4] = [
            |c| &mut c.rate,
            |c| &mut c.platform,
            |c| &mut c.debug_id,
            |c| &mut c.size,
        ];
        for drop in optional {
            if total.saturating_sub(columns.fixed()) >= PATH_MIN {
                break;
            }
            *drop(&mut columns) = 0;
        }
        columns.path = total.saturating_sub(columns.fixed()).max(1);
        columns
    }

    /// Everything but the path, gaps included.
    fn fixed(&self) -> usize {
        let optional = [self.platform, self.size, self.debug_id, self.rate];
        let shown = optional.iter().filter(|w| **w > 0);
        width(NO_MARKER)
            + TIME
            + METHOD
            + HTTP
            + self.latency
            + shown.clone().sum::<usize>()
            + width(GAP) * (4 + shown.count())
    }
}

pub fn header(columns: &Columns, styles: &Styles) -> Line<'static> {
    let cells = [
        fit_left("Time", TIME),
        fit_left("Method", METHOD),
        fit_left("Path", columns.path),
        fit_left("HTTP", HTTP),
        fit_left("Platform", columns.platform),
        fit_right("Latency", columns.latency),
        fit_right("Size", columns.size),
        fit_left("Debug id", columns.debug_id),
        fit_left("Rate", columns.rate),
    ];
    let shown: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .filter(|cell| !cell.is_empty())
        .collect();
    Line::styled(format!("{NO_MARKER}{}", shown.join(GAP)), styles.header)
}

pub fn row(
    exchange: &Exchange,
    columns: &Columns,
    selected: bool,
    styles: &Styles,
) -> Line<'static> {
    let status = exchange
        .status
        .map_or_else(|| styles.glyphs.dash.to_string(), |s| s.to_string());
    let one = |text: String, style: Style| vec![(text, style)];
    let mut cells: Vec<Vec<(String, Style)>> = vec![
        one(fit_left(&clean(&exchange.method), METHOD), styles.text),
        path_cell(exchange, columns.path, styles),
        one(
            fit_left(&status, HTTP),
            status_style(exchange.status, styles),
        ),
    ];
    let optional = [
        (
            columns.platform,
            platform_text(exchange),
            false,
            styles.text,
        ),
        (columns.latency, latency_text(exchange), true, styles.text),
        (columns.size, size_text(exchange), true, styles.text),
        (
            columns.debug_id,
            debug_id_text(exchange),
            false,
            styles.muted,
        ),
        (
            columns.rate,
            rate_text(exchange),
            false,
            rate_style(exchange, styles),
        ),
    ];
    for (columns, text, right, style) in optional {
        if columns > 0 {
            let text = if right {
                fit_right(&text, columns)
            } else {
                fit_left(&text, columns)
            };
            cells.push(one(text, style));
        }
    }
    let marker = if selected {
        format!("{} ", styles.glyphs.marker)
    } else {
        NO_MARKER.to_owned()
    };
    let mut spans = vec![
        Span::styled(marker, styles.accent),
        Span::styled(time_text(exchange.started_at), styles.muted),
    ];
    for cell in cells {
        spans.push(Span::raw(GAP));
        spans.extend(
            cell.into_iter()
                .map(|(text, style)| Span::styled(text, style)),
        );
    }
    if selected {
        // The selection style alone decides colours on the selected row, as in the product list.
        let plain = spans.into_iter().map(|span| span.style(Style::new()));
        Line::from(plain.collect::<Vec<_>>()).style(styles.selection)
    } else {
        Line::from(spans)
    }
}

/// The path cut from the left (its end names the resource); a transport error follows it
/// in the error style, taking up to two thirds of the column.
fn path_cell(exchange: &Exchange, columns: usize, styles: &Styles) -> Vec<(String, Style)> {
    let path = clean(&exchange.path);
    let Some(error) = exchange.error.as_deref() else {
        return vec![(fit_left(&keep_end(&path, columns), columns), styles.text)];
    };
    let error = truncate(&styles.glyphs.text(&clean(error)), columns * 2 / 3);
    let path = keep_end(&path, columns.saturating_sub(width(&error) + 1));
    let rest = columns.saturating_sub(width(&path) + 1);
    vec![
        (format!("{path} "), styles.text),
        (fit_left(&error, rest), styles.error),
    ]
}

/// `HH:MM:SS.mmm`, UTC.
pub fn time_text(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs() % 86_400;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        seconds / 3_600,
        seconds % 3_600 / 60,
        seconds % 60,
        since.subsec_millis()
    )
}

fn platform_text(exchange: &Exchange) -> String {
    exchange
        .platform_status
        .as_deref()
        .map(|s| clean(s).into_owned())
        .unwrap_or_default()
}

fn latency_text(exchange: &Exchange) -> String {
    format!("{} ms", exchange.latency.as_millis())
}

fn size_text(exchange: &Exchange) -> String {
    if exchange.status.is_none() {
        return String::new();
    }
    human_size(exchange.response_body.len())
}

/// The debug id, its first characters and the cut mark (`…`) when long.
pub fn debug_id_text(exchange: &Exchange) -> String {
    let Some(id) = exchange.debug_id.as_deref() else {
        return String::new();
    };
    let id = clean(id);
    if id.chars().count() > DEBUG_ID_MAX {
        let head: String = id.chars().take(DEBUG_ID_MAX).collect();
        format!("{head}{}", super::text::cut_mark())
    } else {
        id.into_owned()
    }
}

fn rate_text(exchange: &Exchange) -> String {
    match exchange.rate_limit {
        Some(rate) => match (rate.remaining, rate.limit) {
            (Some(remaining), Some(limit)) => format!("{remaining}/{limit}"),
            _ => rate.to_string(),
        },
        None => String::new(),
    }
}

fn rate_style(exchange: &Exchange, styles: &Styles) -> Style {
    match exchange.rate_limit {
        Some(rate) if rate.remaining == Some(0) => styles.warn,
        _ => styles.text,
    }
}
