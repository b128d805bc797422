//! The product list pane: only the rows in view, the selection marked by `▶`, staged rows by a
//! sign, rows marked for a change of several products by `●`.

mod warehouses;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text;
use crate::app::state::{Listing, Load, State};
use crate::basket::{Basket, Change, ItemStatus, StockChange};
use crate::catalog::fields::status_text;
use crate::catalog::model::Platform;
use crate::catalog::model::{ProductSummary, SortOrder, Status, Stock};
use crate::sanitize::clean;
use crate::theme::{Glyphs, Styles};
use crate::wording::thousands;

use super::layout;
use super::text::{fit_left, fit_right, width};
use warehouses::WarehouseColumns;

const NO_MARKER: &str = " ";
/// The selection marker, the staged sign and a space.
const LEAD: usize = 3;
/// The name keeps this much before warehouse columns are left out.
const NAME_BESIDE_WAREHOUSES: usize = 12;
/// With rows marked, a column for the mark before that space.
const LEAD_WITH_MARKS: usize = 4;

/// What the basket holds for a row: a sign readable without colour, its style, the stock change.
struct Staging {
    sign: &'static str,
    style: Style,
    stock: Option<StockChange>,
    delete: bool,
}

fn staging(basket: &Basket, product: &ProductSummary, styles: &Styles) -> Option<Staging> {
    let item = basket.for_product(&product.id)?;
    let delete = matches!(item.change, Change::Delete { .. });
    let trouble = matches!(
        item.status,
        ItemStatus::Conflict { .. } | ItemStatus::Failed { .. }
    );
    let stock = basket.staged_stock(&product.id);
    let (sign, style) = if trouble {
        ("!", styles.error)
    } else if delete {
        (styles.glyphs.fail, styles.removed)
    } else if stock.is_some() {
        (styles.glyphs.changed, styles.changed)
    } else {
        ("*", styles.changed)
    };
    Some(Staging {
        sign,
        style,
        stock,
        delete,
    })
}

/// A row the store changed since the catalog cache was written: a dot, in the accent style.
fn changed_on_store(
    listing: &Listing,
    product: &ProductSummary,
    styles: &Styles,
) -> Option<Staging> {
    listing
        .rows
        .cache
        .is_changed(&product.id)
        .then_some(Staging {
            sign: styles.glyphs.dot,
            style: styles.accent,
            stock: None,
            delete: false,
        })
}

