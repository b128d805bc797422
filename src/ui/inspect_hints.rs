//! The hints line for the inspector: the copy prompt, the filter and search inputs, its keys.

use ratatui::text::{Line, Span};

use crate::app::state::{BodySearch, Layer};
use crate::sanitize::clean;
use crate::theme::Styles;

use crate::keys::Bindings;

use super::hints::key_line;
use super::screen_keys::screen_keys;
use super::text::{keep_end, truncate, width};

/// ` Copy: d debug id · s SKU · b body · c curl command · Esc cancel`.
pub fn copy_line(styles: &Styles) -> Line<'static> {
    let choices = [
        ("d", "debug id"),
        ("s", "SKU"),
        ("b", "body"),
        ("c", "curl command"),
        ("Esc", "cancel"),
    ];
    let mut spans = vec![Span::styled(" Copy: ", styles.text)];
    for (index, (key, what)) in choices.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(
                format!(" {} ", styles.glyphs.dot),
                styles.muted,
            ));
        }
        spans.push(Span::styled(key, styles.key));
        spans.push(Span::styled(format!(" {what}"), styles.text));
    }
    Line::from(spans)
}

/// The filter being typed over the ledger, or the query being typed over a body.
pub fn input_line(top: &Layer, columns: usize, styles: &Styles) -> Option<Line<'static>> {
    match top {
        Layer::Ledger(inspector) => {
            let typed = inspector.filter_input.as_ref()?;
            Some(input(
                " Filter requests: ",
                typed,
                "Enter apply · Esc cancel",
                columns,
                styles,
            ))
        }
        Layer::Exchange(open) => {
            let search = open.search.as_ref().filter(|search| search.editing)?;
            Some(input(
                " /",
                &search.query,
                "Enter find · Esc cancel",
                columns,
                styles,
            ))
        }
        _ => None,
    }
}

fn input(label: &str, typed: &str, keys: &str, columns: usize, styles: &Styles) -> Line<'static> {
    let cursor = styles.glyphs.cursor;
    let room = columns.saturating_sub(width(label) + width(cursor)).max(1);
    let typed = keep_end(&clean(typed), room);
    let used = width(label) + width(&typed) + width(cursor);
    let mut spans = vec![
        Span::styled(label.to_string(), styles.key),
        Span::styled(typed, styles.text),
        Span::styled(cursor, styles.accent),
    ];
    let keys = format!("  {}", styles.glyphs.text(keys));
    if used + width(&keys) <= columns {
        spans.push(Span::styled(keys, styles.muted));
    }
    Line::from(spans)
}

/// The ledger's or the exchange's keys as bound, or where a body search stands; `None` for
/// the other layers.
pub fn keys_line(
    top: &Layer,
    bindings: &Bindings,
    columns: usize,
    styles: &Styles,
) -> Option<Line<'static>> {
    if let Layer::Exchange(open) = top
        && let Some(search) = &open.search
    {
        return Some(search_line(search, columns, styles));
    }
    let (_, keys) = screen_keys(top, bindings, false)?;
    if !matches!(top, Layer::Ledger(_) | Layer::Exchange(_)) {
        return None;
    }
    let keys: Vec<(String, &'static str, u8)> = keys
        .into_iter()
        .map(|key| (key.key, key.short, key.rank))
        .collect();
    Some(key_line(&keys, columns, styles))
}

/// `2/5 matches for "sku"  n next  N previous`, or `no match for "sku"`.
fn search_line(search: &BodySearch, columns: usize, styles: &Styles) -> Line<'static> {
    let query = truncate(&clean(&search.query), columns.saturating_sub(40).max(8));
    if search.matches.is_empty() {
        return Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("no match for \"{query}\""), styles.warn),
            Span::raw("  "),
            Span::styled("Esc", styles.key),
            Span::styled(" back", styles.muted),
        ]);
    }
    let current = search.current.min(search.matches.len() - 1) + 1;
    Line::from(vec![
        Span::raw(" "),
        Span::styled(
            format!("{current}/{} matches for \"{query}\"", search.matches.len()),
            styles.text,
        ),
        Span::raw("  "),
        Span::styled("n", styles.key),
        Span::styled(" next  ", styles.muted),
        Span::styled("N", styles.key),
        Span::styled(" previous", styles.muted),
    ])
}
