//! The help overlay: every key, editing included, the search syntax and the log file, in a centred popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};

use crate::app::command_line::COMMANDS;
use crate::app::search;
use crate::app::state::State;
use crate::keys::{Bindings, Command};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::popup;
use super::screen_keys::{ScreenKey, screen_keys};
use super::text::{fit_left, truncate_middle, width};

/// One line of the key table: fixed keys before and after the commands' keys, and what
/// they do.
struct Row {
    before: &'static str,
    commands: &'static [Command],
    after: &'static str,
    /// Each command's first key after a count follows (`5+ 5-`).
    counted: bool,
    does: &'static str,
}

const fn row(commands: &'static [Command], does: &'static str) -> Row {
    Row {
        before: "",
        commands,
        after: "",
        counted: false,
        does,
    }
}

const KEYS: [Row; 22] = [
    row(&[Command::Down, Command::Up], "move / scroll"),
    row(
        &[
            Command::First,
            Command::Last,
            Command::FirstPage,
            Command::LastPage,
        ],
        "first / last row",
    ),
    row(
        &[Command::HalfPageDown, Command::HalfPageUp],
        "half screen down/up",
    ),
    row(&[Command::PageDown, Command::PageUp], "screen down / up"),
    row(&[Command::Open], "open detail"),
    Row {
        before: "Esc",
        ..row(&[Command::Back], "back / clear filter")
    },
    row(&[Command::SwitchPane], "switch pane"),
    row(&[Command::Filter], "filter as you type"),
    row(
        &[Command::Sort, Command::ReverseSort],
        "sort / reverse sort",
    ),
    row(&[Command::Reload], "reload the catalog"),
    Row {
        counted: true,
        ..row(
            &[Command::AddStock, Command::RemoveStock],
            "add / remove stock",
        )
    },
    row(&[Command::SetStock], "set stock"),
    row(
        &[Command::Mark, Command::MarkRange, Command::ClearMarks],
        "mark/range/unmark",
    ),
    row(
        &[Command::Warehouse, Command::WarehouseColumns],
        "warehouse / columns",
    ),
    row(&[Command::Edit, Command::EditRaw], "edit / edit raw JSON"),
    row(&[Command::New, Command::Delete], "new / delete product"),
    Row {
        after: ":w",
        ..row(&[Command::Basket], "basket, send")
    },
    row(&[Command::Undo], "undo last sent"),
    row(
        &[Command::MarkSold, Command::Listings],
        "mark sold / listings",
    ),
    row(
        &[Command::NextProfile, Command::Help],
        "next profile / help",
    ),
    row(&[Command::CommandLine], "commands (below)"),
    Row {
        after: "Ctrl-c",
        ..row(&[Command::Quit], "quit")
    },
];

const KEY_WIDTH: usize = 15;
const ENTRY_WIDTH: usize = KEY_WIDTH + 20;
const GAP: usize = 3;
const SEARCH_LABEL: &str = "Search   ";
const COMMANDS_LABEL: &str = "Commands ";
const INSPECT_LABEL: &str = "Inspect  ";

/// The inspector's commands, each with what it does; the copy choices follow `y`.
const INSPECT: [(Command, &str); 4] = [
    (Command::Ledger, "request ledger"),
    (Command::InspectLast, "last request in full"),
    (Command::InspectProduct, "raw response"),
    (Command::Copy, "copy"),
];

/// What the key after the copy key copies.
const COPY_CHOICES: [&str; 8] = ["d", "debug id", "s", "SKU", "b", "body", "c", "curl"];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, styles: &Styles) {
    let screen_area = area;
    // Borders and one column of padding on each side.
    let two_columns = usize::from(screen_area.width) >= 2 * ENTRY_WIDTH + GAP + 4;
    let inner_width = if two_columns {
        2 * ENTRY_WIDTH + GAP
    } else {
        ENTRY_WIDTH.min(usize::from(screen_area.width.saturating_sub(4)))
    };

    // Over a screen with keys of its own, its keys come first and the list's are left out.
    let below = state.layers.iter().rev().nth(1);
    let screen = below
        .and_then(|layer| screen_keys(layer, &state.bindings, state.session.sending.is_some()));
    let mut lines = match &screen {
        Some((title, keys)) => screen_lines(title, keys, inner_width, styles),
        None => key_lines(&state.bindings, two_columns, styles),
    };
    lines.push(Line::default());
    lines.extend(labelled(
        COMMANDS_LABEL,
        command_tokens(styles),
        inner_width,
        styles,
    ));
    lines.push(Line::default());
    lines.extend(labelled(
        INSPECT_LABEL,
        inspect_tokens(&state.bindings, styles),
        inner_width,
        styles,
    ));
    if screen.is_none() {
        lines.push(Line::default());
        let platform = search::platform_of(state);
        let search: Vec<_> = search::syntax(platform)
            .into_iter()
            .map(|token| vec![Span::styled(token, styles.text)])
            .collect();
        lines.extend(labelled(SEARCH_LABEL, search, inner_width, styles));
    }
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
    let main = popup::main_area(screen_area);
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
    let closes = match state.bindings.first(Command::Help) {
        Some(key) => format!(" {key} or Esc closes "),
        None => " Esc closes ".to_owned(),
    };
    let title = match &screen {
        Some((name, _)) => format!(" Keys {} {name} ", styles.glyphs.dot),
        None => " Keys ".to_owned(),
    };
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .style(styles.base)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(title, styles.title))
        .title_bottom(Line::styled(closes, styles.muted).right_aligned());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A screen's own keys, one a line, each with what it does in full.
