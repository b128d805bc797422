//! The lines the basket shows for one item: header and status, old → new, conflicts, requests.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::basket::check::{PRICES, Resolution, reapplied_amount};
use crate::basket::{Change, Item, ItemStatus, Mismatch, StockChange, prices};
use crate::catalog::fields::Field;
use crate::catalog::http::PlannedRequest;
use crate::inspect::body::form;
use crate::sanitize::clean;
use crate::theme::Styles;

use super::text::{fit_left, truncate, width, wrap_anywhere};

const INDENT: &str = "    ";
const BODY_INDENT: &str = "      ";
/// Lines of a request body before the rest is counted: enough for a decoded Valigara form
/// changing a few fields.
const BODY_LINES: usize = 10;

pub fn item_lines(
    item: &Item,
    plan: Option<&Result<Vec<PlannedRequest>, String>>,
    selected: bool,
    columns: usize,
    styles: &Styles,
) -> Vec<Line<'static>> {
    let mut lines = vec![header(item, selected, columns, styles)];
    let room = columns.saturating_sub(width(INDENT));
    for spans in change_lines(&item.change, styles) {
        lines.push(indented(spans, room));
    }
    if let ItemStatus::Conflict { mismatches } = &item.status {
        for mismatch in mismatches {
            for text in mismatch_lines(mismatch, item.maybe_applied) {
                let text = styles.glyphs.text(&text);
                lines.push(indented(vec![Span::styled(text, styles.error)], room));
            }
        }
        lines.push(indented(resolutions(item, mismatches, styles), room));
    }
    match plan {
        Some(Ok(requests)) => {
            for request in requests {
                lines.extend(request_lines(request, room, styles));
            }
        }
        Some(Err(message)) => {
            let text = format!(
                "{} cannot plan the requests: {}",
                styles.glyphs.fail,
                clean(message)
            );
            lines.push(indented(vec![Span::styled(text, styles.error)], room));
        }
        None => {}
    }
    lines
}

/// `▶ SKU  Name  status` (the marker is the styles' glyph), the status right-aligned.
fn header(item: &Item, selected: bool, columns: usize, styles: &Styles) -> Line<'static> {
    let (status, status_style) = match &item.status {
        ItemStatus::Staged => ("staged".to_string(), styles.muted),
        ItemStatus::Sending => (format!("sending{}", styles.glyphs.more), styles.accent),
        ItemStatus::Uncertain => (
            "uncertain: may already be applied; re-read before resending".to_string(),
            styles.warn,
        ),
        ItemStatus::Failed { message } => (
            styles
                .glyphs
                .text(&format!("{} {}", styles.glyphs.fail, clean(message))),
            styles.error,
        ),
        ItemStatus::Conflict { .. } => ("! conflict".to_string(), styles.error),
    };
    let status = if item.maybe_applied && item.status != ItemStatus::Uncertain {
        format!("{status} {} may already be applied", styles.glyphs.dot)
    } else {
        status
    };
    let marker = format!("{} ", if selected { styles.glyphs.marker } else { " " });
    let sku = clean(&item.target.sku).into_owned();
    let sku = if sku.is_empty() {
        "(no SKU)".to_string()
    } else {
        sku
    };
    let status = truncate(&status, columns / 2);
    let name_room = columns.saturating_sub(width(&marker) + width(&sku) + 2 + width(&status) + 2);
    let name = fit_left(&clean(&item.target.name), name_room);
    let spans = vec![
        Span::styled(marker, styles.accent),
        Span::styled(truncate(&sku, columns.saturating_sub(4)), styles.title),
        Span::raw("  "),
        Span::styled(name, styles.text),
        Span::raw("  "),
        Span::styled(status, status_style),
    ];
    if selected {
        // As in the list: on the selected item the selection style alone decides colours.
        let plain = spans
            .into_iter()
            .map(|s| s.style(Style::new()))
            .collect::<Vec<_>>();
        Line::from(plain).style(styles.selection)
    } else {
        Line::from(spans)
    }
}

fn indented(mut spans: Vec<Span<'static>>, room: usize) -> Line<'static> {
    let mut used = 0;
    for span in &mut spans {
        let left = room.saturating_sub(used);
        let cut = truncate(&span.content, left);
        used += width(&cut);
        span.content = cut.into();
    }
    spans.insert(0, Span::raw(INDENT));
    Line::from(spans)
}

/// An empty value reads as `(empty)`, so `"" → "x"` is not an arrow from nothing.
fn shown(value: &str) -> String {
    if value.is_empty() {
        "(empty)".to_string()
    } else {
        clean(value).into_owned()
    }
}

fn old_new(label: &str, from: &str, to: &str, styles: &Styles) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{label}  "), styles.muted),
        Span::styled(from.to_string(), styles.text),
        Span::styled(format!(" {} ", styles.glyphs.arrow), styles.muted),
        Span::styled(to.to_string(), styles.changed),
    ]
}

