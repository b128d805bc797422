//! A drawn ratatui `Buffer` as a standalone SVG image: the screenshots in the README.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

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

/// Whether a cell's symbol is drawn as lines or a rect rather than as text: box drawing,
/// whose font glyphs leave gaps when the line height exceeds the font's, and blocks.
fn drawn_as_shape(symbol: &str) -> bool {
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
fn lines(out: &mut String, rows: &[&[Cell]], fg0: (u8, u8, u8), bg0: (u8, u8, u8)) {
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
fn blocks(out: &mut String, rows: &[&[Cell]], fg0: (u8, u8, u8), bg0: (u8, u8, u8)) {
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

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    fn buffer(width: u16, text: &str, style: Style) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, 1));
        buffer.set_string(0, 0, text, style);
        buffer
    }

    #[test]
    fn symbols_are_xml_escaped() {
        let svg = to_svg(
            &buffer(20, "<a & 'b'> \"c\"\u{1b}", Style::new()),
            Color::Reset,
            Color::Reset,
        );
        assert!(
            svg.contains(">&lt;a &amp; &apos;b&apos;&gt; &quot;c&quot;</text>"),
            "{svg}"
        );
        assert!(!svg.contains("<a "), "{svg}");
        assert!(!svg.contains('\u{1b}'), "{svg}");
    }

    #[test]
    fn a_coloured_cell_has_its_background_rect_and_styled_text() {
        let mut buf = buffer(
            6,
            "ab",
            Style::new()
                .fg(Color::Rgb(1, 2, 3))
                .bg(Color::Indexed(196))
                .add_modifier(Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED),
        );
        buf.set_string(2, 0, "c", Style::new().fg(Color::LightRed));
        let svg = to_svg(&buf, Color::White, Color::Rgb(0, 0, 0));
        assert!(
            svg.contains("<rect x=\"0\" y=\"0\" width=\"16.8\" height=\"17\" fill=\"#ff0000\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains(
                "<text x=\"0\" y=\"13\" textLength=\"16.8\" fill=\"#010203\" font-weight=\"bold\" \
                 font-style=\"italic\" text-decoration=\"underline\">ab</text>"
            ),
            "{svg}"
        );
        assert!(
            svg.contains("<text x=\"16.8\" y=\"13\" textLength=\"8.4\" fill=\"#ff0000\">c</text>"),
            "{svg}"
        );
        // The default background is painted once, not per cell.
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    }

    #[test]
    fn reset_takes_the_default_colours() {
        let svg = to_svg(
            &buffer(3, "x", Style::new()),
            Color::Rgb(0x1f, 0x23, 0x28),
            Color::Rgb(0xfa, 0xfa, 0xfa),
        );
        assert!(svg.contains("fill=\"#fafafa\"/>"), "{svg}");
        assert!(svg.contains("fill=\"#1f2328\">x</text>"), "{svg}");
    }

    #[test]
    fn a_wide_character_takes_two_cells() {
        let svg = to_svg(&buffer(6, "木a", Style::new()), Color::Reset, Color::Reset);
        assert!(
            svg.contains("<text x=\"0\" y=\"13\" textLength=\"16.8\" fill=\"#e5e5e5\">木</text>"),
            "{svg}"
        );
        assert!(
            svg.contains("<text x=\"16.8\" y=\"13\" textLength=\"8.4\" fill=\"#e5e5e5\">a</text>"),
            "{svg}"
        );
    }

    /// The `d` of every path in `svg`.
    fn paths(svg: &str) -> Vec<&str> {
        svg.split("<path d=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn a_box_is_continuous_lines_from_centre_to_centre() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 3));
        let grey = Style::new().fg(Color::Rgb(0x80, 0x80, 0x80));
        for (y, row) in ["┌─┐", "│ │", "└─┘"].into_iter().enumerate() {
            buf.set_string(0, y as u16, row, grey);
        }
        let svg = to_svg(&buf, Color::Reset, Color::Reset);
        // One path: each side one segment, the corners at the cells' centres (4.2, 8.5)
        // and (21, 42.5), the verticals spanning the middle row's full 17 px and more.
        assert_eq!(
            paths(&svg),
            ["M4.2 8.5H21M4.2 42.5H21M4.2 8.5V42.5M21 8.5V42.5"],
            "{svg}"
        );
        assert!(svg.contains("stroke=\"#808080\""), "{svg}");
        assert!(
            !svg.contains("<text"),
            "no glyphs drawn for the lines: {svg}"
        );
    }

    #[test]
    fn joins_and_tees_reach_every_edge_they_name() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 3));
        for (y, row) in [" │ ", "─┼┤", " ┴ "].into_iter().enumerate() {
            buf.set_string(0, y as u16, row, Style::new());
        }
        let svg = to_svg(&buf, Color::Reset, Color::Reset);
        // The middle row is one line from the left edge to the ┤'s centre, the ┴ reaches
        // left and right, the middle column runs from the top edge to the ┴'s centre, and the
        // ┤ reaches its top and bottom edges.
        assert_eq!(
            paths(&svg),
            ["M0 25.5H21M8.4 42.5H16.8M12.6 0V42.5M21 17V34"],
            "{svg}"
        );
    }

    #[test]
    fn lines_keep_their_cells_colours_and_text_stays_text() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "─", Style::new().fg(Color::Red));
        buf.set_string(1, 0, "─ab─", Style::new().fg(Color::Blue));
        let svg = to_svg(&buf, Color::Reset, Color::Reset);
        // A path per colour (blue #0000ee sorts first); the text between is no line.
        assert_eq!(
            paths(&svg),
            ["M8.4 8.5H16.8M33.6 8.5H42", "M0 8.5H8.4"],
            "{svg}"
        );
        assert!(
            svg.contains(
                "<text x=\"16.8\" y=\"13\" textLength=\"16.8\" fill=\"#0000ee\">ab</text>"
            ),
            "{svg}"
        );
    }

    #[test]
    fn progress_cells_are_rects() {
        let svg = to_svg(
            &buffer(8, "███░░▏", Style::new().fg(Color::Green)),
            Color::Reset,
            Color::Reset,
        );
        assert!(
            svg.contains("<rect x=\"0\" y=\"0\" width=\"25.2\" height=\"17\" fill=\"#00cd00\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains(
                "<rect x=\"25.2\" y=\"0\" width=\"16.8\" height=\"17\" fill=\"#00cd00\" fill-opacity=\"0.3\"/>"
            ),
            "{svg}"
        );
        assert!(
            svg.contains("<rect x=\"42\" y=\"0\" width=\"1.05\" height=\"17\" fill=\"#00cd00\"/>"),
            "{svg}"
        );
        assert!(!svg.contains("<text"), "{svg}");
    }

    #[test]
    fn the_xterm_palette() {
        assert_eq!(xterm(16), (0, 0, 0));
        assert_eq!(xterm(21), (0, 0, 255));
        assert_eq!(xterm(231), (255, 255, 255));
        assert_eq!(xterm(232), (8, 8, 8));
        assert_eq!(xterm(255), (238, 238, 238));
        assert_eq!(xterm(9), (255, 0, 0));
    }
}
