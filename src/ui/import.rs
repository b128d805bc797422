//! The import report: what `:import` staged, what it left unchanged, and every row it could
//! not use with its line number.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup;
use super::text::truncate;
use crate::app::import::ImportReport;
use crate::sanitize::clean;
use crate::theme::Styles;
use crate::wording::count;

const WIDTH: u16 = 78;
const KEYS: [(&str, &str); 3] = [("b", "basket"), ("j/k", "scroll"), ("Esc", "close")];
/// The counts, the reminder that nothing is sent, and a blank line.
const HEADER_ROWS: u16 = 3;
/// The popup's border, and the hints line and status bar under it, when the report fills the screen.
const CHROME_ROWS: u16 = 4;

/// How many lines of the report's body fit on a screen this size.
pub fn rows(_width: u16, height: u16) -> usize {
    usize::from(height.saturating_sub(CHROME_ROWS + HEADER_ROWS))
}

pub fn draw(frame: &mut Frame, screen: Rect, report: &ImportReport, styles: &Styles) {
    let main = popup::main_area(screen);
    let content = u16::try_from(report.body_len()).unwrap_or(u16::MAX);
    let height = content.saturating_add(HEADER_ROWS + 2).min(main.height);
    let area = popup::centered(main, WIDTH, height);
    let title = format!(" Import {} {} ", styles.glyphs.dot, clean(&report.path));
    let inner = popup::frame(frame, area, &title, &KEYS, styles);
    let columns = usize::from(inner.width);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} staged", report.staged), styles.ok),
            Span::styled(format!(" {} ", styles.glyphs.dot), styles.muted),
            Span::styled(format!("{} unchanged", report.unchanged), styles.text),
            Span::styled(format!(" {} ", styles.glyphs.dot), styles.muted),
            Span::styled(
                count(report.problems.len(), "problem", "problems"),
                if report.problems.is_empty() {
                    styles.text
                } else {
                    styles.warn
                },
            ),
        ]),
        Line::styled(
            truncate(
                &format!(
                    "Nothing is sent yet: b opens the basket, old {} new and its requests",
                    styles.glyphs.arrow
                ),
                columns,
            ),
            styles.muted,
        ),
        Line::default(),
    ];
    let shown = rows(screen.width, screen.height);
    lines.extend(
        (report.scroll..report.scroll + shown)
            .map_while(|at| body_line(report, at, columns, styles)),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The body's line `at`: a section's heading, one of its rows, or the blank line after it.
/// Built only for the lines on screen: a report can hold a row for every product.
fn body_line(
    report: &ImportReport,
    at: usize,
    columns: usize,
    styles: &Styles,
) -> Option<Line<'static>> {
    let sections = [
        ("Not staged", report.problems.len(), styles.warn),
        ("Staged", report.changes.len(), styles.text),
    ];
    let mut at = at;
    for (index, (heading, len, style)) in sections.into_iter().enumerate() {
        if len == 0 {
            continue;
        }
        if at == 0 {
            return Some(Line::styled(heading, styles.header));
        }
        if at <= len {
            let (line, text) = if index == 0 {
                report.problems.get(at - 1).map(|(l, t)| (*l, t.as_str()))?
            } else {
                report.changes.get(at - 1).map(|(l, t)| (*l, t.as_str()))?
            };
            let text = truncate(&format!("line {line:<5} {}", clean(text)), columns);
            return Some(Line::styled(text, style));
        }
        if at == len + 1 {
            return Some(Line::default());
        }
        at -= len + 2;
    }
    None
}