fn change_lines(change: &Change, styles: &Styles) -> Vec<Vec<Span<'static>>> {
    match change {
        Change::Edit { stock, fields } => {
            let mut lines = Vec::new();
            if let Some(stock) = stock {
                let mut spans = old_new(
                    Field::Stock.label(),
                    &stock.from().to_string(),
                    &stock.to().to_string(),
                    styles,
                );
                if let StockChange::Adjust { .. } = stock {
                    let delta = stock.delta();
                    spans.push(Span::styled(format!(" ({delta:+})"), styles.muted));
                }
                lines.push(spans);
            }
            for field in fields {
                let (from, to) = (shown(&field.from), shown(&field.to));
                lines.push(old_new(field.field.label(), &from, &to, styles));
            }
            lines
        }
        Change::Raw { body, baseline } => body
            .iter()
            .map(|(key, to)| {
                let from = baseline
                    .get(key)
                    .map_or(styles.glyphs.dash.to_string(), |v| v.to_string());
                old_new(&clean(key), &clean(&from), &clean(&to.to_string()), styles)
            })
            .collect(),
        Change::Create(new) => {
            let sku = new
                .sku
                .as_ref()
                .map_or("no SKU".to_string(), |s| clean(&s.0).into_owned());
            let stock = new
                .stock
                .map_or("not tracked".to_string(), |n| n.to_string());
            let text = format!(
                "create: {} ({sku}) price {} stock {stock} {}",
                clean(&new.name),
                new.price,
                clean(new.status.label())
            );
            vec![vec![Span::styled(text, styles.added)]]
        }
        Change::Prices { from, to, stock } => {
            let mut lines = vec![];
            if !crate::basket::prices::same(from, to) {
                lines.push(vec![Span::styled(
                    format!(
                        "Prices  was {}",
                        styles
                            .glyphs
                            .text(&clean(&crate::basket::prices::describe(from)))
                    ),
                    styles.muted,
                )]);
                lines.push(vec![Span::styled(
                    format!(
                        "        now {}",
                        styles
                            .glyphs
                            .text(&clean(&crate::basket::prices::describe(to)))
                    ),
                    styles.changed,
                )]);
            }
            if let Some(stock) = stock {
                lines.push(vec![Span::styled(
                    format!(
                        "Stock  {} {} {}",
                        stock.from(),
                        styles.glyphs.arrow,
                        stock.to()
                    ),
                    styles.changed,
                )]);
            }
            lines
        }
        Change::Warehouses { changes, .. } => changes
            .iter()
            .map(|c| {
                let delta = c.to - c.from;
                vec![Span::styled(
                    format!(
                        "Stock {}  {} {} {} ({delta:+})",
                        clean(&c.code),
                        c.from,
                        styles.glyphs.arrow,
                        c.to
                    ),
                    styles.changed,
                )]
            })
            .collect(),
        Change::Delete { .. } | Change::Sold { .. } => {
            // The description is written with Unicode arrows; the styles' glyphs draw them.
            vec![vec![Span::styled(
                styles.glyphs.text(&change.describe()),
                styles.removed,
            )]]
        }
    }
}

/// What the user saw, what the server has and what they want; a price list names every tier
/// that differs. An item that may already be applied says so instead of "you saw".
fn mismatch_lines(mismatch: &Mismatch, maybe_applied: bool) -> Vec<String> {
    let field = clean(&mismatch.field);
    let prices = (mismatch.field == PRICES)
        .then(|| {
            Some((
                prices::parse(&mismatch.expected)?,
                prices::parse(&mismatch.found)?,
                prices::parse(&mismatch.wanted)?,
            ))
        })
        .flatten();
    if let Some((seen, server, wanted)) = prices {
        let tiers = |changes: Vec<prices::TierChange>| {
            let named: Vec<String> = changes.iter().map(|c| c.describe()).collect();
            clean(&named.join(", ")).into_owned()
        };
        return vec![
            format!(
                "{field}: the server's list changed since you read it: {}",
                tiers(prices::changes(&seen, &server))
            ),
            format!(
                "{field}: your change: {}",
                tiers(prices::changes(&seen, &wanted))
            ),
        ];
    }
    if maybe_applied {
        return vec![format!(
            "{field}: the server has {}; your change may already be applied (you saw {}, you want {})",
            shown(&mismatch.found),
            shown(&mismatch.expected),
            shown(&mismatch.wanted)
        )];
    }
    vec![format!(
        "{field}: you saw {}, the server now has {}, you want {}",
        shown(&mismatch.expected),
        shown(&mismatch.found),
        shown(&mismatch.wanted)
    )]
}

