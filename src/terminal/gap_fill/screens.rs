//! `GapFill` never changes what the terminal ends up showing: random frames drawn through it and
//! through the plain crossterm backend are fed to a terminal emulator, and the screens compared.

use std::cell::{Cell as Shared, RefCell};
use std::io;
use std::num::NonZeroU16;
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier, Style};

use super::GapFill;

/// Bytes written, shared with whoever reads them.
#[derive(Clone, Default)]
struct Tape(Rc<RefCell<Vec<u8>>>);

impl Tape {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl io::Write for Tape {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The crossterm backend writing to a tape, with a size the test sets instead of a tty's.
struct Emulated {
    inner: CrosstermBackend<Tape>,
    size: Rc<Shared<Size>>,
}

impl Backend for Emulated {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size.get(),
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

const SYMBOLS: &[&str] = &["a", "b", "7", " ", " ", "─", "│", "é", "中", "ア", "🙂"];

/// Styles the emulator tells apart. An underline colour is left out: vt100 reads its escape
/// (`ESC[58;5;2m`) as separate codes, "2" among them turning bold into dim.
fn random_style(rng: &mut fastrand::Rng) -> Style {
    match rng.u8(0..5) {
        0 => Style::new().fg(Color::Red),
        1 => Style::new().bg(Color::Blue).fg(Color::Indexed(250)),
        2 => Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        3 => Style::new()
            .fg(Color::Rgb(10, 200, 30))
            .add_modifier(Modifier::ITALIC),
        _ => Style::new(),
    }
}

/// A few random edits of `buffer`: text runs in one style, or a cleared rectangle.
fn edit(buffer: &mut Buffer, rng: &mut fastrand::Rng) {
    let area = buffer.area;
    for _ in 0..rng.usize(1..6) {
        let x = rng.u16(0..area.width);
        let y = rng.u16(0..area.height);
        if rng.u8(0..8) == 0 {
            let width = rng.u16(1..=area.width - x);
            let height = rng.u16(1..=area.height - y);
            for cy in y..y + height {
                for cx in x..x + width {
                    buffer[(cx, cy)].reset();
                }
            }
            continue;
        }
        let text: String = (0..rng.usize(1..10))
            .map(|_| SYMBOLS[rng.usize(0..SYMBOLS.len())])
            .collect();
        buffer.set_string(x, y, text, random_style(rng));
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("sizes here are never 0")
}

/// Every cell of the emulated screen, described.
fn screen_of(parser: &vt100::Parser) -> Vec<Vec<String>> {
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    (0..rows.get())
        .map(|row| {
            (0..cols.get())
                .map(|col| match screen.cell(row, col) {
                    Some(cell) => format!(
                        "[{:?} {:?}/{:?} {}{}{}{}{}]",
                        // A cell never written and a written space look alike.
                        match cell.contents() {
                            "" if !cell.is_wide_continuation() => " ",
                            contents => contents,
                        },
                        cell.fgcolor(),
                        cell.bgcolor(),
                        u8::from(cell.bold()),
                        u8::from(cell.italic()),
                        u8::from(cell.inverse()),
                        u8::from(cell.underline()),
                        u8::from(cell.is_wide_continuation()),
                    ),
                    None => "[none]".to_owned(),
                })
                .collect()
        })
        .collect()
}

/// One random session at one seed: frames, clears and resizes drawn through both backends.
/// Returns the bytes each wrote (plain, filled).
fn session(seed: u64) -> (usize, usize) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut size = Size::new(rng.u16(4..40), rng.u16(1..8));
    let shared = Rc::new(Shared::new(size));
    let (plain_tape, filled_tape) = (Tape::default(), Tape::default());
    let emulated = |tape: &Tape| Emulated {
        inner: CrosstermBackend::new(tape.clone()),
        size: shared.clone(),
    };
    let mut plain = Terminal::new(emulated(&plain_tape)).expect("a plain terminal");
    let mut filled = Terminal::new(GapFill::new(emulated(&filled_tape))).expect("a terminal");
    let mut plain_screen = vt100::Parser::new(nonzero(size.height), nonzero(size.width), 0);
    let mut filled_screen = vt100::Parser::new(nonzero(size.height), nonzero(size.width), 0);
    let mut buffer = Buffer::empty(Rect::from((Position::ORIGIN, size)));
    let (mut plain_bytes, mut filled_bytes) = (0, 0);
    for step in 0..60 {
        match rng.u8(0..20) {
            0 => {
                plain.clear().expect("clear");
                filled.clear().expect("clear");
            }
            1 => {
                size = Size::new(rng.u16(4..40), rng.u16(1..8));
                shared.set(size);
                plain_screen
                    .screen_mut()
                    .set_size(nonzero(size.height), nonzero(size.width));
                filled_screen
                    .screen_mut()
                    .set_size(nonzero(size.height), nonzero(size.width));
                buffer = Buffer::empty(Rect::from((Position::ORIGIN, size)));
                edit(&mut buffer, &mut rng);
            }
            _ => edit(&mut buffer, &mut rng),
        }
        plain
            .draw(|frame| *frame.buffer_mut() = buffer.clone())
            .expect("draw");
        filled
            .draw(|frame| *frame.buffer_mut() = buffer.clone())
            .expect("draw");
        let (plain_out, filled_out) = (plain_tape.take(), filled_tape.take());
        plain_bytes += plain_out.len();
        filled_bytes += filled_out.len();
        plain_screen.process(&plain_out);
        filled_screen.process(&filled_out);
        let differences: Vec<String> = screen_of(&filled_screen)
            .into_iter()
            .zip(screen_of(&plain_screen))
            .enumerate()
            .flat_map(|(row, (filled_row, plain_row))| {
                filled_row
                    .into_iter()
                    .zip(plain_row)
                    .enumerate()
                    .filter(|(_, (filled, plain))| filled != plain)
                    .map(move |(col, (filled, plain))| {
                        format!("row {row} col {col}: {filled} filled, {plain} plain")
                    })
            })
            .collect();
        assert!(
            differences.is_empty(),
            "seed {seed}, step {step}: the screens differ at {differences:#?}"
        );
    }
    (plain_bytes, filled_bytes)
}

#[test]
fn random_frames_leave_the_same_screen_in_fewer_bytes() {
    let (mut plain, mut filled) = (0, 0);
    for seed in 0..150 {
        let (p, f) = session(seed);
        assert!(f <= p, "seed {seed}: {f} B filled against {p} B plain");
        plain += p;
        filled += f;
    }
    assert!(
        filled < plain,
        "filling gaps should save bytes: {filled} B against {plain} B"
    );
}
