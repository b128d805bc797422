//! What the popups share: where they go, their frame, and a safe copy of a text input to draw.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding};
use tui_textarea::{CursorMove, TextArea};

use crate::sanitize::clean;
use crate::theme::Styles;

use super::text::{truncate, width};

/// The screen above the hints line and the status bar, which stay visible under a popup.
pub fn main_area(screen: Rect) -> Rect {
    Rect {
        height: screen.height.saturating_sub(2),
        ..screen
    }
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered_horizontally(Constraint::Length(width.min(area.width)))
        .centered_vertically(Constraint::Length(height.min(area.height)))
}

/// Clears `area` and draws a bordered frame with a title and key hints on its bottom border;
/// returns the space inside.
pub fn frame(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    keys: &[(&str, &str)],
    styles: &Styles,
) -> Rect {
    let room = usize::from(area.width).saturating_sub(4);
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .style(styles.base)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(truncate(title, room), styles.title))
        .title_bottom(keys_line(keys, room, styles).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

/// ` key what  key what `, leaving out pairs from the end until it fits in `room`.
pub fn keys_line(keys: &[(&str, &str)], room: usize, styles: &Styles) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 2;
    for (index, (key, what)) in keys.iter().enumerate() {
        // Keys are written with Unicode arrows; the styles' glyphs draw them.
        let (key, what) = (styles.glyphs.text(key), styles.glyphs.text(what));
        let gap = if index > 0 { 2 } else { 0 };
        let pair = gap + width(&key) + 1 + width(&what);
        if used + pair > room {
            break;
        }
        used += pair;
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, styles.key));
        spans.push(Span::styled(format!(" {what}"), styles.muted));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// A copy of a text input that is safe to draw: control and bidi characters shown as escapes,
/// the cursor still on the same character.
pub fn safe_input(input: &TextArea<'static>) -> TextArea<'static> {
    let lines = input.lines();
    if lines
        .iter()
        .all(|line| matches!(clean(line), Cow::Borrowed(_)))
    {
        return input.clone();
    }
    let cursor = input.cursor();
    let col: usize = lines.get(cursor.0).map_or(0, |line| {
        line.chars()
            .take(cursor.1)
            .map(|c| clean(c.encode_utf8(&mut [0; 4])).chars().count())
            .sum()
    });
    let mut copy = TextArea::new(lines.iter().map(|l| clean(l).into_owned()).collect());
    let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    copy.move_cursor(CursorMove::Jump(at(cursor.0), at(col)));
    copy
}