/// `a apply the same change to 8 (→ 13)  o overwrite with 15  x drop`; an adjustment that may
/// already be applied offers `a apply +5 again (may double)`, which asks once more.
fn resolutions(item: &Item, mismatches: &[Mismatch], styles: &Styles) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut key = |key: &'static str, what: String| {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, styles.key));
        spans.push(Span::styled(format!(" {what}"), styles.text));
    };
    let now = mismatches
        .iter()
        .find(|m| m.field == Field::Stock.label())
        .and_then(|m| m.found.parse::<i64>().ok());
    let mut keep = Vec::new();
    if mismatches.iter().any(|m| m.field == PRICES) && matches!(item.change, Change::Prices { .. })
    {
        keep.push("apply your change to the server's list".to_string());
    }
    if let (Some(delta), Some(now)) = (reapplied_amount(&item.change, Resolution::KeepDelta), now)
        && !matches!(item.change, Change::Sold { .. })
    {
        keep.push(if item.maybe_applied {
            format!("apply {delta:+} again (may double)")
        } else {
            format!(
                "apply the same change to {now} ({} {})",
                styles.glyphs.arrow,
                now.saturating_add(delta)
            )
        });
    }
    if !keep.is_empty() {
        key("a", keep.join(", and "));
    }
    if item.maybe_applied && matches!(item.change, Change::Sold { .. }) {
        key("o", "record the sale again (may double)".to_string());
        key("x", "drop".to_string());
        return spans;
    }
    let wanted = match mismatches {
        [only] if only.field == PRICES => "your whole list".to_string(),
        [only] => shown(&only.wanted),
        _ => "your values".to_string(),
    };
    key("o", format!("overwrite with {wanted}"));
    key("x", "drop".to_string());
    spans
}

/// A request body's lines: a form (Valigara's `data=…`) decoded, on one line as its fields
/// (`action=product_export data={"id":1004}`) when that fits `room`, else pretty-printed as
/// the exchange view shows it; anything else as planned.
fn body_lines(request: &PlannedRequest, room: usize) -> Vec<String> {
    let Some(body) = request.body.as_deref() else {
        return Vec::new();
    };
    let content_type = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.as_str());
    let Some(fields) = form::fields(body.as_bytes(), content_type) else {
        return body.lines().map(|line| clean(line).into_owned()).collect();
    };
    let pairs: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{}={}", clean(name), clean(value)))
        .collect();
    let joined = pairs.join("  ");
    if width(&joined) <= room && !joined.contains('\n') {
        return vec![joined];
    }
    form::pretty(body.as_bytes(), content_type)
        .map(|decoded| decoded.lines)
        .unwrap_or_default()
        .iter()
        .map(|line| clean(line).into_owned())
        .collect()
}

/// `GET  /api/products/12`, the body on the same line when it fits, else below it.
fn request_lines(request: &PlannedRequest, room: usize, styles: &Styles) -> Vec<Line<'static>> {
    let head = format!("{}  {}", clean(&request.method), clean(&request.path));
    let body_room = room.saturating_sub(width(BODY_INDENT) - width(INDENT));
    let body = body_lines(request, body_room);
    if let [single] = body.as_slice() {
        let joined = format!("{head}  {}", single.trim());
        if width(&joined) <= room {
            return vec![indented(vec![Span::styled(joined, styles.muted)], room)];
        }
    }
    let mut lines = vec![indented(vec![Span::styled(head, styles.muted)], room)];
    let wrapped: Vec<String> = body
        .iter()
        .flat_map(|line| {
            if width(line) <= body_room {
                vec![line.clone()]
            } else {
                wrap_anywhere(line, body_room)
            }
        })
        .collect();
    for line in wrapped.iter().take(BODY_LINES) {
        lines.push(Line::from(vec![
            Span::raw(BODY_INDENT),
            Span::styled(line.clone(), styles.muted),
        ]));
    }
    if wrapped.len() > BODY_LINES {
        let more = format!(
            "{} {} more lines",
            styles.glyphs.more,
            wrapped.len() - BODY_LINES
        );
        lines.push(Line::from(vec![
            Span::raw(BODY_INDENT),
            Span::styled(more, styles.muted),
        ]));
    }
    lines
}
