//! The basket view: every staged item, old → new, conflicts and the exact requests, in a large popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::state::{BasketView, Batch, State};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::basket_lines::item_lines;
use super::popup;
use super::text::{keep_end, width, wrap};
use crate::wording::count;

const KEYS: [(&str, &str); 5] = [
    ("y", "send"),
    ("x", "drop"),
    ("a/o", "resolve"),
    ("j/k", "move"),
    ("Esc", "close"),
];
/// While a batch is on its way, Esc asks to stop it rather than closing the basket.
const SENDING_KEYS: [(&str, &str); 3] =
    [("j/k", "move"), ("Esc/c", "stop sending"), ("b", "close")];
const EMPTY: &str = "Nothing staged. Use + - = in the list, e to edit, n for a new product.";
const BAR_MAX: usize = 30;
const JOURNAL_LINES: usize = 2;

pub fn draw(frame: &mut Frame, screen: Rect, state: &State, view: &BasketView, styles: &Styles) {
    let main = popup::main_area(screen);
    let area = main;
    let basket = &state.session.basket;
    let title = format!(
        " Basket {dot} {} {dot} {} ",
        count(basket.len(), "change", "changes"),
        count(basket.writes(), "write", "writes"),
        dot = styles.glyphs.dot,
    );
    let keys: &[(&str, &str)] = if state.session.sending.is_some() {
        &SENDING_KEYS
    } else {
        &KEYS
    };
    let inner = popup::frame(frame, area, &title, keys, styles);
    let columns = usize::from(inner.width);

    let mut top: Vec<Line> = Vec::new();
    if let Some(error) = &state.session.journal_error {
        let text = format!(
            "Journal not writable: {} {} nothing will be sent",
            styles.glyphs.text(&clean(error)),
            styles.glyphs.dash
        );
        let mut lines = wrap(&text, columns);
        if lines.len() > JOURNAL_LINES {
            // A cut message keeps its end: that nothing will be sent matters most.
            lines.truncate(JOURNAL_LINES - 1);
            lines.push(keep_end(&text, columns));
        }
        top.extend(
            lines
                .into_iter()
                .map(|line| Line::styled(line, styles.error)),
        );
    }
    let bottom: Vec<Line> = state
        .session
        .sending
        .iter()
        .map(|batch| progress(batch, columns, styles))
        .collect();
    let [top_rows, bottom_rows] = [top.len(), bottom.len()].map(|n| u16::try_from(n).unwrap_or(0));
    let list = Rect {
        y: inner.y + top_rows,
        height: inner.height.saturating_sub(top_rows + bottom_rows),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(top),
        Rect {
            height: top_rows,
            ..inner
        },
    );
    frame.render_widget(
        Paragraph::new(bottom),
        Rect {
            y: list.bottom(),
            height: bottom_rows,
            ..inner
        },
    );

    if basket.is_empty() {
        let empty = Paragraph::new(Line::styled(EMPTY, styles.muted)).wrap(Wrap { trim: true });
        frame.render_widget(empty, list);
        return;
    }
    let selected = view.selected.min(basket.len() - 1);
    let mut lines = Vec::new();
    let mut chosen = (0, 0);
    for (index, item) in basket.items.iter().enumerate() {
        if index > 0 {
            lines.push(Line::default());
        }
        let plan = view
            .plans
            .iter()
            .find(|(id, _)| *id == item.id)
            .map(|(_, plan)| plan);
        let start = lines.len();
        lines.extend(item_lines(item, plan, index == selected, columns, styles));
        if index == selected {
            chosen = (start, lines.len());
        }
    }
    let rows = usize::from(list.height);
    let scroll = scroll(view.scroll, chosen, lines.len(), rows);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), list);
    if basket.len() > 1 {
        let position = format!(" {}/{} ", selected + 1, basket.len());
        let span = u16::try_from(width(&position)).unwrap_or(0);
        let x = area.right().saturating_sub(span + 2);
        let corner = Rect::new(x, area.y, span, 1).intersection(area);
        frame.render_widget(Paragraph::new(Line::styled(position, styles.muted)), corner);
    }
}

/// The app's offset, clamped to the content and moved just enough to show the selected item
/// (its header first, when the item is taller than the view).
fn scroll(offset: usize, (start, end): (usize, usize), total: usize, rows: usize) -> usize {
    let mut scroll = offset.min(total.saturating_sub(rows));
    if end > scroll + rows {
        scroll = end.saturating_sub(rows);
    }
    if start < scroll {
        scroll = start;
    }
    scroll
}

/// `sending 3/7 · 2 sent · 1 failed  ████░░░░`
fn progress(batch: &Batch, columns: usize, styles: &Styles) -> Line<'static> {
    let total = batch.items.len();
    let dot = styles.glyphs.dot;
    let mut text = format!("sending {}/{total} {dot} {} sent", batch.done, batch.sent);
    if batch.failed > 0 {
        text.push_str(&format!(" {dot} {} failed", batch.failed));
    }
    let bar = columns.saturating_sub(width(&text) + 2).min(BAR_MAX);
    let filled = (bar * batch.done.min(total))
        .checked_div(total)
        .unwrap_or(0);
    let style = if batch.failed > 0 {
        styles.warn
    } else {
        styles.accent
    };
    Line::from(vec![
        Span::styled(text, style),
        Span::raw("  "),
        Span::styled(styles.glyphs.bar_done.repeat(filled), styles.accent),
        Span::styled(styles.glyphs.bar_todo.repeat(bar - filled), styles.muted),
    ])
}

#[cfg(test)]
mod tests {
    use super::scroll;

    #[test]
    fn scroll_keeps_the_selected_item_in_view() {
        assert_eq!(scroll(0, (0, 4), 40, 10), 0);
        assert_eq!(scroll(0, (20, 24), 40, 10), 14);
        assert_eq!(scroll(30, (5, 8), 40, 10), 5);
        assert_eq!(scroll(99, (0, 3), 12, 10), 0);
        assert_eq!(scroll(0, (10, 30), 40, 10), 10);
    }
}
