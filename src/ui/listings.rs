//! A product's sales-channel accounts to update, with the hourly listing-update budget.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};

use super::popup;
use super::text::truncate;
use crate::app::state::ListingsView;
use crate::catalog::model::Budget;
use crate::sanitize::clean;
use crate::theme::Styles;

const WIDTH: u16 = 72;

/// `3 of 4 listing updates left this hour`, or when the next one is allowed.
pub fn budget_text(budget: Option<&Budget>) -> String {
    match budget {
        None => "listing updates: 4 per hour".to_owned(),
        Some(budget) if budget.remaining > 0 => format!(
            "{} of {} listing updates left this hour",
            budget.remaining, budget.limit
        ),
        Some(budget) => match budget.refill_in {
            Some(wait) => format!(
                "0 of {} listing updates left: the next is allowed in {} min",
                budget.limit,
                wait.as_secs().div_ceil(60).max(1)
            ),
            None => format!("0 of {} listing updates left this hour", budget.limit),
        },
    }
}

pub fn draw(frame: &mut Frame, screen: Rect, view: &ListingsView, styles: &Styles) {
    let main = popup::main_area(screen);
    let width = WIDTH.min(main.width.saturating_sub(2));
    let columns = usize::from(width.saturating_sub(4));
    let mut lines = vec![
        Line::styled(
            truncate(
                &format!("{}  {}", clean(&view.target.sku), clean(&view.target.name)),
                columns,
            ),
            styles.title,
        ),
        Line::default(),
    ];
    match &view.accounts {
        None => lines.push(Line::styled(
            format!("Loading the listings accounts{}", styles.glyphs.more),
            styles.muted,
        )),
        Some(Err(error)) => lines.push(Line::styled(
            truncate(&styles.glyphs.text(&clean(error)), columns),
            styles.error,
        )),
        Some(Ok(accounts)) if accounts.is_empty() => {
            lines.push(Line::styled(
                "This store has no listings accounts.",
                styles.muted,
            ));
        }
        Some(Ok(accounts)) => {
            for (index, account) in accounts.iter().enumerate() {
                let chosen = view.chosen.contains(&account.id);
                let marker = if index == view.selected {
                    styles.glyphs.marker
                } else {
                    " "
                };
                let check = if chosen { "[x]" } else { "[ ]" };
                let text = format!(
                    "{marker} {check} {:<4} {:<8} {:<32} {}",
                    account.id,
                    clean(&account.channel),
                    truncate(&clean(&account.name), 32),
                    clean(&account.status)
                );
                let style = if index == view.selected {
                    styles.selection
                } else {
                    styles.text
                };
                lines.push(Line::styled(truncate(&text, columns), style));
            }
        }
    }
    lines.push(Line::default());
    let budget = budget_text(view.budget.as_ref());
    let empty = view.budget.is_some_and(|b| b.remaining == 0);
    lines.push(Line::styled(
        budget,
        if empty { styles.warn } else { styles.muted },
    ));
    if view.sending {
        lines.push(Line::styled(
            format!("Updating listings{}", styles.glyphs.more),
            styles.muted,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("space", styles.key),
        Span::styled(" choose  ", styles.text),
        Span::styled("a", styles.key),
        Span::styled(" all  ", styles.text),
        Span::styled("u", styles.key),
        Span::styled(" update listings  ", styles.text),
        Span::styled("Esc", styles.key),
        Span::styled(" close", styles.text),
    ]));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = popup::centered(main, width, height);
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .style(styles.base)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(" Channel listings ", styles.title));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
