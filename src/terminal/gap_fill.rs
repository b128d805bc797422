//! A backend wrapper that writes fewer bytes: a short run of unchanged cells between two changed
//! cells of a row is sent again when that is cheaper than the cursor jump over it.
//!
//! ratatui hands the backend only the cells that changed, and the backend moves the cursor
//! (`ESC[row;colH`, 6–9 bytes) before every cell that does not follow the previous one. Over SSH
//! those jumps are a good part of a page scroll. `GapFill` keeps a shadow of what the terminal
//! shows, so it knows what sits in a gap and can repeat it, leaving the screen exactly as the
//! jump would have left it.

use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

#[cfg(test)]
mod screens;

/// Wraps a backend, filling short gaps between changed cells (see the module's doc).
#[derive(Debug)]
pub struct GapFill<B> {
    inner: B,
    shadow: Shadow,
}

impl<B> GapFill<B> {
    /// Wraps `inner`; until the first clear, nothing is assumed about what the terminal shows.
    pub fn new(inner: B) -> GapFill<B> {
        GapFill {
            inner,
            shadow: Shadow::default(),
        }
    }

    /// The wrapped backend.
    pub fn inner(&self) -> &B {
        &self.inner
    }
}

/// What one terminal cell shows, as far as this process knows.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Unknown,
    Shows(Cell),
}

/// What the terminal shows, cell by cell, as written through the wrapper.
#[derive(Debug)]
struct Shadow {
    rows: Vec<Vec<Slot>>,
    /// What every cell not in `rows` shows: blank after a clear, else unknown.
    elsewhere: Slot,
}

impl Default for Shadow {
    fn default() -> Shadow {
        Shadow {
            rows: Vec::new(),
            elsewhere: Slot::Unknown,
        }
    }
}

impl Shadow {
    fn get(&self, x: u16, y: u16) -> &Slot {
        self.rows
            .get(usize::from(y))
            .and_then(|row| row.get(usize::from(x)))
            .unwrap_or(&self.elsewhere)
    }

    fn set(&mut self, x: u16, y: u16, slot: Slot) {
        let (x, y) = (usize::from(x), usize::from(y));
        if self.rows.len() <= y {
            self.rows.resize(y + 1, Vec::new());
        }
        let row = &mut self.rows[y];
        if row.len() <= x {
            row.resize(x + 1, self.elsewhere.clone());
        }
        row[x] = slot;
    }

    /// The whole screen was cleared: every cell is a blank in the default colours.
    fn blank(&mut self) {
        self.rows.clear();
        self.elsewhere = Slot::Shows(Cell::EMPTY);
    }

    /// Something changed the screen in a way not followed cell by cell.
    fn forget(&mut self) {
        self.rows.clear();
        self.elsewhere = Slot::Unknown;
    }

    /// Records `cell` written at (`x`, `y`): a wide symbol covers the cells after it, and
    /// writing over either half of a wide symbol erases all of it.
    fn written(&mut self, x: u16, y: u16, cell: &Cell) {
        for back in 1..=MAX_WIDTH {
            let Some(left) = x.checked_sub(back) else {
                break;
            };
            if let Slot::Shows(shown) = self.get(left, y)
                && usize::from(back) < shown.symbol().width()
            {
                self.set(left, y, Slot::Unknown);
            }
        }
        let width = cell.symbol().width();
        if width == 1 || width == 2 {
            self.set(x, y, Slot::Shows(cell.clone()));
        } else {
            self.set(x, y, Slot::Unknown);
        }
        for covered in 1..width {
            let covered = u16::try_from(covered).unwrap_or(u16::MAX);
            if let Some(covered_x) = x.checked_add(covered) {
                self.set(covered_x, y, Slot::Unknown);
            }
        }
    }
}

/// The widest symbol a terminal draws, in cells.
const MAX_WIDTH: u16 = 2;

/// Bytes of the jump a backend writes to reach (`x`, `y`): crossterm's `ESC[{y+1};{x+1}H`.
pub fn jump_cost(x: u16, y: u16) -> usize {
    let digits = |n: u32| n.to_string().len();
    4 + digits(u32::from(y) + 1) + digits(u32::from(x) + 1)
}

/// Whether `cell` can be written again as it is: one column wide, nothing a terminal would
/// act on instead of drawing.
fn repeatable(cell: &Cell) -> bool {
    let symbol = cell.symbol();
    symbol.width() == 1 && !symbol.chars().any(char::is_control)
}