fn screen_lines(
    title: &str,
    keys: &[ScreenKey],
    columns: usize,
    styles: &Styles,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("On this screen ({title})"),
        styles.title,
    )];
    let does_width = columns.saturating_sub(KEY_WIDTH);
    for key in keys {
        lines.push(Line::from(vec![
            Span::styled(
                fit_left(&styles.glyphs.text(&key.key), KEY_WIDTH),
                styles.key,
            ),
            Span::styled(
                truncate_middle(&styles.glyphs.text(key.long), does_width),
                styles.text,
            ),
        ]));
    }
    lines
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

/// A row's keys: the first key of each command, then the second ones while they fit.
fn row_keys(bindings: &Bindings, row: &Row) -> String {
    let mut label = row.before.to_owned();
    let mut tier = 0;
    loop {
        let keys: Vec<String> = row
            .commands
            .iter()
            .filter_map(|command| bindings.keys(*command).get(tier))
            .map(ToString::to_string)
            .collect();
        if keys.is_empty() {
            break;
        }
        let next = [label.as_str(), &keys.join(" ")]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("  ");
        if tier > 0 && width(&next) > KEY_WIDTH {
            break;
        }
        label = next;
        tier += 1;
    }
    let after = if row.counted {
        let counted: Vec<String> = row
            .commands
            .iter()
            .filter_map(|command| bindings.first(*command))
            .map(|key| format!("5{key}"))
            .collect();
        counted.join(" ")
    } else {
        row.after.to_owned()
    };
    if !after.is_empty() && width(&label) + 2 + width(&after) <= KEY_WIDTH {
        label = format!("{label}  {after}");
    }
    if label.is_empty() {
        "(unbound)".to_owned()
    } else {
        label
    }
}

fn key_lines(bindings: &Bindings, two_columns: bool, styles: &Styles) -> Vec<Line<'static>> {
    let entries: Vec<[Span<'static>; 2]> = KEYS
        .iter()
        .map(|row| entry(&row_keys(bindings, row), row.does, styles))
        .collect();
    if !two_columns {
        return entries
            .into_iter()
            .map(|entry| Line::from(entry.to_vec()))
            .collect();
    }
    let (left, right) = entries.split_at(entries.len().div_ceil(2));
    left.iter()
        .enumerate()
        .map(|(index, entry)| {
            let mut spans = entry.to_vec();
            if let Some(entry) = right.get(index) {
                spans.push(Span::raw(" ".repeat(GAP)));
                spans.extend(entry.clone());
            }
            Line::from(spans)
        })
        .collect()
}

/// The `:` commands, each with what it takes; Tab completes them.
fn command_tokens(styles: &Styles) -> Vec<Vec<Span<'static>>> {
    COMMANDS
        .iter()
        .map(|command| {
            let mut token = vec![Span::styled(format!(":{}", command.name), styles.key)];
            if !command.takes.is_empty() {
                token.push(Span::styled(format!(" {}", command.takes), styles.text));
            }
            token
        })
        .collect()
}

/// Each inspector command as spans: its key in the key style, what it does in the text
/// style; the copy key is followed by its choices.
fn inspect_tokens(bindings: &Bindings, styles: &Styles) -> Vec<Vec<Span<'static>>> {
    let sideways = vec![
        Span::styled(
            format!("{} {}", styles.glyphs.key_left, styles.glyphs.key_right),
            styles.key,
        ),
        Span::styled(" long lines", styles.text),
    ];
    INSPECT
        .iter()
        .filter_map(|(command, does)| {
            let key = bindings.first(*command)?;
            let mut token = vec![
                Span::styled(key, styles.key),
                Span::styled(format!(" {does}"), styles.text),
            ];
            if *command == Command::Copy {
                for pair in COPY_CHOICES.chunks(2) {
                    token.push(Span::styled(format!("  {}", pair[0]), styles.key));
                    token.push(Span::styled(format!(" {}", pair[1]), styles.text));
                }
            }
            Some(token)
        })
        .chain(std::iter::once(sideways))
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
