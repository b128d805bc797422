//! The help overlay: every key, editing included, the search syntax and the log file, in a centred popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};

use crate::app::state::State;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::hints::SEARCH_SYNTAX;
use super::popup;
use super::text::{fit_left, truncate_middle, width};

const KEYS: [(&str, &str); 22] = [
    ("j k  ↓ ↑", "move / scroll"),
    ("g G  { }", "first / last row"),
    ("Ctrl-d Ctrl-u", "half screen down/up"),
    ("] [  PgDn PgUp", "screen down / up"),
    ("Enter", "open detail"),
    ("Esc", "back / clear filter"),
    ("Esc (loading)", "stop loading"),
    ("Tab", "switch pane"),
    ("/", "filter as you type"),
    ("s S", "sort / reverse sort"),
    ("r", "reload the catalog"),
    ("+ -  5+ 5-", "stock ±1 / ±count"),
    ("=", "set stock"),
    ("w", "stock in a warehouse"),
    ("e E", "edit / edit raw JSON"),
    ("n X", "new / delete product"),
    ("b  :w", "basket, send"),
    ("u", "undo last sent"),
    (":import FILE", "stock CSV to basket"),
    ("M  A", "mark sold / listings"),
    ("P  ?", "next profile / help"),
    ("q  Ctrl-c", "quit"),
];

const KEY_WIDTH: usize = 15;
const ENTRY_WIDTH: usize = KEY_WIDTH + 20;
const GAP: usize = 3;
const SEARCH_LABEL: &str = "Search   ";
const INSPECT_LABEL: &str = "Inspect  ";

/// The inspector's keys, each a key and what it does; the copy choices follow `y`.
const INSPECT: [&[&str]; 5] = [
    &["L", "request ledger"],
    &["I", "last request in full"],
    &["R", "raw response (detail pane)"],
    &[":export", "ndjson|har|products [FILE]"],
    &[
        "y", "copy", "d", "debug id", "s", "SKU", "b", "body", "c", "curl",
    ],
];

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
    lines.extend(labelled(
        INSPECT_LABEL,
        inspect_tokens(styles),
        inner_width,
        styles,
    ));
    lines.push(Line::default());
    let search = SEARCH_SYNTAX.map(|token| vec![Span::styled(token, styles.text)]);
    lines.extend(labelled(SEARCH_LABEL, search.to_vec(), inner_width, styles));
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

    // Leave the pane's borders showing, if blank lines can give the room.
    let main = popup::main_area(screen);
    let room = usize::from(main.height.saturating_sub(4));
    while lines.len() > room {
        let Some(blank) = lines.iter().rposition(|line| line.spans.is_empty()) else {
            break;
        };
        lines.remove(blank);
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup_width = u16::try_from(inner_width + 4).unwrap_or(u16::MAX);
    let area = popup::centered(main, popup_width, height);
    let block = super::bordered(styles)
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
        Span::styled(fit_left(&styles.glyphs.text(key), KEY_WIDTH), styles.key),
        Span::styled(
            fit_left(&styles.glyphs.text(description), ENTRY_WIDTH - KEY_WIDTH),
            styles.text,
        ),
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

/// Each inspector entry as spans: keys in the key style, what they do in the text style.
fn inspect_tokens(styles: &Styles) -> Vec<Vec<Span<'static>>> {
    INSPECT
        .iter()
        .map(|parts| {
            parts
                .iter()
                .enumerate()
                .map(|(index, part)| {
                    if index % 2 == 0 {
                        let gap = if index > 0 { "  " } else { "" };
                        Span::styled(format!("{gap}{part}"), styles.key)
                    } else {
                        Span::styled(format!(" {part}"), styles.text)
                    }
                })
                .collect()
        })
        .collect()
}

/// Tokens wrapped to `columns` under a label (`Search`, `Inspect`), two spaces apart.
fn labelled(
    label: &str,
    tokens: Vec<Vec<Span<'static>>>,
    columns: usize,
    styles: &Styles,
) -> Vec<Line<'static>> {
    let indent = width(label);
    let token_width = |token: &[Span]| token.iter().map(|s| width(&s.content)).sum::<usize>();
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for token in tokens {
        let size = token_width(&token);
        if !current.is_empty() && indent + used + 2 + size > columns {
            lines.push(std::mem::take(&mut current));
            used = 0;
        }
        if !current.is_empty() {
            current.push(Span::raw("  "));
            used += 2;
        }
        current.extend(token);
        used += size;
    }
    lines.push(current);
    lines
        .into_iter()
        .enumerate()
        .map(|(index, spans)| {
            let label = if index == 0 {
                label.to_string()
            } else {
                " ".repeat(indent)
            };
            let mut line = vec![Span::styled(label, styles.key)];
            line.extend(spans);
            Line::from(line)
        })
        .collect()
}
