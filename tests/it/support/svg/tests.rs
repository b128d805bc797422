//! The SVG drawing checked on small buffers: escaping, colours, wide characters, lines, blocks.

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
        svg.contains("<text x=\"16.8\" y=\"13\" textLength=\"16.8\" fill=\"#0000ee\">ab</text>"),
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
