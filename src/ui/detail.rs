//! The detail pane: the selected product's normalized fields, then every field the platform sent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph};

use crate::app::fields::{Field, FieldSection, sections};
use crate::app::state::{Load, State};
use crate::catalog::b2bwave;
use crate::catalog::fields::status_text;
use crate::catalog::model::{Money, Platform, Product, ProductSummary, Status, Stock};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::text::{fit_left, truncate, truncate_middle, width, wrap, wrap_anywhere};

const LABEL_WIDTH: usize = 11;
/// A long section value (an image URL) wraps onto at most this many lines.
const MAX_VALUE_LINES: usize = 3;

/// How many lines the pane's content has (normalized fields, separator, platform fields),
/// which is what `detail.scroll` counts; `update` can clamp the scroll with it.
pub fn content_lines(state: &State) -> usize {
    let (width, height) = state.viewport;
    let areas = super::layout::areas(Rect::new(0, 0, width, height), true);
    // Borders and one column of padding each side, as `draw` lays the pane out.
    let columns = areas
        .detail
        .map_or(usize::from(width), |area| usize::from(area.width))
        .saturating_sub(4);
    total_lines(state, summary_lines(state, columns, &Styles::plain()).len())
}

fn total_lines(state: &State, head: usize) -> usize {
    match loaded_product(state) {
        Some(_) => head + 1 + state.session.detail.fields.len().max(1),
        None => head,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, styles: &Styles, focused: bool) {
    let mut block = super::bordered(styles)
        .border_style(if focused {
            styles.border_focused
        } else {
            styles.border
        })
        .padding(Padding::horizontal(1))
        .title_top(Line::styled(" Detail ", styles.title));
    let inner = block.inner(area);
    let columns = usize::from(inner.width);
    let rows = usize::from(inner.height);

    let head = summary_lines(state, columns, styles);
    let total = total_lines(state, head.len());
    let scroll = state.session.detail.scroll.min(total.saturating_sub(rows));
    if total > rows {
        let last = (scroll + rows).min(total);
        let position = format!(" {}{}{last} of {total} ", scroll + 1, styles.glyphs.range);
        block = block.title_bottom(Line::styled(position, styles.muted).right_aligned());
    }
    frame.render_widget(block, area);

    let fields = &state.session.detail.fields;
    let path_width = fields
        .iter()
        .map(|f| width(&clean(&f.path)))
        .max()
        .unwrap_or(0)
        .clamp(4, (columns / 2).max(4));
    let lines: Vec<Line> = (scroll..(scroll + rows).min(total))
        .map(|index| match index.checked_sub(head.len()) {
            None => head.get(index).cloned().unwrap_or_default(),
            Some(0) => separator(fields.len(), columns, styles),
            Some(n) => match fields.get(n - 1) {
                Some(field) => field_line(field, path_width, columns, styles),
                None => Line::styled("No platform fields", styles.muted),
            },
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The full product, when it is the one selected in the list.
fn loaded_product(state: &State) -> Option<&Product> {
    let selected = state.session.listing.selected_product()?;
    state
        .session
        .detail
        .product
        .as_deref()
        .filter(|product| product.summary.id == selected.id)
}

fn summary_lines<'a>(state: &State, columns: usize, styles: &Styles) -> Vec<Line<'a>> {
    let platform = state.profile().map_or(Platform::Cscart, |p| p.platform);
    let Some(selected) = state.session.listing.selected_product() else {
        return vec![Line::styled("No product selected", styles.muted)];
    };
    let Some(product) = loaded_product(state) else {
        let mut lines = normalized(selected, None, columns, platform, styles);
        lines.push(Line::default());
        match &state.session.detail.load {
            Load::Loading(_) => lines.push(Line::styled(
                format!("Loading every field{}", styles.glyphs.more),
                styles.muted,
            )),
            Load::Failed(error) => {
                // An error wraps: its end usually says what to do.
                let text = styles.glyphs.text(&clean(&error.to_string()));
                let parts = wrap(&text, columns.max(1));
                lines.extend(
                    parts
                        .into_iter()
                        .map(|part| Line::styled(part, styles.error)),
                );
            }
            Load::Idle => lines.push(Line::styled("Enter: load every field", styles.muted)),
        }
        return lines;
    };
    let mut lines = normalized(&product.summary, Some(product), columns, platform, styles);
    for section in sections(platform, product) {
        lines.extend(section_lines(&section, columns, styles));
    }
    lines.extend(super::history::lines(
        state,
        &product.summary.id,
        columns,
        styles,
    ));
    lines
}

/// `── Features ──` then `Brand  Adidas`: the labels as wide as the section's widest (at most
/// half the pane, shortened in the middle), the values wrapped rather than cut.
fn section_lines<'a>(section: &FieldSection, columns: usize, styles: &Styles) -> Vec<Line<'a>> {
    let rule = styles.glyphs.rule;
    let title = format!("{rule}{rule} {} ", section.title);
    let fill = rule.repeat(columns.saturating_sub(width(&title)));
    let mut lines = vec![
        Line::default(),
        Line::styled(truncate(&(title + &fill), columns), styles.border),
    ];
    let label_width = section
        .rows
        .iter()
        .map(|(label, _)| width(&clean(label)))
        .max()
        .unwrap_or(0)
        .min(columns / 2)
        + 2;
    let value_width = columns.saturating_sub(label_width).max(1);
    for (label, value) in &section.rows {
        let label = fit_left(
            &truncate_middle(&clean(label), label_width - 2),
            label_width,
        );
        let value = clean(value);
        for (index, part) in wrap_anywhere(&value, value_width)
            .into_iter()
            .take(MAX_VALUE_LINES)
            .enumerate()
        {
            let label = if index == 0 {
                label.clone()
            } else {
                " ".repeat(label_width)
            };
            lines.push(Line::from(vec![
                Span::styled(label, styles.muted),
                Span::styled(part, styles.text),
            ]));
        }
    }
    lines
}

fn normalized<'a>(
    summary: &ProductSummary,
    product: Option<&Product>,
    columns: usize,
    platform: Platform,
    styles: &Styles,
) -> Vec<Line<'a>> {
    let value_width = columns.saturating_sub(LABEL_WIDTH).max(1);
    let line = |label: &str, value: &str, style| {
        Line::from(vec![
            Span::styled(fit_left(label, LABEL_WIDTH), styles.muted),
            Span::styled(truncate(&clean(value), value_width), style),
        ])
    };
    let status_style = match summary.status {
        Status::Active => styles.ok,
        Status::Disabled => styles.muted,
        Status::Hidden => styles.warn,
        Status::Other(_) => styles.text,
    };
    let stock_style = match summary.stock {
        Stock::Quantity(n) if n <= 0 => styles.warn,
        _ => styles.text,
    };
    let mut lines = vec![
        line("ID", &summary.id.0, styles.text),
        line("SKU", &summary.sku.0, styles.text),
    ];
    // A long name is shortened in the middle: its end often tells variants apart.
    lines.push(Line::from(vec![
        Span::styled(fit_left("Name", LABEL_WIDTH), styles.muted),
        Span::styled(
            truncate_middle(&clean(&summary.name), value_width),
            styles.text,
        ),
    ]));
    lines.extend([
        line(
            "Status",
            &status(summary, product, platform, styles),
            status_style,
        ),
        line("Price", &money(summary.price, styles), styles.text),
    ]);
    if let Some(product) = product {
        lines.push(line(
            "List price",
            &money(product.list_price, styles),
            styles.text,
        ));
    }
    lines.push(line("Stock", &summary.stock.to_string(), stock_style));
    if let Some(product) = product {
        let categories: Vec<String> = product.category_ids.iter().map(u64::to_string).collect();
        let categories = if categories.is_empty() {
            styles.glyphs.dash.to_string()
        } else {
            categories.join(", ")
        };
        lines.push(line("Categories", &categories, styles.text));
        let updated = product
            .updated_at
            .map_or_else(|| styles.glyphs.dash.to_string(), utc);
        lines.push(line("Updated", &updated, styles.text));
    }
    lines
}

/// The status as the list shows it, and on B2B Wave what `status_id` adds when it is not
/// plain active: `inactive · discontinued`, `active · coming soon`.
fn status(
    summary: &ProductSummary,
    product: Option<&Product>,
    platform: Platform,
    styles: &Styles,
) -> String {
    let shown = status_text(platform, &summary.status);
    let lifecycle = product
        .filter(|_| platform == Platform::B2bwave)
        .and_then(|product| b2bwave::wire::status_id_label(&product.raw))
        .filter(|label| label != "active");
    match lifecycle {
        Some(label) => format!("{shown} {} {label}", styles.glyphs.dot),
        None => shown,
    }
}

fn separator<'a>(count: usize, columns: usize, styles: &Styles) -> Line<'a> {
    let rule = styles.glyphs.rule;
    let label = format!("{rule}{rule} Platform fields ({count}) ");
    let rule = rule.repeat(columns.saturating_sub(width(&label)));
    Line::styled(truncate(&(label + &rule), columns), styles.border)
}

fn field_line<'a>(field: &Field, path_width: usize, columns: usize, styles: &Styles) -> Line<'a> {
    let value_width = columns.saturating_sub(path_width + 1);
    Line::from(vec![
        // Cut in the middle, so sibling paths stay distinct by their last key.
        Span::styled(
            fit_left(
                &truncate_middle(&clean(&field.path), path_width),
                path_width,
            ) + " ",
            styles.muted,
        ),
        Span::styled(truncate(&clean(&field.value), value_width), styles.text),
    ])
}

fn money(value: Option<Money>, styles: &Styles) -> String {
    value.map_or_else(|| styles.glyphs.dash.to_string(), |m| m.to_string())
}

/// Seconds since the epoch as `YYYY-MM-DD HH:MM UTC` (civil-from-days, proleptic Gregorian).
fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        of_day / 3_600,
        of_day % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn epoch_seconds_read_as_utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_709_251_199), "2024-02-29 23:59 UTC");
        assert_eq!(utc(-86_400), "1969-12-31 00:00 UTC");
    }
}