/// Column widths for the rows in view; the name takes what is left.
struct Columns {
    /// Statuses are shown in the platform's own words.
    platform: Platform,
    /// The selection marker, the staged sign, the mark column when rows are marked, a space.
    lead: usize,
    sku: usize,
    name: usize,
    price: usize,
    stock: usize,
    /// Stock per warehouse, after the total, when they are asked for.
    warehouses: WarehouseColumns,
    status: usize,
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    screen: Rect,
    state: &State,
    styles: &Styles,
    focused: bool,
) {
    let listing = &state.session.listing;
    let order = match listing.view.sort {
        Some((field, order)) => {
            let arrow = match order {
                SortOrder::Ascending => styles.glyphs.ascending,
                SortOrder::Descending => styles.glyphs.descending,
            };
            format!(" sort: {} {arrow} ", field.label())
        }
        None => " in the store's order ".to_owned(),
    };
    // The left title yields to the order on the right, one column apart, never over it.
    let room = usize::from(area.width)
        .saturating_sub(2)
        .saturating_sub(text::width(&order) + 1);
    let mut block = super::bordered(styles)
        .border_style(if focused {
            styles.border_focused
        } else {
            styles.border
        })
        .title_top(title(state, styles, room))
        .title_top(Line::styled(order, styles.muted).right_aligned());
    if !listing.is_empty() {
        let mut position = format!(
            " {}/{}",
            thousands(listing.selected as u64 + 1),
            thousands(listing.len() as u64)
        );
        if listing.len() != listing.rows.loaded() {
            position.push_str(&format!(" of {}", thousands(listing.rows.loaded() as u64)));
        }
        position.push(' ');
        block = block.title_bottom(Line::styled(position, styles.muted).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if !listing.rows.has_data() {
        let notice = match &listing.load {
            Load::Loading(_) => Line::styled(
                format!("Loading products{}", styles.glyphs.more),
                styles.muted,
            ),
            Load::Failed(error) => {
                Line::styled(styles.glyphs.text(&clean(&error.to_string())), styles.error)
            }
            Load::Idle => Line::styled(
                format!("No products loaded {} r to refresh", styles.glyphs.dot),
                styles.muted,
            ),
        };
        let paragraph = Paragraph::new(notice)
            .wrap(Wrap { trim: false })
            .block(Block::new().padding(Padding::horizontal(1)));
        frame.render_widget(paragraph, inner);
        return;
    }
    if listing.is_empty() {
        let text = if listing.view_pending.is_some() {
            &format!("Filtering{}", styles.glyphs.more)
        } else if listing.rows.loaded() == 0 && listing.search.is_empty() {
            "The store has no products here"
        } else {
            "No products match"
        };
        let mut lines = vec![Line::styled(text, styles.text)];
        if !listing.search.is_empty() {
            lines.push(Line::styled("Esc clears the filter", styles.muted));
        }
        let paragraph = Paragraph::new(lines).block(Block::new().padding(Padding::horizontal(1)));
        frame.render_widget(paragraph, inner);
        return;
    }

    let rows = layout::list_rows(screen.width, screen.height, state.detail_open());
    let (start, end) = window(listing.offset, listing.selected, rows, listing.len());
    let visible: Vec<&ProductSummary> = listing.rows.range(start, end);
    let staged: Vec<Option<Staging>> = visible
        .iter()
        .map(|product| {
            staging(&state.session.basket, product, styles)
                .or_else(|| changed_on_store(listing, product, styles))
        })
        .collect();
    // One blank column on the right, as the marker column gives one on the left.
    let platform = state.profile().map_or(Platform::Cscart, |p| p.platform);
    let warehouses = if listing.warehouse_columns {
        WarehouseColumns::of(&listing.rows, listing.rows.warehouses(), start, end)
    } else {
        WarehouseColumns::default()
    };
    let lead = if state.session.marks.is_empty() {
        LEAD
    } else {
        LEAD_WITH_MARKS
    };
    let columns = columns(
        &visible,
        &staged,
        usize::from(inner.width).saturating_sub(1),
        (platform, lead),
        warehouses,
        &styles.glyphs,
    );
    let mut lines = Vec::with_capacity(visible.len() + 1);
    lines.push(header(&columns, styles));
    for ((index, product), staging) in (start..).zip(visible.iter().copied()).zip(&staged) {
        let selected = index == listing.selected;
        let marked = state.session.marks.contains(&product.id);
        let look = RowLook {
            row: index - start,
            selected,
            marked,
        };
        lines.push(row(product, staging.as_ref(), &columns, look, styles));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The profile, the filter and the stock keys' target, within `room` columns: the filter is
/// cut first (ending in `…`), then the whole line.
fn title<'a>(state: &State, styles: &Styles, room: usize) -> Line<'a> {
    let profile = state.profile().map_or("", |p| p.name.as_str());
    let head = format!(" Products {} {} ", styles.glyphs.dot, clean(profile));
    let target = state
        .session
        .stock_target
        .as_ref()
        .map(|(_, code)| format!(" stock keys: {} ", clean(code)));
    let (head_width, target_width) = (text::width(&head), target.as_deref().map_or(0, text::width));
    let left = room.saturating_sub(head_width).saturating_sub(target_width);
    let mut spans = vec![Span::styled(
        text::truncate(&head, room),
        super::status::accented(state, styles.title),
    )];
    let search = &state.session.listing.search;
    // " filter: " and a closing space around at least the cut mark.
    if !search.is_empty() && left >= " filter: ".len() + 2 {
        let shown = text::truncate(&clean(search), left - " filter: ".len() - 1);
        spans.push(Span::styled(format!(" filter: {shown} "), styles.accent));
    }
    if let Some(target) = target
        && room >= head_width + target_width
    {
        spans.push(Span::styled(target, styles.warn));
    }
    Line::from(spans)
}

/// The rows to show, starting at the app's offset but always containing the selection.
pub fn window(offset: usize, selected: usize, rows: usize, len: usize) -> (usize, usize) {
    let rows = rows.max(1);
    let selected = selected.min(len.saturating_sub(1));
    let mut start = offset.min(len.saturating_sub(1));
    if selected < start {
        start = selected;
    } else if selected >= start + rows {
        start = selected + 1 - rows;
    }
    (start, (start + rows).min(len))
}

fn columns(
    visible: &[&ProductSummary],
    staged: &[Option<Staging>],
    total: usize,
    (platform, lead): (Platform, usize),
    mut warehouses: WarehouseColumns,
    glyphs: &Glyphs,
) -> Columns {
    let widest = |min: usize, max: usize, text: &dyn Fn(&ProductSummary) -> String| {
        visible
            .iter()
            .map(|p| width(&text(p)))
            .fold(min, usize::max)
            .min(max)
    };
    let sku = widest(3, 16, &|p| clean(&p.sku.0).into_owned());
    let price = widest(5, 12, &|p| price_text(p, glyphs));
    // Wide enough for `9999→10000` when a staged change is in view.
    let stock = visible
        .iter()
        .zip(staged)
        .map(|(p, s)| width(&stock_text(p.stock, s.as_ref(), glyphs)))
        .fold(5, usize::max)
        .min(15);
    let mut status = widest(6, 10, &|p| {
        clean(&status_text(platform, &p.status)).into_owned()
    });
    // Marker, and the gaps between columns.
    let mut fixed = lead + sku + 1 + 2 + price + 2 + stock + 2 + status;
    if total.saturating_sub(fixed) < 8 {
        fixed -= 2 + status;
        status = 0;
    }
    // The name yields first, down to a readable width; then warehouses are left out whole.
    warehouses.fit(total.saturating_sub(fixed + NAME_BESIDE_WAREHOUSES));
    fixed += warehouses.width();
    Columns {
        platform,
        lead,
        sku,
        name: total.saturating_sub(fixed),
        price,
        stock,
        warehouses,
        status,
    }
}

fn header<'a>(columns: &Columns, styles: &Styles) -> Line<'a> {
    let mut text = format!(
        "{}{} {}  {}  {}",
        " ".repeat(columns.lead),
        fit_left("SKU", columns.sku),
        fit_left("Name", columns.name),
        fit_right("Price", columns.price),
        fit_right("Stock", columns.stock),
    );
    text.push_str(&columns.warehouses.header());
    if columns.status > 0 {
        text.push_str("  ");
        text.push_str(&fit_left("Status", columns.status));
    }
    Line::styled(text, styles.header)
}

/// Where a row is drawn among the rows in view, whether it is the cursor's and whether it is
/// marked.
#[derive(Clone, Copy)]
struct RowLook {
    row: usize,
    selected: bool,
    marked: bool,
}

fn row<'a>(
    product: &ProductSummary,
    staging: Option<&Staging>,
    columns: &Columns,
    look: RowLook,
    styles: &Styles,
) -> Line<'a> {
    let selected = look.selected;
    let price_style = if product.price.is_some() {
        styles.text
    } else {
        styles.muted
    };
    let stock_style = match product.stock {
        Stock::NotTracked => styles.muted,
        Stock::Quantity(n) if n <= 0 => styles.warn,
        Stock::Quantity(_) => styles.text,
    };
    // The usual status is plain text; only the exceptions take a colour, which also keeps
    // a scrolled screen from switching colours on every row.
    let status_style = match product.status {
        Status::Active => styles.text,
        Status::Disabled => styles.muted,
        Status::Hidden => styles.warn,
        Status::Other(_) => styles.text,
    };
    // A staged row reads in the staging style; a delete strikes through every cell.
    let marked = |style: Style| staging.map_or(style, |s| s.style);
    let whole = |style: Style| staging.filter(|s| s.delete).map_or(style, |s| s.style);
    let stock_style = match staging {
        Some(s) if s.stock.is_some() || s.delete => s.style,
        _ => stock_style,
    };
    let sign = staging.map_or(" ", |s| s.sign);
    let mut cells = vec![
        // An unselected row's blank marker takes the sign's style, so no colour change is
        // written for a blank cell.
        if selected {
            (styles.glyphs.marker.to_string(), styles.accent)
        } else {
            (NO_MARKER.to_string(), marked(styles.text))
        },
        (sign.to_string(), marked(styles.text)),
    ];
    if look.marked {
        cells.push((styles.glyphs.picked.to_string(), styles.accent));
    }
    let gap = columns.lead - LEAD + 1 - usize::from(look.marked);
    cells.extend([
        (" ".repeat(gap), marked(styles.text)),
        (
            fit_left(&clean(&product.sku.0), columns.sku) + " ",
            marked(styles.text),
        ),
        (
            fit_left(&clean(&product.name), columns.name) + "  ",
            marked(styles.text),
        ),
        (
            fit_right(&price_text(product, &styles.glyphs), columns.price) + "  ",
            whole(price_style),
        ),
        (
            fit_right(
                &stock_text(product.stock, staging, &styles.glyphs),
                columns.stock,
            ),
            stock_style,
        ),
    ]);
    for (text, known) in columns.warehouses.cells(look.row, styles.glyphs.dash) {
        cells.push((text, whole(if known { styles.text } else { styles.muted })));
    }
    if columns.status > 0 {
        let status = fit_left(
            &clean(&status_text(columns.platform, &product.status)),
            columns.status,
        );
        cells.push((format!("  {status}"), whole(status_style)));
    }
    // On the selected row the selection style alone decides colours, so it reads the same in every theme.
    let spans: Vec<Span> = cells
        .into_iter()
        .map(|(text, style)| Span::styled(text, if selected { Style::new() } else { style }))
        .collect();
    let line = Line::from(spans);
    if selected {
        line.style(styles.selection)
    } else {
        line
    }
}

fn price_text(product: &ProductSummary, glyphs: &Glyphs) -> String {
    product
        .price
        .map_or_else(|| glyphs.dash.to_string(), |p| p.to_string())
}

/// The stock, or `old→new` when a stock change is staged.
fn stock_text(stock: Stock, staging: Option<&Staging>, glyphs: &Glyphs) -> String {
    if let Some(change) = staging.and_then(|s| s.stock) {
        return format!("{}{}{}", change.from(), glyphs.arrow, change.to());
    }
    match stock {
        Stock::Quantity(n) => n.to_string(),
        Stock::NotTracked => glyphs.dash.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn window_follows_the_offset_and_keeps_the_selection_in_view() {
        assert_eq!(window(0, 0, 19, 25), (0, 19));
        assert_eq!(window(6, 24, 19, 25), (6, 25));
        assert_eq!(window(0, 30, 19, 100_000), (12, 31));
        assert_eq!(window(50, 10, 19, 100), (10, 29));
        assert_eq!(window(3, 0, 0, 1), (0, 1));
    }
}
