//! The app's own screens drawn through `GapFill` and through the plain crossterm backend end
//! the same in a terminal emulator: cursor moves, page scrolls, a filter typed and a theme
//! switched, at 80x24 and 200x50.

use std::cell::RefCell;
use std::num::NonZeroU16;
use std::rc::Rc;

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use stockroom::app::action::Action;
use stockroom::app::state::State;
use stockroom::app::update::update;
use stockroom::terminal::gap_fill::GapFill;
use stockroom::theme::{self, Styles};
use stockroom::ui;

use crate::support::screens::state;

/// Bytes written, shared with the test that reads them.
#[derive(Clone, Default)]
struct Tape(Rc<RefCell<Vec<u8>>>);

impl std::io::Write for Tape {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn terminal<B: Backend>(backend: B, width: u16, height: u16) -> Terminal<B> {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    Terminal::with_options(backend, options).unwrap()
}

fn emulator(tape: &Tape, width: u16, height: u16) -> vt100::Parser {
    let size = |n: u16| NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(height), size(width), 0);
    parser.process(&tape.0.borrow());
    parser
}

/// Every cell whose text or colours differ between the two screens.
fn differences(a: &vt100::Parser, b: &vt100::Parser, width: u16, height: u16) -> Vec<String> {
    let mut found = Vec::new();
    for row in 0..height {
        for col in 0..width {
            let (x, y) = (
                a.screen().cell(row, col).unwrap(),
                b.screen().cell(row, col).unwrap(),
            );
            if (
                x.contents(),
                x.fgcolor(),
                x.bgcolor(),
                x.bold(),
                x.inverse(),
            ) != (
                y.contents(),
                y.fgcolor(),
                y.bgcolor(),
                y.bold(),
                y.inverse(),
            ) {
                found.push(format!(
                    "{row},{col}: {:?} / {:?}",
                    x.contents(),
                    y.contents()
                ));
            }
        }
    }
    found
}

#[test]
fn the_app_s_screens_end_the_same_through_gap_fill() {
    let dark = theme::load("dark", None, false).unwrap();
    let ansi16 = theme::load("ansi16", None, false).unwrap();
    for (width, height) in [(80u16, 24u16), (200, 50)] {
        let (plain_tape, filled_tape) = (Tape::default(), Tape::default());
        let mut plain = terminal(CrosstermBackend::new(plain_tape.clone()), width, height);
        let mut filled = terminal(
            GapFill::new(CrosstermBackend::new(filled_tape.clone())),
            width,
            height,
        );
        let mut state: State = state();
        let mut styles: &Styles = &dark;
        let mut steps: Vec<Action> = Vec::new();
        steps.extend(std::iter::repeat_n(Action::SelectNext, 30));
        steps.extend(std::iter::repeat_n(Action::NextPage, 4));
        steps.push(Action::StartSearch);
        steps.extend("ワイヤ pro".chars().map(Action::SearchInput));
        steps.extend(std::iter::repeat_n(Action::SearchBackspace, 4));
        steps.push(Action::SearchCancel);
        for (index, action) in steps.into_iter().enumerate() {
            if index == 20 {
                styles = &ansi16;
            }
            update(&mut state, action);
            plain.draw(|frame| ui::draw(frame, &state, styles)).unwrap();
            filled
                .draw(|frame| ui::draw(frame, &state, styles))
                .unwrap();
            let (a, b) = (
                emulator(&plain_tape, width, height),
                emulator(&filled_tape, width, height),
            );
            let found = differences(&a, &b, width, height);
            assert!(found.is_empty(), "{width}x{height} step {index}: {found:?}");
        }
        let (written_plain, written_filled) =
            (plain_tape.0.borrow().len(), filled_tape.0.borrow().len());
        assert!(
            written_filled < written_plain,
            "{width}x{height}: {written_filled} B through GapFill, {written_plain} B plain"
        );
    }
}
