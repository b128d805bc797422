//! The one-line prompts drawn in the hints line: set stock, production confirmation, `:` commands.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::state::{Completion, Prompt, PromptKind};
use crate::basket::stock_total;
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
