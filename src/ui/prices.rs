//! The price-list editor: price list × quantity tiers, with VAT-inclusive and -exclusive amounts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph};
use rust_decimal::{Decimal, RoundingStrategy};

use super::popup;
use super::text::{fit_left, fit_right, truncate, width as text_width};
use crate::app::state::{PriceColumn, PriceEditor, PriceRow};
use crate::catalog::model::Money;
use crate::sanitize::clean;
use crate::theme::Styles;

const WIDTH: u16 = 76;

/// An amount that includes VAT at `rate`, without it (half-up to the cent).
fn excluding_vat(amount: Money, rate: Decimal) -> Money {
    let net = amount.0 / (Decimal::ONE + rate);
    Money(net.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// How a cell is drawn: the focused one is underlined, and its value shows in reverse video
/// while it is selected (typing replaces it), in every theme.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Focus {
    None,
    Editing,
    Selected,
}

fn cell<'a>(text: &str, width: usize, right: bool, focus: Focus, styles: &Styles) -> Vec<Span<'a>> {
    let value = clean(text);
    if focus == Focus::Selected && !value.is_empty() {
        let shown = truncate(&value, width);
        let pad = " ".repeat(width.saturating_sub(text_width(&shown)));
        let value = Span::styled(shown, styles.text.add_modifier(Modifier::REVERSED));
        let pad = Span::styled(pad, styles.text.add_modifier(Modifier::UNDERLINED));
        return if right {
            vec![pad, value]
        } else {
            vec![value, pad]
        };
    }
    let shown = if right {
        fit_right(&value, width)
    } else {
        fit_left(&value, width)
    };
    let style = match focus {
        Focus::None => styles.text,
        Focus::Editing | Focus::Selected => styles.text.add_modifier(Modifier::UNDERLINED),
    };
    vec![Span::styled(shown, style)]
}

fn row_line<'a>(editor: &PriceEditor, index: usize, row: &PriceRow, styles: &Styles) -> Line<'a> {
    let focused = |column| match (
        index == editor.row && editor.column == column,
        editor.selected,
    ) {
        (false, _) => Focus::None,
        (true, false) => Focus::Editing,
        (true, true) => Focus::Selected,
    };
    let marker = if index == editor.row {
        styles.glyphs.marker
    } else {
        " "
    };
    let marker = format!("{marker} ");
    let mut spans = vec![Span::styled(marker, styles.key)];
    spans.extend(cell(
        &row.pricelist,
        16,
        false,
        focused(PriceColumn::Pricelist),
        styles,
    ));
    spans.push(Span::raw("  "));
    spans.extend(cell(
        &row.quantity,
        6,
        true,
        focused(PriceColumn::Quantity),
        styles,
    ));
    spans.push(Span::raw("  "));
    spans.extend(cell(
        &row.amount,
        12,
        true,
        focused(PriceColumn::Amount),
        styles,
    ));
    if let (Some(rate), Some(amount)) = (editor.vat_rate, Money::parse(&row.amount)) {
        spans.push(Span::styled(
            fit_right(&excluding_vat(amount, rate).to_string(), 14),
            styles.muted,
        ));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, screen: Rect, editor: &PriceEditor, styles: &Styles) {
    let main = popup::main_area(screen);
    let width = WIDTH.min(main.width.saturating_sub(2));
    let columns = usize::from(width.saturating_sub(4));
    let amount_header = if editor.vat_rate.is_some() {
        "incl. VAT"
    } else {
        "Amount"
    };
    let mut header = format!(
        "  {:<16}  {:>6}  {:>12}",
        "Price list", "Qty", amount_header
    );
    if let Some(rate) = editor.vat_rate {
        header.push_str(&format!(
            "{:>14}",
            format!("excl. {}%", (rate * Decimal::ONE_HUNDRED).normalize())
        ));
    }
    let mut lines = vec![Line::styled(truncate(&header, columns), styles.header)];
    for (index, row) in editor.rows.iter().enumerate() {
        lines.push(row_line(editor, index, row, styles));
        if let Some(error) = &row.error {
            lines.push(Line::styled(
                truncate(
                    &styles
                        .glyphs
                        .text(&format!("    {} {error}", styles.glyphs.fail)),
                    columns,
                ),
                styles.error,
            ));
        }
    }
    if editor.rows.is_empty() {
        lines.push(Line::styled("  No price: Ctrl-n adds one", styles.muted));
    }
    lines.push(Line::default());
    if editor.errors.is_empty() && editor.rows.iter().all(|r| r.error.is_none()) {
        lines.push(Line::styled(
            format!(
                "{} the whole list is sent, every tier included",
                styles.glyphs.ok
            ),
            styles.ok,
        ));
    }
    for error in &editor.errors {
        lines.push(Line::styled(
            // The checks are written with Unicode symbols (`≥`, `×`); the styles' glyphs draw them.
            truncate(
                &styles
                    .glyphs
                    .text(&format!("{} {error}", styles.glyphs.fail)),
                columns,
            ),
            styles.error,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        truncate(
            &styles.glyphs.text(
                "Tab next cell  ↑↓ row  Ctrl-u clear  Ctrl-n add  Ctrl-d remove  Ctrl-s stage  Esc cancel",
            ),
            columns,
        ),
        styles.muted,
    ));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = popup::centered(main, width, height);
    let title = format!(
        " Prices {} {} {} ",
        styles.glyphs.dot,
        clean(&editor.target.sku),
        clean(&editor.target.name)
    );
    let block = super::bordered(styles)
        .border_style(styles.border_focused)
        .style(styles.base)
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(
            truncate(&title, usize::from(width.saturating_sub(2))),
            styles.title,
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_comes_off_as_the_documented_example_says() {
        let amount = Money::parse("9400.00").unwrap();
        let rate = Decimal::new(1960, 4);
        assert_eq!(excluding_vat(amount, rate).to_string(), "7859.53");
    }
}