/// The cells to write between `before` and `after` (changed cells on one row, `before` left of
/// `after` with a gap between) so that the backend needs no jump, or `None` when the jump is
/// cheaper or the gap cannot be repeated. A gap is filled only with cells the shadow knows,
/// each styled as `before` up to some column and as `after` from there, so the style escapes
/// written are the ones `before` to `after` needs anyway.
fn gap_cells(
    before: (u16, &Cell),
    after: (u16, &Cell),
    y: u16,
    shadow: &Shadow,
) -> Option<Vec<Cell>> {
    let ((start, left), (end, right)) = (before, after);
    if left.symbol().width() != 1 || !repeatable(left) {
        return None;
    }
    let columns: Range<u16> = start.checked_add(1)?..end;
    if columns.is_empty() {
        return None;
    }
    let budget = jump_cost(end, y);
    let mut cost = 0;
    let mut in_right_style = false;
    let mut cells = Vec::with_capacity(columns.len());
    for x in columns {
        let Slot::Shows(cell) = shadow.get(x, y) else {
            return None;
        };
        if !repeatable(cell) {
            return None;
        }
        in_right_style = if !in_right_style && cell.style() == left.style() {
            false
        } else if cell.style() == right.style() {
            true
        } else {
            return None;
        };
        cost += cell.symbol().len();
        if cost >= budget {
            return None;
        }
        cells.push(cell.clone());
    }
    Some(cells)
}

/// The changed cells with the gaps worth filling filled, in the order they are to be written.
fn filled(changes: Vec<(u16, u16, Cell)>, shadow: &Shadow) -> Vec<(u16, u16, Cell)> {
    let mut out: Vec<(u16, u16, Cell)> = Vec::with_capacity(changes.len());
    for (x, y, cell) in changes {
        if let Some((last_x, last_y, last)) = out.last()
            && *last_y == y
            && *last_x < x
            && let Some(gap) = gap_cells((*last_x, last), (x, &cell), y, shadow)
        {
            let first = *last_x + 1;
            out.extend((first..x).zip(gap).map(|(gx, gap_cell)| (gx, y, gap_cell)));
        }
        out.push((x, y, cell));
    }
    out
}

