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
    let title = format!(" Import · {} ", clean(&report.path));
    let inner = popup::frame(frame, area, &title, &KEYS, styles);
    let columns = usize::from(inner.width);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} staged", report.staged), styles.ok),
            Span::styled(" · ", styles.muted),
            Span::styled(format!("{} unchanged", report.unchanged), styles.text),
            Span::styled(" · ", styles.muted),
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
                "Nothing is sent yet: b opens the basket, old → new and its requests",
                columns,
            ),
            styles.muted,
        ),
        Line::default(),
    ];
    let mut body: Vec<Line> = Vec::new();
    let numbered = |line: usize, text: &str| truncate(&format!("line {line:<5} {text}"), columns);
    if !report.problems.is_empty() {
        body.push(Line::styled("Not staged", styles.header));
        body.extend(
            report
                .problems
                .iter()
                .map(|p| Line::styled(numbered(p.line, &clean(&p.text)), styles.warn)),
        );
        body.push(Line::default());
    }
    if !report.changes.is_empty() {
        body.push(Line::styled("Staged", styles.header));
        body.extend(
            report
                .changes
                .iter()
                .map(|(line, text)| Line::styled(numbered(*line, &clean(text)), styles.text)),
        );
        body.push(Line::default());
    }
    let shown = rows(screen.width, screen.height);
    lines.extend(body.into_iter().skip(report.scroll).take(shown));
    frame.render_widget(Paragraph::new(lines), inner);
}
