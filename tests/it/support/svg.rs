//! A drawn ratatui `Buffer` as a standalone SVG image: the screenshots in the README.
//! Text and backgrounds here; box drawing and blocks, drawn as shapes, in `shapes`.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use shapes::{blocks, drawn_as_shape, lines};

mod shapes;
mod tests;

/// Width of one terminal cell, in pixels.
const CELL_W: f64 = 8.4;
/// Height of one terminal cell, in pixels.
const CELL_H: f64 = 17.0;
/// Distance from a cell's top to the text baseline.
const BASELINE: f64 = 13.0;

/// The 16 named terminal colours (xterm defaults), in ANSI index order.
const ANSI: [(u8, u8, u8); 16] = [
    (0x00, 0x00, 0x00),
    (0xcd, 0x00, 0x00),
    (0x00, 0xcd, 0x00),
    (0xcd, 0xcd, 0x00),
    (0x00, 0x00, 0xee),
    (0xcd, 0x00, 0xcd),
    (0x00, 0xcd, 0xcd),
    (0xe5, 0xe5, 0xe5),
    (0x7f, 0x7f, 0x7f),
    (0xff, 0x00, 0x00),
    (0x00, 0xff, 0x00),
    (0xff, 0xff, 0x00),
    (0x5c, 0x5c, 0xff),
    (0xff, 0x00, 0xff),
    (0x00, 0xff, 0xff),
    (0xff, 0xff, 0xff),
];

/// Renders `buffer` as SVG; `Color::Reset` stands for `default_fg` / `default_bg`
/// (and those, when `Reset` themselves, for light grey on near-black).
pub fn to_svg(buffer: &Buffer, default_fg: Color, default_bg: Color) -> String {
    let fg0 = rgb(default_fg, (0xe5, 0xe5, 0xe5));
    let bg0 = rgb(default_bg, (0x1e, 0x1e, 0x1e));
    let width = f64::from(buffer.area.width) * CELL_W;
    let height = f64::from(buffer.area.height) * CELL_H;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" \
         font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"14\" xml:space=\"preserve\">",
        num(width),
        num(height),
        num(width),
        num(height)
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
        hex(bg0)
    );
    let cols = usize::from(buffer.area.width);
    if cols == 0 {
        out.push_str("</svg>\n");
        return out;
    }
    let rows: Vec<&[Cell]> = buffer.content.chunks(cols).collect();
    for (y, row) in rows.iter().enumerate() {
        backgrounds(&mut out, row, y, fg0, bg0);
    }
    blocks(&mut out, &rows, fg0, bg0);
    lines(&mut out, &rows, fg0, bg0);
    for (y, row) in rows.iter().enumerate() {
        texts(&mut out, row, y, fg0, bg0);
    }
    out.push_str("</svg>\n");
    out
}

/// The colours a cell is painted with, after `REVERSED`.
fn colours(cell: &Cell, fg0: (u8, u8, u8), bg0: (u8, u8, u8)) -> ((u8, u8, u8), (u8, u8, u8)) {
    let fg = rgb(cell.fg, fg0);
    let bg = rgb(cell.bg, bg0);
    if cell.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

/// One rect per run of equal background on the row, none where it is the default.
fn backgrounds(out: &mut String, row: &[Cell], y: usize, fg0: (u8, u8, u8), bg0: (u8, u8, u8)) {
    let mut x = 0;
    while x < row.len() {
        let bg = row.get(x).map_or(bg0, |cell| colours(cell, fg0, bg0).1);
        let mut end = x + 1;
        while end < row.len() && row.get(end).map(|cell| colours(cell, fg0, bg0).1) == Some(bg) {
            end += 1;
        }
        if bg != bg0 {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                num(x as f64 * CELL_W),
                num(y as f64 * CELL_H),
                num((end - x) as f64 * CELL_W),
                num(CELL_H),
                hex(bg)
            );
        }
        x = end;
    }
}

/// What a run of text is drawn with.
#[derive(PartialEq, Clone, Copy)]
struct Pen {
    fg: (u8, u8, u8),
    modifier: Modifier,
}

