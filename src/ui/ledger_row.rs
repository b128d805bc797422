//! One ledger row: its columns fitted to the width, least important dropped first.

use std::time::{SystemTime, UNIX_EPOCH};

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::catalog::exchange::Exchange;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::ledger::{human_size, status_style};
use crate::inspect::body::form;

use super::text::{fit_left, fit_right, truncate, truncate_middle, width};

const NO_MARKER: &str = "  ";
const GAP: &str = "  ";
const TIME: usize = 12;
const HTTP: usize = 4;
/// Below this the operation column gives way: optional columns are dropped to keep it readable.
const OPERATION_MIN: usize = 34;
const DEBUG_ID_MAX: usize = 13;
const DEBUG_ID_MIN: usize = 9;
const PROFILE_MAX: usize = 14;

/// One of the optional columns' widths.
type ColumnOf = fn(&mut Columns) -> &mut usize;

/// Column widths for the rows in view; 0 for a column left out. The operation takes what is left.
pub struct Columns {
    profile: usize,
    operation: usize,
    platform: usize,
    latency: usize,
    size: usize,
    debug_id: usize,
    rate: usize,
}

impl Columns {
    /// `profiles`: whether the ledger holds more than one profile's exchanges.
    pub fn fit(visible: &[&Exchange], total: usize, profiles: bool) -> Columns {
        let widest = |min: usize, max: usize, text: &dyn Fn(&Exchange) -> String| {
            visible
                .iter()
                .map(|e| width(&text(e)))
                .fold(min, usize::max)
                .min(max)
        };
        let mut columns = Columns {
            profile: if profiles {
                widest(7, PROFILE_MAX, &profile_text)
            } else {
                0
            },
            operation: 0,
            platform: widest(8, 12, &|e| platform_text(e)),
            latency: widest(7, 10, &latency_text),
            size: widest(4, 9, &size_text),
            debug_id: widest(8, DEBUG_ID_MAX, &|e| debug_id_text(e)),
            rate: widest(4, 9, &rate_text),
        };
        // Least important first; the debug id is shortened before it goes.
        let narrower: [(ColumnOf, usize); 5] = [
            (|c| &mut c.rate, 0),
            (|c| &mut c.platform, 0),
            (|c| &mut c.size, 0),
            (|c| &mut c.debug_id, DEBUG_ID_MIN),
            (|c| &mut c.debug_id, 0),
        ];
        for (column, to) in narrower {
            if total.saturating_sub(columns.fixed()) >= OPERATION_MIN {
                break;
            }
            let column = column(&mut columns);
            *column = (*column).min(to);
        }
        columns.operation = total.saturating_sub(columns.fixed()).max(1);
        columns
    }

    /// Everything but the operation, gaps included.
    fn fixed(&self) -> usize {
        let optional = [
            self.profile,
            self.platform,
            self.size,
            self.debug_id,
            self.rate,
        ];
        let shown = optional.iter().filter(|w| **w > 0);
        width(NO_MARKER)
            + TIME
            + HTTP
            + self.latency
            + shown.clone().sum::<usize>()
            + width(GAP) * (3 + shown.count())
    }
}

pub fn header(columns: &Columns, styles: &Styles) -> Line<'static> {
    let cells = [
        fit_left("Time", TIME),
        fit_left("Profile", columns.profile),
        fit_left("Operation", columns.operation),
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
    let mut cells: Vec<Vec<(String, Style)>> = Vec::new();
    if columns.profile > 0 {
        cells.push(one(
            fit_left(
                &truncate_middle(&profile_text(exchange), columns.profile),
                columns.profile,
            ),
            styles.muted,
        ));
    }
    cells.push(operation_cell(exchange, columns.operation, styles));
    cells.push(one(
        fit_left(&status, HTTP),
        status_style(exchange.status, styles),
    ));
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
            truncate_middle(&debug_id_text(exchange), columns.debug_id),
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

/// What the request did: Valigara's `action` from its form (every request goes to one
/// endpoint), else the method and the path.
pub fn operation_text(exchange: &Exchange) -> String {
    let method = clean(&exchange.method);
    match form_action(exchange) {
        Some(action) => format!("{method} {}", clean(&action)),
        None => format!("{method} {}", clean(&exchange.path)),
    }
}

/// The `action` field of a form request body.
pub fn form_action(exchange: &Exchange) -> Option<String> {
    let body = exchange.request_body.as_deref()?;
    let content_type = exchange
        .request_headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.as_str());
    form::field(body, content_type, "action")
}

/// The operation shortened in the middle (its start says what, its end which resource); a
/// transport error follows it in the error style, taking up to two thirds of the column.
fn operation_cell(exchange: &Exchange, columns: usize, styles: &Styles) -> Vec<(String, Style)> {
    let operation = operation_text(exchange);
    let Some(error) = exchange.error.as_deref() else {
        return vec![(fit_left(&elide(&operation, columns), columns), styles.text)];
    };
    let error = truncate(&styles.glyphs.text(&clean(error)), columns * 2 / 3);
    let operation = elide(&operation, columns.saturating_sub(width(&error) + 1));
    let rest = columns.saturating_sub(width(&operation) + 1);
    vec![
        (format!("{operation} "), styles.text),
        (fit_left(&error, rest), styles.error),
    ]
}

/// Shortened in the middle, keeping two thirds for the start: the method, the resource and
/// the first parameters, then the end.
pub fn elide(text: &str, max: usize) -> String {
    if width(text) <= max || max < 6 {
        return truncate_middle(text, max);
    }
    let tail = (max - 1) / 3;
    let head = truncate(text, max - tail);
    let end: String = text
        .chars()
        .rev()
        .take(tail)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}{end}")
}

fn profile_text(exchange: &Exchange) -> String {
    exchange
        .profile
        .as_deref()
        .map(|p| clean(p).into_owned())
        .unwrap_or_default()
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

/// The debug id, whole (the column shortens it in the middle).
pub fn debug_id_text(exchange: &Exchange) -> String {
    exchange
        .debug_id
        .as_deref()
        .map(|id| clean(id).into_owned())
        .unwrap_or_default()
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