impl<B: Backend> Backend for GapFill<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changes = content.map(|(x, y, cell)| (x, y, cell.clone())).collect();
        let writes = filled(changes, &self.shadow);
        let drawn = self
            .inner
            .draw(writes.iter().map(|(x, y, cell)| (*x, *y, cell)));
        if drawn.is_err() {
            self.shadow.forget();
            return drawn;
        }
        for (x, y, cell) in &writes {
            self.shadow.written(*x, *y, cell);
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.shadow.forget();
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        let cleared = self.inner.clear_region(clear_type);
        match (&cleared, clear_type) {
            (Ok(()), ClearType::All) => self.shadow.blank(),
            _ => self.shadow.forget(),
        }
        cleared
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier, Style};

    use super::*;

    fn cell(symbol: &str, style: Style) -> Cell {
        let mut cell = Cell::EMPTY;
        cell.set_symbol(symbol).set_style(style);
        cell
    }

    /// A shadow showing `text` on row `y` from column 0, every cell in `style`.
    fn showing(text: &str, y: u16, style: Style) -> Shadow {
        let mut shadow = Shadow::default();
        shadow.blank();
        for (x, ch) in text.chars().enumerate() {
            let x = u16::try_from(x).unwrap_or(u16::MAX);
            shadow.written(x, y, &cell(&ch.to_string(), style));
        }
        shadow
    }

    fn symbols(cells: &[Cell]) -> String {
        cells.iter().map(Cell::symbol).collect()
    }

    const PLAIN: Style = Style::new();

    #[test]
    fn the_jump_costs_what_crossterm_writes() {
        assert_eq!(jump_cost(0, 0), "\x1b[1;1H".len());
        assert_eq!(jump_cost(99, 9), "\x1b[10;100H".len());
        assert_eq!(jump_cost(199, 49), "\x1b[50;200H".len());
    }

    #[test]
    fn a_short_gap_is_filled_with_what_the_terminal_shows() {
        let shadow = showing("abcdef", 3, PLAIN);
        let gap = gap_cells((0, &cell("x", PLAIN)), (4, &cell("y", PLAIN)), 3, &shadow);
        assert_eq!(gap.map(|cells| symbols(&cells)).as_deref(), Some("bcd"));
    }

    #[test]
    fn a_gap_as_long_as_the_jump_is_jumped() {
        let text = "a".repeat(40);
        let shadow = showing(&text, 0, PLAIN);
        // Reaching column 7 or 8 of the first row, ESC[1;7H or ESC[1;8H, is 6 bytes: five
        // cells are cheaper, six are not.
        let fills =
            |end: u16| gap_cells((0, &cell("x", PLAIN)), (end, &cell("y", PLAIN)), 0, &shadow);
        assert_eq!(fills(6).map(|cells| cells.len()), Some(5));
        assert_eq!(fills(7), None);
        // Three-byte symbols count three.
        let shadow = showing("─────", 0, PLAIN);
        let fills =
            |end: u16| gap_cells((0, &cell("x", PLAIN)), (end, &cell("y", PLAIN)), 0, &shadow);
        assert_eq!(fills(2).map(|cells| cells.len()), Some(1));
        assert_eq!(fills(3), None);
    }

    #[test]
    fn a_gap_takes_the_left_style_then_the_right_one_and_nothing_else() {
        let red = Style::new().fg(Color::Red);
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let mut shadow = showing("abcd", 0, PLAIN);
        shadow.written(3, 0, &cell("d", bold));
        let (left, right) = (cell("x", PLAIN), cell("y", bold));
        assert!(gap_cells((0, &left), (4, &right), 0, &shadow).is_some());
        shadow.written(2, 0, &cell("c", red));
        assert_eq!(gap_cells((0, &left), (4, &right), 0, &shadow), None);
        let mut shadow = showing("abcd", 0, PLAIN);
        shadow.written(1, 0, &cell("b", bold));
        assert_eq!(
            gap_cells((0, &left), (4, &right), 0, &shadow),
            None,
            "back to the left style after the right one would need another escape"
        );
    }

    #[test]
    fn unknown_cells_and_wide_symbols_are_never_repeated() {
        let (left, right) = (cell("x", PLAIN), cell("y", PLAIN));
        let mut unknown = Shadow::default();
        unknown.written(1, 0, &cell("b", PLAIN));
        assert_eq!(gap_cells((0, &left), (3, &right), 0, &unknown), None);

        let mut shadow = showing("abcd", 0, PLAIN);
        shadow.written(1, 0, &cell("中", PLAIN));
        assert_eq!(gap_cells((0, &left), (4, &right), 0, &shadow), None);
        assert_eq!(
            shadow.get(2, 0),
            &Slot::Unknown,
            "the wide symbol's right half"
        );
        shadow.written(2, 0, &cell("c", PLAIN));
        assert_eq!(
            shadow.get(1, 0),
            &Slot::Unknown,
            "a half-overwritten wide symbol is gone"
        );
        assert_eq!(
            gap_cells(
                (0, &cell("中", PLAIN)),
                (4, &right),
                0,
                &showing("abcd", 0, PLAIN)
            ),
            None,
            "after a wide symbol the backend jumps anyway"
        );
    }

    #[test]
    fn only_gaps_worth_it_are_filled_and_rows_are_never_joined() {
        let shadow = showing(&"a".repeat(30), 0, PLAIN);
        let changes = vec![
            (0, 0, cell("x", PLAIN)),
            (3, 0, cell("y", PLAIN)),
            (25, 0, cell("z", PLAIN)),
            (26, 1, cell("w", PLAIN)),
        ];
        let placed: Vec<(u16, u16, String)> = filled(changes, &shadow)
            .into_iter()
            .map(|(x, y, cell)| (x, y, cell.symbol().to_owned()))
            .collect();
        let expected: Vec<(u16, u16, String)> = [(0, "x"), (1, "a"), (2, "a"), (3, "y"), (25, "z")]
            .into_iter()
            .map(|(x, s)| (x, 0, s.to_owned()))
            .chain([(26, 1, "w".to_owned())])
            .collect();
        assert_eq!(placed, expected);
    }

    #[test]
    fn a_clear_makes_every_cell_a_known_blank() {
        let mut shadow = Shadow::default();
        assert_eq!(shadow.get(5, 5), &Slot::Unknown);
        shadow.blank();
        assert_eq!(shadow.get(150, 40), &Slot::Shows(Cell::EMPTY));
        shadow.forget();
        assert_eq!(shadow.get(150, 40), &Slot::Unknown);
    }
}
