//! The one-line prompts drawn in the hints line: set stock, production confirmation, `:`
//! commands, and the `/` search with the term its platform cannot read marked as it is typed.

use std::ops::Range;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::search;
use crate::app::state::{Completion, Prompt, PromptKind, SearchPrompt};
use crate::basket::stock_total;
use crate::catalog::model::Platform;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::text::{keep_end, truncate, width};

pub fn line(prompt: &Prompt, columns: usize, styles: &Styles) -> Line<'static> {
    let (label, label_style, keys) = match &prompt.kind {
        PromptKind::SetStock {
            target,
            current,
            warehouse,
            warehouses,
        } => (
            match (warehouse, stock_total::meaning(warehouses)) {
                (Some(slot), _) => format!(
                    " Stock in {} for {} (now {current}): ",
                    clean(&slot.code),
                    clean(&target.sku)
                ),
                // The current total is the prefilled value: the room goes to what it means.
                (None, Some(meaning)) => {
                    format!(" {}: {}: ", clean(&target.sku), clean(&meaning))
                }
                (None, None) => format!(" Stock for {} (now {current}): ", clean(&target.sku)),
            },
            styles.text,
            "Enter stage · Esc cancel",
        ),
        PromptKind::SetMarkedStock { marked } => (
            format!(" Stock for the {marked} marked (15 sets, +5 / -2 adjust): "),
            styles.text,
            "Enter stage · Esc cancel",
        ),
        PromptKind::ConfirmProduction { profile } => (
            format!(
                " Type the profile name \"{}\" to send to production: ",
                clean(profile)
            ),
            styles.warn,
            "Enter send · Esc cancel",
        ),
        PromptKind::Command => (
            " :".to_string(),
            styles.key,
            "Tab completes · Enter runs · Esc cancels",
        ),
    };
    // The label gives way before the typed text, which always keeps at least a few columns.
    let label = truncate(&label, columns.saturating_sub(12));
    let cursor = styles.glyphs.cursor;
    let room = columns.saturating_sub(width(&label) + width(cursor)).max(1);
    let typed = keep_end(&clean(&prompt.text), room);
    let used = width(&label) + width(&typed) + width(cursor);
    // A prefilled value is shown selected: typing replaces it.
    let typed_style = if prompt.selected {
        styles.text.add_modifier(Modifier::REVERSED)
    } else {
        styles.text
    };
    let mut spans = vec![
        Span::styled(label, label_style),
        Span::styled(typed, typed_style),
        Span::styled(cursor, styles.accent),
    ];
    let room = columns.saturating_sub(used);
    if prompt.error.is_none()
        && let Some(completion) = &prompt.completion
    {
        spans.extend(candidates(completion, room, styles));
        return Line::from(spans);
    }
    let (tail, style): (String, Style) = match &prompt.error {
        Some(error) => (
            format!("  {}", styles.glyphs.text(&clean(error))),
            styles.error,
        ),
        None => (format!("  {}", styles.glyphs.text(keys)), styles.muted),
    };
    if room > 3 {
        spans.push(Span::styled(truncate(&tail, room), style));
    }
    Line::from(spans)
}