/// One text element per run of cells drawn with the same pen; a wide character is a run
/// of its own, two cells long, and the cell it covers is skipped.
fn texts(out: &mut String, row: &[Cell], y: usize, fg0: (u8, u8, u8), bg0: (u8, u8, u8)) {
    let mut run: Option<(usize, usize, Pen, String)> = None;
    let mut x = 0;
    while x < row.len() {
        let Some(cell) = row.get(x) else { break };
        let symbol = cell.symbol();
        let cells = symbol.width().max(1);
        let pen = Pen {
            fg: colours(cell, fg0, bg0).0,
            modifier: cell.modifier
                & (Modifier::BOLD
                    | Modifier::ITALIC
                    | Modifier::UNDERLINED
                    | Modifier::DIM
                    | Modifier::CROSSED_OUT),
        };
        let blank = symbol.trim().is_empty()
            || cell.modifier.contains(Modifier::HIDDEN)
            || drawn_as_shape(symbol);
        let fits = run
            .as_ref()
            .is_some_and(|(_, _, run_pen, _)| *run_pen == pen && cells == 1);
        let lines = Modifier::UNDERLINED | Modifier::CROSSED_OUT;
        if blank && !pen.modifier.intersects(lines) {
            // A plain space shows no colour: it joins any run that draws no lines.
            if let Some(r) = run.as_mut().filter(|r| !r.2.modifier.intersects(lines)) {
                r.1 += 1;
                r.3.push(' ');
            }
        } else if fits && let Some(r) = run.as_mut() {
            r.1 += 1;
            r.3.push_str(if blank { " " } else { symbol });
        } else {
            flush(out, run.take(), y);
            let text = if blank { " " } else { symbol };
            run = Some((x, cells, pen, text.to_string()));
            if cells > 1 {
                flush(out, run.take(), y);
            }
        }
        x += cells;
    }
    flush(out, run, y);
}

/// Writes a run of text, its trailing spaces dropped.
fn flush(out: &mut String, run: Option<(usize, usize, Pen, String)>, y: usize) {
    let Some((x, cells, pen, text)) = run else {
        return;
    };
    let trimmed = text.trim_end_matches(' ');
    if trimmed.is_empty() {
        return;
    }
    let cells = cells - (text.len() - trimmed.len());
    let mut attrs = format!(
        "x=\"{}\" y=\"{}\" textLength=\"{}\" fill=\"{}\"",
        num(x as f64 * CELL_W),
        num(y as f64 * CELL_H + BASELINE),
        num(cells as f64 * CELL_W),
        hex(pen.fg)
    );
    if pen.modifier.contains(Modifier::BOLD) {
        attrs.push_str(" font-weight=\"bold\"");
    }
    if pen.modifier.contains(Modifier::ITALIC) {
        attrs.push_str(" font-style=\"italic\"");
    }
    if pen.modifier.contains(Modifier::DIM) {
        attrs.push_str(" fill-opacity=\"0.6\"");
    }
    let decorations: Vec<&str> = [
        (Modifier::UNDERLINED, "underline"),
        (Modifier::CROSSED_OUT, "line-through"),
    ]
    .into_iter()
    .filter(|(m, _)| pen.modifier.contains(*m))
    .map(|(_, d)| d)
    .collect();
    if !decorations.is_empty() {
        let _ = write!(attrs, " text-decoration=\"{}\"", decorations.join(" "));
    }
    let _ = writeln!(out, "<text {attrs}>{}</text>", escape(trimmed));
}

/// XML-escapes text; control characters, which XML cannot hold, become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A ratatui colour as RGB; `Reset` is `default`.
fn rgb(colour: Color, default: (u8, u8, u8)) -> (u8, u8, u8) {
    let named = |i: usize| ANSI.get(i).copied().unwrap_or(default);
    match colour {
        Color::Reset => default,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => xterm(i),
    }
}

/// The xterm 256-colour palette.
fn xterm(index: u8) -> (u8, u8, u8) {
    match index {
        0..=15 => ANSI.get(usize::from(index)).copied().unwrap_or((0, 0, 0)),
        16..=231 => {
            let i = index - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let grey = 8 + (index - 232) * 10;
            (grey, grey, grey)
        }
    }
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A pixel coordinate with at most two decimals and no trailing zeros.
fn num(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
