//! Box drawing as continuous paths and block characters as rects, so the SVG has no gaps
//! between rows whatever the font's line height.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ratatui::buffer::Cell;
use ratatui::style::Modifier;

use super::{CELL_H, CELL_W, colours, hex, num};

/// Whether a cell's symbol is drawn as lines or a rect rather than as text: box drawing,
/// whose font glyphs leave gaps when the line height exceeds the font's, and blocks.
pub(super) fn drawn_as_shape(symbol: &str) -> bool {
    arms(symbol).is_some() || block(symbol).is_some()
}

/// Arms of a box-drawing character, from the cell's centre to its edges.
const UP: u8 = 1;
const RIGHT: u8 = 2;
const DOWN: u8 = 4;
const LEFT: u8 = 8;

/// The arms a box-drawing character has, and whether they are heavy; `None` for anything
/// else (double and dashed lines stay text).
fn arms(symbol: &str) -> Option<(u8, bool)> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let light = match c {
        '─' => RIGHT | LEFT,
        '│' => UP | DOWN,
        '┌' | '╭' => RIGHT | DOWN,
        '┐' | '╮' => DOWN | LEFT,
        '└' | '╰' => UP | RIGHT,
        '┘' | '╯' => UP | LEFT,
        '├' => UP | RIGHT | DOWN,
        '┤' => UP | DOWN | LEFT,
        '┬' => RIGHT | DOWN | LEFT,
        '┴' => UP | RIGHT | LEFT,
        '┼' => UP | RIGHT | DOWN | LEFT,
        '╴' => LEFT,
        '╵' => UP,
        '╶' => RIGHT,
        '╷' => DOWN,
        _ => 0,
    };
    if light != 0 {
        return Some((light, false));
    }
    let heavy = match c {
        '━' => RIGHT | LEFT,
        '┃' => UP | DOWN,
        '┏' => RIGHT | DOWN,
        '┓' => DOWN | LEFT,
        '┗' => UP | RIGHT,
        '┛' => UP | LEFT,
        '┣' => UP | RIGHT | DOWN,
        '┫' => UP | DOWN | LEFT,
        '┳' => RIGHT | DOWN | LEFT,
        '┻' => UP | RIGHT | LEFT,
        '╋' => UP | RIGHT | DOWN | LEFT,
        _ => 0,
    };
    (heavy != 0).then_some((heavy, true))
}

/// What a line is stroked with: colour, dimmed, heavy.
type Stroke = ((u8, u8, u8), bool, bool);

/// A stretch of line on one row or column, in half cells: `(row or column, from, to)`.
type Span = (usize, usize, usize);

/// Adds `[from, to]` on `at` to `spans`, joining it to the last one when they touch.
fn extend(spans: &mut Vec<Span>, at: usize, from: usize, to: usize) {
    match spans.last_mut() {
        Some(last) if last.0 == at && last.2 == from => last.2 = to,
        _ => spans.push((at, from, to)),
    }
}

/// Box drawing as one path per stroke: every arm runs from the cell's centre to its edge,
/// so neighbouring cells meet whatever the line height; touching arms are one segment.
pub(super) fn lines(out: &mut String, rows: &[&[Cell]], fg0: (u8, u8, u8), bg0: (u8, u8, u8)) {
    let stroke = |cell: &Cell| {
        let (mask, heavy) = arms(cell.symbol())?;
        let dim = cell.modifier.contains(Modifier::DIM);
        Some((mask, (colours(cell, fg0, bg0).0, dim, heavy)))
    };
    let mut paths: BTreeMap<Stroke, (Vec<Span>, Vec<Span>)> = BTreeMap::new();
    for (y, row) in rows.iter().enumerate() {
        for (x, cell) in row.iter().enumerate() {
            let Some((mask, key)) = stroke(cell) else {
                continue;
            };
            let across = &mut paths.entry(key).or_default().0;
            if mask & LEFT != 0 {
                extend(across, y, 2 * x, 2 * x + 1);
            }
            if mask & RIGHT != 0 {
                extend(across, y, 2 * x + 1, 2 * x + 2);
            }
        }
    }
    let width = rows.first().map_or(0, |row| row.len());
    for x in 0..width {
        for (y, row) in rows.iter().enumerate() {
            let Some((mask, key)) = row.get(x).and_then(stroke) else {
                continue;
            };
            let down = &mut paths.entry(key).or_default().1;
            if mask & UP != 0 {
                extend(down, x, 2 * y, 2 * y + 1);
            }
            if mask & DOWN != 0 {
                extend(down, x, 2 * y + 1, 2 * y + 2);
            }
        }
    }
    for ((fg, dim, heavy), (across, down)) in paths {
        let mut d = String::new();
        for (y, from, to) in across {
            let y = num(y as f64 * CELL_H + CELL_H / 2.0);
            let _ = write!(
                d,
                "M{} {y}H{}",
                num(from as f64 * CELL_W / 2.0),
                num(to as f64 * CELL_W / 2.0)
            );
        }
        for (x, from, to) in down {
            let x = num(x as f64 * CELL_W + CELL_W / 2.0);
            let _ = write!(
                d,
                "M{x} {}V{}",
                num(from as f64 * CELL_H / 2.0),
                num(to as f64 * CELL_H / 2.0)
            );
        }
        let _ = writeln!(
            out,
            "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"square\" fill=\"none\"{}/>",
            hex(fg),
            if heavy { "2.4" } else { "1.2" },
            if dim { " stroke-opacity=\"0.6\"" } else { "" }
        );
    }
}

/// How a block character fills its cell: the part of the width from the left, and the
/// opacity of the foreground over it (the shades as flat tints).
fn block(symbol: &str) -> Option<(f64, f64)> {
    match symbol {
        "█" => Some((1.0, 1.0)),
        "▓" => Some((1.0, 0.75)),
        "▒" => Some((1.0, 0.5)),
        "░" => Some((1.0, 0.3)),
        "▏" => Some((0.125, 1.0)),
        _ => None,
    }
}

/// Block characters as rects in their foreground colour, one per run of equal cells.
pub(super) fn blocks(out: &mut String, rows: &[&[Cell]], fg0: (u8, u8, u8), bg0: (u8, u8, u8)) {
    for (y, row) in rows.iter().enumerate() {
        let mut x = 0;
        while x < row.len() {
            let Some(cell) = row.get(x) else { break };
            let Some((part, opacity)) = block(cell.symbol()) else {
                x += 1;
                continue;
            };
            let fg = colours(cell, fg0, bg0).0;
            let dim = cell.modifier.contains(Modifier::DIM);
            let mut end = x + 1;
            // Only whole-cell blocks join; a part-cell one stands alone.
            while part >= 1.0
                && row.get(end).is_some_and(|next| {
                    next.symbol() == cell.symbol()
                        && colours(next, fg0, bg0).0 == fg
                        && next.modifier.contains(Modifier::DIM) == dim
                })
            {
                end += 1;
            }
            let opacity = if dim { opacity * 0.6 } else { opacity };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>",
                num(x as f64 * CELL_W),
                num(y as f64 * CELL_H),
                num(((end - x - 1) as f64 + part) * CELL_W),
                num(CELL_H),
                hex(fg),
                if opacity < 1.0 {
                    format!(" fill-opacity=\"{}\"", num(opacity))
                } else {
                    String::new()
                }
            );
            x = end;
        }
    }
}