/// What Tab offers, each shown by its last path part, the chosen one highlighted; the list
/// scrolls so the chosen one stays in view.
fn candidates(completion: &Completion, room: usize, styles: &Styles) -> Vec<Span<'static>> {
    if completion.candidates.is_empty() {
        return vec![Span::styled(truncate("  no match", room), styles.muted)];
    }
    let shown: Vec<String> = completion
        .candidates
        .iter()
        .map(|candidate| {
            let name = candidate.trim_end_matches('/');
            let cut = name.rfind('/').map_or(0, |slash| slash + 1);
            clean(&candidate[cut..]).into_owned()
        })
        .collect();
    let chosen = completion.chosen.unwrap_or(0);
    // Start early enough that the chosen one fits, with the count at the end.
    let count = format!("  ({})", completion.candidates.len());
    let room = room.saturating_sub(width(&count));
    let mut first = 0;
    while first < chosen
        && shown[first..=chosen]
            .iter()
            .map(|name| width(name) + 2)
            .sum::<usize>()
            > room
    {
        first += 1;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    if first > 0 {
        spans.push(Span::styled(
            format!("  {}", styles.glyphs.cut),
            styles.muted,
        ));
        used += 3;
    }
    for (index, name) in shown.iter().enumerate().skip(first) {
        let needed = 2 + width(name);
        if used + needed > room {
            spans.push(Span::styled(
                format!(" {}", styles.glyphs.cut),
                styles.muted,
            ));
            break;
        }
        spans.push(Span::raw("  "));
        let style = if completion.chosen == Some(index) {
            styles.selection
        } else {
            styles.text
        };
        spans.push(Span::styled(name.clone(), style));
        used += needed;
    }
    spans.push(Span::styled(count, styles.muted));
    spans
}

/// `/ text▏  name words  sku:CODE …  Tab completes · Enter apply · Esc cancel`: the syntax in the platform's
/// words, trimmed to fit. A term the platform cannot read is marked and the reason shown.
pub fn search_line(
    prompt: &SearchPrompt,
    platform: Platform,
    columns: usize,
    styles: &Styles,
) -> Line<'static> {
    let bad_term = prompt
        .error
        .as_ref()
        .and_then(|_| search::parse(&prompt.text, platform).err())
        .and_then(|error| error.term);
    // Keep the end of long input in view, where the cursor is.
    let room = columns.saturating_sub(5).max(1);
    let mut spans = vec![Span::styled(" / ", styles.key)];
    let typed = typed_spans(&prompt.text, bad_term, room, styles);
    let mut used = 4 + typed.iter().map(|span| width(&span.content)).sum::<usize>();
    spans.extend(typed);
    spans.push(Span::styled(styles.glyphs.cursor, styles.accent));
    if let Some(error) = &prompt.error {
        spans.push(Span::styled(
            format!("  {}", styles.glyphs.text(&clean(error))),
            styles.error,
        ));
        return Line::from(spans);
    }
    let dot = styles.glyphs.dot;
    let mut search_keys = format!("Enter apply {dot} Esc cancel");
    let keys = width(&search_keys) + 3;
    let mut syntax = String::new();
    for token in search::syntax(platform) {
        if used + 2 + width(token) + keys > columns {
            break;
        }
        syntax.push_str("  ");
        syntax.push_str(token);
        used += 2 + width(token);
    }
    spans.push(Span::styled(syntax, styles.muted));
    // Tab is named when the syntax left room for it.
    let tab = format!("Tab completes {dot} ");
    if used + keys + width(&tab) <= columns {
        search_keys.insert_str(0, &tab);
    }
    if used + keys <= columns {
        spans.push(Span::styled(format!("   {search_keys}"), styles.muted));
    }
    Line::from(spans)
}

/// The typed text in at most `room` columns, its end kept; the bad term, when it is shown
/// whole, in the error style.
fn typed_spans(
    text: &str,
    bad: Option<Range<usize>>,
    room: usize,
    styles: &Styles,
) -> Vec<Span<'static>> {
    let whole = || vec![Span::styled(keep_end(&clean(text), room), styles.text)];
    let Some(bad) = bad else {
        return whole();
    };
    let (Some(before), Some(term), Some(after)) = (
        text.get(..bad.start),
        text.get(bad.clone()),
        text.get(bad.end..),
    ) else {
        return whole();
    };
    let (term, after) = (clean(term).into_owned(), clean(after).into_owned());
    let tail = width(&term) + width(&after);
    if tail >= room {
        return whole();
    }
    let before = keep_end(&clean(before), room - tail);
    let marked = styles.error.add_modifier(Modifier::UNDERLINED);
    vec![
        Span::styled(before, styles.text),
        Span::styled(term, marked),
        Span::styled(after, styles.text),
    ]
}
