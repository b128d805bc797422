//! The hints line: a prompt, else the latest message, else the keys of what has focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::app::search;
use crate::app::state::{Dialog, Editor, Focus, Layer, Load, Severity, State};
use crate::keys::{Bindings, Command};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::screen_keys::screen_keys;
use super::text::{keep_end, truncate, truncate_middle, width, wrap};
use super::{inspect_hints, prompt};

/// Draws the hints line for the top layer: what is being typed, else the latest message, else
/// the top layer's keys.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, styles: &Styles) {
    let columns = usize::from(area.width);
    let top = state.top();
    let line = if let Layer::Prompt(typed) = top {
        prompt::line(typed, columns, styles)
    } else if let Layer::Search(prompt) = top {
        prompt::search_line(prompt, search::platform_of(state), columns, styles)
    } else if let Layer::Copy = top {
        inspect_hints::copy_line(styles)
    } else if let Some(line) = inspect_hints::input_line(top, columns, styles) {
        line
    } else if let Some(count) = state.count {
        // Like vim's showcmd: the count typed so far, then the keys that take it.
        let count = format!("{count}{} ", styles.glyphs.more);
        let keys = count_keys(&state.bindings);
        let mut line = key_line(&keys, columns.saturating_sub(width(&count)), styles);
        line.spans.insert(1, Span::styled(count, styles.accent));
        line
    } else if let Some(message) = &state.message {
        let style = match message.severity {
            Severity::Error => styles.error,
            Severity::Info => styles.text,
        };
        // Messages are written with Unicode symbols (`·`, `→`, `…`); the styles' glyphs draw them.
        let text = styles.glyphs.text(&clean(&message.text));
        let room = columns.saturating_sub(1);
        if width(&text) > room && message.severity == Severity::Error {
            draw_wrapped(frame, area, &text, style);
            return;
        }
        // A long notice keeps its start; an error too long even wrapped keeps its end, which
        // usually says what to do.
        let text = match message.severity {
            Severity::Error => truncate_middle(&text, room),
            Severity::Info => truncate(&text, room),
        };
        Line::from(vec![Span::raw(" "), Span::styled(text, style)])
    } else if let Some(line) = inspect_hints::keys_line(top, &state.bindings, columns, styles) {
        line
    } else {
        key_line(&pane_keys(state), columns, styles)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Rows an error too long for the hints line may take, the hints line included: it wraps
/// upward over the bottom of the pane above.
const ERROR_ROWS: usize = 4;

/// An error too long for one line, wrapped and drawn from the hints line upward; past
/// `ERROR_ROWS` the last row keeps the error's end.
fn draw_wrapped(frame: &mut Frame, area: Rect, text: &str, style: ratatui::style::Style) {
    let room = usize::from(area.width).saturating_sub(2).max(1);
    let mut lines = wrap(text, room);
    let most = ERROR_ROWS.min(usize::from(area.y) + 1);
    if lines.len() > most {
        let rest = lines.split_off(most - 1).join(" ");
        lines.push(keep_end(&rest, room));
    }
    let rows = u16::try_from(lines.len()).unwrap_or(1);
    let top = (area.y + 1).saturating_sub(rows);
    let block = Rect::new(area.x, top, area.width, area.y + area.height - top);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| Line::from(vec![Span::raw(" "), Span::styled(line, style)]))
        .collect();
    frame.render_widget(Clear, block);
    frame.render_widget(Paragraph::new(lines), block);
}

/// A key, what it does, and its rank: lower ranks stay longest when the line is short.
pub type Hint = (&'static str, &'static str, u8);

