//! The one-line prompts drawn in the hints line: set stock, production confirmation, `:` commands.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::state::{Prompt, PromptKind};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::text::{keep_end, truncate, width};

const CURSOR: &str = "▏";

pub fn line(prompt: &Prompt, columns: usize, styles: &Styles) -> Line<'static> {
    let (label, label_style, keys) = match &prompt.kind {
        PromptKind::SetStock {
            target,
            current,
            warehouse,
        } => (
            match warehouse {
                Some(slot) => format!(
                    " Stock in {} for {} (now {current}): ",
                    clean(&slot.code),
                    clean(&target.sku)
                ),
                None => format!(" Stock for {} (now {current}): ", clean(&target.sku)),
            },
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
        PromptKind::Command => (" :".to_string(), styles.key, "w send basket · q quit"),
    };
    // The label gives way before the typed text, which always keeps at least a few columns.
    let label = truncate(&label, columns.saturating_sub(12));
    let room = columns.saturating_sub(width(&label) + width(CURSOR)).max(1);
    let typed = keep_end(&clean(&prompt.text), room);
    let used = width(&label) + width(&typed) + width(CURSOR);
    let mut spans = vec![
        Span::styled(label, label_style),
        Span::styled(typed, styles.text),
        Span::styled(CURSOR, styles.accent),
    ];
    let (tail, style): (String, Style) = match &prompt.error {
        Some(error) => (format!("  {}", clean(error)), styles.error),
        None => (format!("  {keys}"), styles.muted),
    };
    let room = columns.saturating_sub(used);
    if room > 3 {
        spans.push(Span::styled(truncate(&tail, room), style));
    }
    Line::from(spans)
}
