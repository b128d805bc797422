//! The help overlay: every key, editing included, the search syntax and the log file, in a centred popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use crate::app::state::State;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::hints::SEARCH_SYNTAX;
use super::popup;
use super::text::{fit_left, truncate_middle, width};

const KEYS: [(&str, &str); 23] = [
    ("j k  ↓ ↑", "move / scroll"),
    ("g G", "first / last row"),
    ("Ctrl-d Ctrl-u", "half page down / up"),
    ("] [  PgDn PgUp", "next / previous page"),
    ("} {", "last / first page"),
    ("Enter", "open detail"),
    ("Esc", "back / clear filter"),
    ("Tab", "switch pane"),
    ("/", "search"),
    ("s", "cycle sort column"),
    ("S", "reverse sort"),
    ("r", "refresh"),
    ("+ -  5+ 5-", "stock ±1 / ±count"),
    ("=", "set stock"),
    ("e", "edit product"),
    ("E", "edit raw JSON"),
    ("n", "new product"),
    ("X", "delete product"),
    ("b  :w", "basket, send"),
    ("u", "undo last sent"),
    ("P", "next profile"),
    ("?", "help"),
    ("q  Ctrl-c", "quit"),
];

const KEY_WIDTH: usize = 15;
const ENTRY_WIDTH: usize = KEY_WIDTH + 20;
const GAP: usize = 3;
const SEARCH_LABEL: &str = "Search   ";

pub fn draw(frame: &mut Frame, screen: Rect, state: &State, styles: &Styles) {
    // Borders and one column of padding on each side.
    let two_columns = usize::from(screen.width) >= 2 * ENTRY_WIDTH + GAP + 4;
    let inner_width = if two_columns {
        2 * ENTRY_WIDTH + GAP
    } else {
        ENTRY_WIDTH.min(usize::from(screen.width.saturating_sub(4)))
    };

    let mut lines = key_lines(two_columns, styles);
    lines.push(Line::default());
    lines.extend(search_lines(inner_width, styles));
    if let Some(path) = &state.log_path {
        let path = clean(&path.to_string_lossy()).into_owned();
        let label = "Log file ";
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled(label, styles.muted),
            Span::styled(
                truncate_middle(&path, inner_width.saturating_sub(width(label))),
                styles.text,
            ),
        ]));
    }

    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup_width = u16::try_from(inner_width + 4).unwrap_or(u16::MAX);
    let area = popup::centered(popup::main_area(screen), popup_width, height);
    let block = Block::bordered()
        .border_style(styles.border_focused)
        .style(styles.base)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(" Keys ", styles.title))
        .title_bottom(Line::styled(" ? or Esc closes ", styles.muted).right_aligned());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn entry(key: &str, description: &str, styles: &Styles) -> [Span<'static>; 2] {
    [
        Span::styled(fit_left(key, KEY_WIDTH), styles.key),
        Span::styled(fit_left(description, ENTRY_WIDTH - KEY_WIDTH), styles.text),
    ]
}

fn key_lines(two_columns: bool, styles: &Styles) -> Vec<Line<'static>> {
    if !two_columns {
        return KEYS
            .iter()
            .map(|(key, description)| Line::from(entry(key, description, styles).to_vec()))
            .collect();
    }
    let (left, right) = KEYS.split_at(KEYS.len().div_ceil(2));
    left.iter()
        .enumerate()
        .map(|(index, (key, description))| {
            let mut spans = entry(key, description, styles).to_vec();
            if let Some((key, description)) = right.get(index) {
                spans.push(Span::raw(" ".repeat(GAP)));
                spans.extend(entry(key, description, styles));
            }
            Line::from(spans)
        })
        .collect()
}

/// The search syntax, wrapped by token under a `Search` label.
fn search_lines(columns: usize, styles: &Styles) -> Vec<Line<'static>> {
    let indent = width(SEARCH_LABEL);
    let mut lines = Vec::new();
    let mut current = String::new();
    for token in SEARCH_SYNTAX {
        if !current.is_empty() && indent + width(&current) + 2 + width(token) > columns {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str("  ");
        }
        current.push_str(token);
    }
    lines.push(current);
    lines
        .into_iter()
        .enumerate()
        .map(|(index, text)| {
            let label = if index == 0 {
                SEARCH_LABEL.to_string()
            } else {
                " ".repeat(indent)
            };
            Line::from(vec![
                Span::styled(label, styles.key),
                Span::styled(text, styles.text),
            ])
        })
        .collect()
}