/// A hint whose key is the user's: what the config's `[keys]` bound.
type BoundHint = (String, &'static str, u8);

/// A hint before its key is known: `None` when the command it names has no key.
type Wanted = (Option<String>, &'static str, u8);

/// After a count (`5`), the keys that take one.
fn count_keys(bindings: &Bindings) -> Vec<BoundHint> {
    bound(vec![
        (one(bindings, Command::AddStock), "add", 0),
        (one(bindings, Command::RemoveStock), "remove", 0),
        (fixed("Esc"), "cancel", 1),
    ])
}

/// The keys of the top layer: a dialog, the help, the listings, the basket, an editor, else
/// the list or the detail pane.
fn pane_keys(state: &State) -> Vec<BoundHint> {
    let keys = &state.bindings;
    let wanted = match state.top() {
        Layer::Dialog(dialog) => fixed_keys(dialog_keys(dialog)),
        Layer::Help => {
            let close =
                one(keys, Command::Help).map_or("Esc".to_owned(), |help| format!("{help} / Esc"));
            vec![
                (Some(close), "close help", 0),
                (one(keys, Command::Quit), "quit", 0),
            ]
        }
        layer @ (Layer::Listings(_) | Layer::Basket(_)) => {
            screen_keys(layer, keys, state.session.sending.is_some())
                .map(|(_, keys)| {
                    keys.into_iter()
                        .map(|key| (Some(key.key), key.short, key.rank))
                        .collect()
                })
                .unwrap_or_default()
        }
        Layer::Editor(editor) => fixed_keys(editor_keys(editor)),
        _ => list_keys(state),
    };
    bound(wanted)
}

/// The hints whose keys are known, in order.
fn bound(wanted: Vec<Wanted>) -> Vec<BoundHint> {
    wanted
        .into_iter()
        .filter_map(|(key, does, rank)| Some((key?, does, rank)))
        .collect()
}

fn fixed(key: &str) -> Option<String> {
    Some(key.to_owned())
}

fn fixed_keys(hints: Vec<Hint>) -> Vec<Wanted> {
    hints
        .into_iter()
        .map(|(key, does, rank)| (fixed(key), does, rank))
        .collect()
}

/// A command's first key.
fn one(bindings: &Bindings, command: Command) -> Option<String> {
    bindings.first(command)
}

/// `j/k`: two commands' first keys, when both have one.
fn slashed(bindings: &Bindings, a: Command, b: Command) -> Option<String> {
    Some(format!("{}/{}", one(bindings, a)?, one(bindings, b)?))
}

/// `+ -`: two commands' first keys, when both have one.
fn spaced(bindings: &Bindings, a: Command, b: Command) -> Option<String> {
    Some(format!("{} {}", one(bindings, a)?, one(bindings, b)?))
}

/// A dialog's keys: fixed, whatever the config binds.
fn dialog_keys(dialog: &Dialog) -> Vec<Hint> {
    match dialog {
        Dialog::Recovered { .. } => vec![("r", "review", 0), ("d", "discard", 0)],
        Dialog::MarkSold { .. } => vec![
            ("0-9", "quantity", 0),
            ("Tab", "next action", 0),
            ("Enter", "stage", 0),
            ("Esc", "cancel", 0),
        ],
        Dialog::ConfirmDelete { channels: true, .. } => vec![
            ("y", "delete everywhere", 0),
            ("k", "keep listings", 0),
            ("n / Esc", "cancel", 0),
        ],
        _ => vec![("y", "yes", 0), ("n / Esc", "no", 0)],
    }
}

/// An editor's keys: fixed, whatever the config binds.
fn editor_keys(editor: &Editor) -> Vec<Hint> {
    match editor {
        Editor::Prices(_) => vec![
            ("Tab", "next cell", 0),
            ("Ctrl-n", "add tier", 1),
            ("Ctrl-d", "remove", 2),
            ("Ctrl-s", "stage", 0),
            ("Esc", "cancel", 0),
        ],
        Editor::Raw(_) => vec![("Ctrl-s", "stage", 0), ("Esc", "cancel", 0)],
        Editor::Form(_) => vec![
            ("Tab/↓", "next", 1),
            ("Shift-Tab/↑", "previous", 2),
            ("Ctrl-s", "stage", 0),
            ("Esc", "cancel", 0),
        ],
    }
}

/// The list's and the detail pane's keys, as the config binds them; an unbound command has none.
fn list_keys(state: &State) -> Vec<Wanted> {
    let keys = &state.bindings;
    let moves = slashed(keys, Command::Down, Command::Up);
    let mut wanted: Vec<Wanted> = if state.session.focus == Focus::Detail {
        vec![
            (moves, "scroll", 1),
            (fixed("Esc"), "back", 1),
            (one(keys, Command::SwitchPane), "list", 2),
        ]
    } else {
        vec![(moves, "move", 1), (one(keys, Command::Open), "open", 1)]
    };
    if !state.session.listing.search.is_empty() && state.session.focus == Focus::List {
        wanted.push((fixed("Esc"), "clear filter", 1));
    }
    if matches!(state.session.listing.load, Load::Failed(_)) {
        wanted.push((one(keys, Command::Reload), "retry", 1));
    }
    if state.session.listing.load.is_loading()
        && state.session.listing.search.is_empty()
        && !state.detail_open()
    {
        wanted.push((fixed("Esc"), "stop loading", 2));
    }
    let can = state.profile().map(|p| p.capabilities);
    if can.is_some_and(|c| c.set_stock || c.update) && state.session.focus == Focus::List {
        wanted.extend([
            if state.session.marks.is_empty() {
                (
                    spaced(keys, Command::AddStock, Command::RemoveStock),
                    "stock",
                    3,
                )
            } else {
                (
                    spaced(keys, Command::AddStock, Command::RemoveStock),
                    "stock of marked",
                    1,
                )
            },
            (one(keys, Command::Edit), "edit", 4),
        ]);
    }
    if !state.session.basket.is_empty() {
        wanted.push((one(keys, Command::Basket), "basket", 1));
    }
    if state.session.focus == Focus::List {
        if state.session.marks.is_empty() {
            wanted.push((one(keys, Command::Mark), "mark", 4));
        } else {
            wanted.push((one(keys, Command::ClearMarks), "unmark all", 2));
        }
    }
    wanted.extend([
        (one(keys, Command::Filter), "filter", 2),
        (spaced(keys, Command::PageUp, Command::PageDown), "page", 3),
        (one(keys, Command::Sort), "sort", 4),
        (one(keys, Command::Help), "help", 0),
        (one(keys, Command::Quit), "quit", 0),
    ]);
    wanted
}

/// ` key desc  key desc …`, leaving out the lowest-ranked pairs until the rest fit.
pub fn key_line<K: AsRef<str>>(
    keys: &[(K, &'static str, u8)],
    columns: usize,
    styles: &Styles,
) -> Line<'static> {
    // Keys and words are written with Unicode arrows; the styles' glyphs draw them.
    let mut shown: Vec<(String, String, u8)> = keys
        .iter()
        .map(|(key, description, rank)| {
            (
                styles.glyphs.text(key.as_ref()),
                styles.glyphs.text(description),
                *rank,
            )
        })
        .collect();
    let pair_width =
        |(key, description, _): &(String, String, u8)| width(key) + 1 + width(description);
    let line_width = |shown: &[(String, String, u8)]| {
        1 + shown.iter().map(pair_width).sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    while line_width(&shown) > columns {
        let Some(lowest) = (0..shown.len()).max_by_key(|&i| (shown[i].2, i)) else {
            break;
        };
        shown.remove(lowest);
    }
    let mut spans = vec![Span::raw(" ")];
    for (index, (key, description, _)) in shown.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, styles.key));
        spans.push(Span::styled(format!(" {description}"), styles.muted));
    }
    Line::from(spans)
}
