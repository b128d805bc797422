//! The text of an exchange's section: a summary, the headers, then the body, one line at a time.

use ratatui::text::{Line, Span};

use crate::app::state::{BodySearch, OpenExchange, Section};
use crate::catalog::exchange::Exchange;
use crate::inspect::body::{BodyKind, FormattedBody};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::body_line::{Mark, body_line};
use super::ledger::{human_size, status_style};
use super::text::truncate;

/// A section ready to draw: its few head lines built, its body lines only on demand.
pub struct SectionText<'a> {
    head: Vec<Line<'static>>,
    body: Body<'a>,
    search: Option<&'a BodySearch>,
}

enum Body<'a> {
    /// `Formatting…` or `(empty body)`.
    Notice(&'static str),
    Formatted(&'a FormattedBody),
}

impl<'a> SectionText<'a> {
    pub fn new(exchange: &Exchange, open: &'a OpenExchange, styles: &Styles) -> SectionText<'a> {
        let (head, raw_empty, formatted) = match open.section {
            Section::Response => (
                response_head(exchange, styles),
                exchange.response_body.is_empty(),
                open.response_body.as_deref(),
            ),
            Section::Request => (
                request_head(exchange, styles),
                exchange.request_body.as_ref().is_none_or(|b| b.is_empty()),
                open.request_body.as_deref(),
            ),
        };
        let body = match formatted {
            Some(body) => Body::Formatted(body),
            None if raw_empty => Body::Notice("(empty body)"),
            None => Body::Notice("Formatting…"),
        };
        SectionText {
            head,
            body,
            search: open.search.as_ref(),
        }
    }

    /// How many lines the section has: what `OpenExchange::scroll` counts.
    pub fn len(&self) -> usize {
        self.head.len() + self.note_lines() + self.body_lines()
    }

    fn note_lines(&self) -> usize {
        match self.body {
            Body::Formatted(body) => usize::from(body.note.is_some()),
            Body::Notice(_) => 0,
        }
    }

    /// Whether a body line among `range` is wider than `columns`: ← → then scroll it.
    pub fn any_wider(&self, range: std::ops::Range<usize>, columns: usize) -> bool {
        let Body::Formatted(body) = self.body else {
            return false;
        };
        let start = self.head.len() + self.note_lines();
        let lines = range.start.saturating_sub(start)..range.end.saturating_sub(start);
        body.lines
            .get(lines)
            .unwrap_or_default()
            .iter()
            .any(|line| line.len() > columns && super::text::width(line) > columns)
    }

    fn body_lines(&self) -> usize {
        match self.body {
            Body::Formatted(body) if body.kind != BodyKind::Empty => body.lines.len().max(1),
            _ => 1,
        }
    }

    /// Lines `range` of the section, each cut to `columns`, body lines scrolled right by
    /// `shift` columns; body lines are highlighted and searched only here, so the cost follows
    /// the pane's height, not the body's size.
    pub fn lines(
        &self,
        range: std::ops::Range<usize>,
        (shift, columns): (usize, usize),
        styles: &Styles,
    ) -> Vec<Line<'static>> {
        let body_start = self.head.len() + self.note_lines();
        let mut lines = Vec::with_capacity(range.len());
        for index in range {
            if let Some(line) = self.head.get(index) {
                lines.push(line.clone());
                continue;
            }
            let line = match (&self.body, index.checked_sub(body_start)) {
                (Body::Formatted(body), None) => Line::styled(
                    styles
                        .glyphs
                        .text(&clean(body.note.as_deref().unwrap_or_default())),
                    styles.warn,
                ),
                (Body::Formatted(body), Some(n)) => {
                    self.body_line(body, n, (shift, columns), styles)
                }
                (Body::Notice(text), _) => Line::styled(styles.glyphs.text(text), styles.muted),
            };
            lines.push(line);
        }
        lines
    }

    fn body_line(
        &self,
        body: &FormattedBody,
        index: usize,
        view: (usize, usize),
        styles: &Styles,
    ) -> Line<'static> {
        let Some(text) = body
            .lines
            .get(index)
            .filter(|_| body.kind != BodyKind::Empty)
        else {
            return Line::styled("(empty body)", styles.muted);
        };
        let kind = Some(body.kind)
            .filter(|kind| body.highlight && matches!(kind, BodyKind::Json | BodyKind::Xml));
        let marks = self
            .search
            .map_or_else(Vec::new, |search| marks(search, index));
        body_line(text, kind, &marks, view, styles)
    }
}

/// The search's matches on one body line; the matches are in order, so this is a binary search.
fn marks(search: &BodySearch, line: usize) -> Vec<Mark> {
    let first = search.matches.partition_point(|(l, _)| *l < line);
    let length = search.query.len();
    search.matches[first..]
        .iter()
        .take_while(|(l, _)| *l == line)
        .enumerate()
        .map(|(n, (_, offset))| Mark {
            range: *offset..offset + length,
            current: first + n == search.current,
        })
        .collect()
}

fn response_head(exchange: &Exchange, styles: &Styles) -> Vec<Line<'static>> {
    let latency = format!("{} ms", exchange.latency.as_millis());
    let status = match exchange.status {
        Some(code) => Line::from(vec![
            Span::styled(format!("HTTP {code}"), status_style(Some(code), styles)),
            Span::styled(
                format!(
                    " {dot} {latency} {dot} {}",
                    human_size(exchange.response_body.len()),
                    dot = styles.glyphs.dot,
                ),
                styles.text,
            ),
        ]),
        None => Line::styled(
            format!("No answer {} {latency}", styles.glyphs.dot),
            styles.error,
        ),
    };
    let mut lines = vec![status];
    let labelled = |label: &str, value: String, style| {
        Line::from(vec![
            Span::styled(format!("{label}: "), styles.muted),
            Span::styled(value, style),
        ])
    };
    if let Some(id) = &exchange.debug_id {
        lines.push(labelled("Debug id", clean(id).into_owned(), styles.text));
    }
    if let Some(rate) = exchange.rate_limit {
        lines.push(labelled("Rate limit", rate.to_string(), styles.text));
    }
    if let Some(error) = &exchange.error {
        lines.push(labelled(
            "Error",
            styles.glyphs.text(&clean(error)),
            styles.error,
        ));
    }
    lines.push(Line::default());
    if !exchange.response_headers.is_empty() {
        lines.extend(headers(&exchange.response_headers, styles));
        lines.push(Line::default());
    }
    lines
}

fn request_head(exchange: &Exchange, styles: &Styles) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", clean(&exchange.method)), styles.title),
        Span::styled(clean(&exchange.url).into_owned(), styles.text),
    ])];
    lines.extend(headers(&exchange.request_headers, styles));
    lines.push(Line::default());
    lines
}

/// `name: value`, names muted. Values are cut generously: the pane cuts them again, this
/// only bounds the work on a hostile header.
fn headers(headers: &[(String, String)], styles: &Styles) -> Vec<Line<'static>> {
    headers
        .iter()
        .map(|(name, value)| {
            Line::from(vec![
                Span::styled(format!("{}: ", clean(name)), styles.muted),
                Span::styled(truncate(&clean(value), 1000), styles.text),
            ])
        })
        .collect()
}
