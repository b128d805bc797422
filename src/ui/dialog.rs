//! The question that must be answered before anything else, in a small box above everything.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};

use crate::app::state::Dialog;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::popup;
use super::text::wrap;
use crate::wording::count;

const WIDTH: u16 = 62;
const SOLD: &str = "Sold: ";

/// The title, the question, and its keys with what each does.
fn content(dialog: &Dialog) -> (&'static str, String, Vec<(&'static str, &'static str)>) {
    let yes_no = vec![("y", "yes"), ("n", "no")];
    match dialog {
        Dialog::ConfirmSend { items, writes } => (
            " Send ",
            format!(
                "Send {}? {}, each after re-reading the product.",
                count(*items, "change", "changes"),
                count(*writes, "write request", "write requests")
            ),
            vec![("y", "send"), ("n", "cancel")],
        ),
        Dialog::ConfirmDelete {
            target,
            channels: false,
        } => (
            " Delete ",
            format!(
                "Stage deleting {} {}? It is sent only after you confirm the basket.",
                clean(&target.sku),
                clean(&target.name)
            ),
            yes_no,
        ),
        Dialog::ConfirmDelete {
            target,
            channels: true,
        } => (
            " Delete ",
            format!(
                "Stage deleting {} {}? It is sent only after you confirm the basket.\n\
                 y also ends its listings on every sales channel (eBay, Etsy, ...); \
                 k deletes it here and leaves those listings up.",
                clean(&target.sku),
                clean(&target.name)
            ),
            vec![
                ("y", "delete everywhere"),
                ("k", "keep channel listings"),
                ("n", "cancel"),
            ],
        ),
        Dialog::ConfirmUpdateListings {
            target,
            accounts,
            budget,
        } => (
            " Update listings ",
            format!(
                "Push {} {} to {}? This uses one of the hourly listing updates ({}).",
                clean(&target.sku),
                clean(&target.name),
                count(*accounts, "account", "accounts"),
                super::listings::budget_text(budget.as_ref())
            ),
            vec![("y", "update"), ("n", "cancel")],
        ),
        Dialog::ConfirmStockPush { ids, budget } => (
            " Push stock ",
            format!(
                "Push the new stock of {} to the sales channels? One request, using one of \
                 the hourly listing updates ({}).",
                count(ids.len(), "product", "products"),
                super::listings::budget_text(budget.as_ref())
            ),
            vec![("y", "push"), ("n", "not now")],
        ),
        Dialog::MarkSold {
            target,
            current,
            quantity,
            action,
            error,
            ..
        } => {
            let sold: i64 = quantity.parse().unwrap_or(0);
            let mut text = format!(
                "{} {}\n{SOLD}{quantity}▏  in stock {current}, left {}\nThen: {} — {}",
                clean(&target.sku),
                clean(&target.name),
                current.saturating_sub(sold),
                action.wire(),
                action.explain()
            );
            if let Some(error) = error {
                text.push_str(&format!("\n✗ {error}"));
            }
            (
                " Mark sold ",
                text,
                vec![
                    ("0-9", "quantity"),
                    ("Tab", "next action"),
                    ("Enter", "stage"),
                    ("Esc", "cancel"),
                ],
            )
        }
        Dialog::ConfirmQuit { unsent } => (
            " Quit ",
            format!(
                "{} staged but not sent. They stay in the journal and are offered at the next start. Quit?",
                count(*unsent, "change is", "changes are")
            ),
            yes_no,
        ),
        Dialog::QuitWhileSending {
            unsent,
            profile,
            at,
            total,
        } => (
            " Quit ",
            format!(
                "Sending {at} of {total} to {}; quitting now leaves the rest staged \
                 (journaled, offered at the next start); the one in flight may or may not \
                 land. {} staged in all. Quit?",
                clean(profile),
                count(*unsent, "change is", "changes are")
            ),
            yes_no,
        ),
        Dialog::ConfirmStopSending { done, total } => (
            " Stop sending ",
            format!(
                "Stop after the request in flight? {done} of {total} settled so far; \
                 what is not sent stays staged and journaled."
            ),
            vec![("y", "stop"), ("n", "keep sending")],
        ),
        Dialog::ConfirmReapply {
            sku, delta, now, ..
        } => (
            " Apply again ",
            format!(
                "{}: your {delta:+} may already be applied (an earlier send may have \
                 reached the store). The server has {now}; applying {delta:+} again sets {}, \
                 and if the first one landed the stock has moved by {} in all. Apply it again?",
                clean(sku),
                now.saturating_add(*delta),
                delta.saturating_mul(2)
            ),
            vec![("y", "apply again"), ("n", "cancel")],
        ),
        Dialog::ConfirmDiscard { items } => (
            " Drop ",
            format!("Drop {}?", count(*items, "staged change", "staged changes")),
            yes_no,
        ),
        Dialog::Recovered { items, uncertain } => (
            " Unsent changes ",
            format!(
                "An earlier session left {}{}.",
                count(*items, "unsent change", "unsent changes"),
                if *uncertain == 0 {
                    String::new()
                } else {
                    format!(
                        " ({} being sent when it stopped: re-read before anything is resent)",
                        count(*uncertain, "was", "were")
                    )
                }
            ),
            vec![("r", "review in the basket"), ("d", "discard")],
        ),
    }
}

/// The sale dialog's line `Sold: 1▏ …` with the quantity in reverse video while it is the
/// prefilled value that typing replaces.
fn selected_quantity<'a>(line: Line<'a>, dialog: &Dialog, styles: &Styles) -> Line<'a> {
    let Dialog::MarkSold {
        quantity,
        selected: true,
        ..
    } = dialog
    else {
        return line;
    };
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let Some(rest) = text
        .strip_prefix(SOLD)
        .and_then(|t| t.strip_prefix(quantity.as_str()))
    else {
        return line;
    };
    Line::from(vec![
        Span::styled(SOLD, styles.text),
        Span::styled(
            quantity.clone(),
            styles.text.add_modifier(Modifier::REVERSED),
        ),
        Span::styled(rest.to_owned(), styles.text),
    ])
}

pub fn draw(frame: &mut Frame, screen: Rect, dialog: &Dialog, styles: &Styles) {
    let (title, question, keys) = content(dialog);
    let width = WIDTH.min(screen.width.saturating_sub(2));
    let columns = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line> = question
        .split('\n')
        // The questions are written with Unicode symbols; the styles' glyphs draw them.
        .map(|paragraph| styles.glyphs.text(paragraph))
        .flat_map(|paragraph| wrap(&paragraph, columns))
        .map(|line| Line::styled(line, styles.text))
        .map(|line| selected_quantity(line, dialog, styles))
        .collect();
    lines.push(Line::default());
    let mut spans = Vec::new();
    for (index, (key, what)) in keys.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(
                format!(" {} ", styles.glyphs.dot),
                styles.muted,
            ));
        }
        spans.push(Span::styled(key, styles.key));
        spans.push(Span::styled(format!(" {what}"), styles.text));
    }
    lines.push(Line::from(spans));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = popup::centered(screen, width, height);
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .style(styles.base)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(title, styles.title));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
