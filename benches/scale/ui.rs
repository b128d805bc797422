//! In-process UI measurements: frame time against catalog size, and bytes written to the
//! terminal per cursor move and per page.

use std::cell::Cell;
use std::io;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::catalog::model::{Page, Platform, ProductSummary};
use stockroom::terminal::gap_fill::GapFill;
use stockroom::theme::Styles;

use crate::report::{Row, grouped, mean, quantile, ratio, time};

/// Frames drawn per size and round; rounds alternate the sizes so that noise hits both alike.
const FRAMES_PER_ROUND: usize = 400;
const FRAME_ROUNDS: usize = 6;
/// The cursor goes up this many rows, then down as many, and so on: moves inside the screen
/// and moves that scroll the list, both.
const SWING: usize = 150;

/// The pages of a catalog cut to its first `products`, telling that size as the total.
pub fn first_products(
    pages: &[Page<ProductSummary>],
    products: usize,
) -> Vec<Page<ProductSummary>> {
    let mut out = Vec::new();
    let mut taken = 0;
    for page in pages {
        if taken >= products {
            break;
        }
        let mut page = page.clone();
        page.items.truncate(products - taken);
        taken += page.items.len();
        page.total = Some(products as u64);
        page.more = taken < products;
        out.push(page);
    }
    out
}

fn profile() -> ProfileInfo {
    ProfileInfo {
        name: "bench".into(),
        platform: Platform::Cscart,
        host: "127.0.0.1".into(),
        read_only: false,
        production: false,
        capabilities: stockroom::catalog::capabilities(Platform::Cscart, false),
        user: Some("admin@example.com".into()),
        secret_var: "STOCKROOM_SECRET".into(),
    }
}

/// A state at `width`x`height` with every page loaded through `update(PageLoaded)`, the load over.
pub fn loaded(pages: &[Page<ProductSummary>], width: u16, height: u16) -> State {
    let mut state = State::new(vec![profile()], 0);
    state.viewport = (width, height);
    let request = start(&mut state)
        .into_iter()
        .find_map(|effect| match effect {
            Effect::LoadCatalog { request, .. } => Some(request),
            _ => None,
        })
        .expect("start loads the catalog");
    for page in pages {
        update(
            &mut state,
            Action::PageLoaded {
                profile: 0,
                request,
                page: page.clone(),
                exchanges: vec![],
            },
        );
    }
    update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    assert_eq!(
        state.session.listing.rows.loaded(),
        pages.iter().map(|p| p.items.len()).sum::<usize>()
    );
    state
}

pub fn test_terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("a test terminal")
}

pub fn draw<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    state: &State,
    styles: &Styles,
) {
    terminal
        .draw(|frame| stockroom::ui::draw(frame, state, styles))
        .map_err(|_| "draw failed")
        .expect("drawing to a test backend");
}

/// One frame per cursor move, each draw timed on its own.
fn frame_times(
    state: &mut State,
    terminal: &mut Terminal<TestBackend>,
    styles: &Styles,
    frames: usize,
    times: &mut Vec<Duration>,
) {
    for i in 0..frames {
        let action = if (i / SWING).is_multiple_of(2) {
            Action::SelectPrev
        } else {
            Action::SelectNext
        };
        update(state, action);
        let start = Instant::now();
        draw(terminal, state, styles);
        times.push(start.elapsed());
    }
}

/// Frame render time with `big` loaded against `small`, at one terminal size.
pub fn frames(
    big: &[Page<ProductSummary>],
    small: &[Page<ProductSummary>],
    width: u16,
    height: u16,
) -> Row {
    let styles = Styles::default();
    let mut states = [loaded(small, width, height), loaded(big, width, height)];
    let mut terminals = [test_terminal(width, height), test_terminal(width, height)];
    let mut times = [Vec::new(), Vec::new()];
    for (state, terminal) in states.iter_mut().zip(terminals.iter_mut()) {
        update(state, Action::SelectLast);
        draw(terminal, state, &styles);
    }
    for _ in 0..FRAME_ROUNDS {
        for which in 0..2 {
            frame_times(
                &mut states[which],
                &mut terminals[which],
                &styles,
                FRAMES_PER_ROUND,
                &mut times[which],
            );
        }
    }
    let [small_times, big_times] = &mut times;
    let (small_mean, big_mean) = (mean(small_times), mean(big_times));
    let small_median = quantile(small_times, 0.5);
    let big_median = quantile(big_times, 0.5);
    let r = big_median.as_secs_f64() / small_median.as_secs_f64();
    let limit = Duration::from_millis(1);
    let met = r <= 1.5 && big_median < limit;
    let counts = (
        grouped(loaded_count(big) as u64),
        grouped(loaded_count(small) as u64),
    );
    Row {
        goal: format!(
            "frame at {width}x{height}, {} products vs {}: ≤ 1.5× and < 1 ms",
            counts.0, counts.1
        ),
        baseline: format!("median {} (mean {})", time(small_median), time(small_mean)),
        result: format!("median {} (mean {})", time(big_median), time(big_mean)),
        ratio: ratio(r),
        met,
        how: format!(
            "a `State` loaded through `update(PageLoaded)` with the sandbox's CS-Cart pages of 250 \
             ({} and {} products), cursor from the last row moving {SWING} rows up then down \
             (moves inside the screen and moves that scroll); each `Terminal<TestBackend>::draw` of \
             `ui::draw` timed alone, {} frames per size in {FRAME_ROUNDS} alternating rounds; \
             ratio of the medians",
            counts.0,
            counts.1,
            FRAMES_PER_ROUND * FRAME_ROUNDS
        ),
        miss: (!met).then(|| {
            let mut why = Vec::new();
            if r > 1.5 {
                why.push(format!(
                    "the frame with {} products costs {} the one with {} ({:.0}% over the 1.5× goal)",
                    counts.0,
                    ratio(r),
                    counts.1,
                    (r / 1.5 - 1.0) * 100.0
                ));
            }
            if big_median >= limit {
                why.push(format!(
                    "the median frame takes {}, {:.0}% over 1 ms",
                    time(big_median),
                    (big_median.as_secs_f64() / limit.as_secs_f64() - 1.0) * 100.0
                ));
            }
            why.join("; ")
        }),
    }
}

pub fn loaded_count(pages: &[Page<ProductSummary>]) -> usize {
    pages.iter().map(|page| page.items.len()).sum()
}

/// Counts the bytes written to it; clones share the count.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes one draw writes.
fn bytes_of(
    terminal: &mut Terminal<GapFill<CrosstermBackend<Counter>>>,
    counter: &Counter,
    state: &State,
    styles: &Styles,
) -> usize {
    let before = counter.0.get();
    draw(terminal, state, styles);
    counter.0.get() - before
}

/// Bytes written to the terminal per cursor move and per page, against one full frame.
pub fn bytes(pages: &[Page<ProductSummary>]) -> [Row; 2] {
    let (width, height) = (200, 50);
    let styles = Styles::default();
    let mut state = loaded(pages, width, height);
    let counter = Counter::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    // As the app's terminal: crossterm through `GapFill`, cleared once when the UI starts.
    let backend = GapFill::new(CrosstermBackend::new(counter.clone()));
    let mut terminal = Terminal::with_options(backend, options).expect("a counting terminal");
    terminal
        .backend_mut()
        .clear()
        .expect("clearing a counting terminal");
    let full = bytes_of(&mut terminal, &counter, &state, &styles);

    // Moves inside the screen, and those that scroll the list by one row.
    let mut moves = Vec::new();
    let mut scrolls = Vec::new();
    for _ in 0..120 {
        let offset = state.session.listing.offset;
        update(&mut state, Action::SelectNext);
        let written = bytes_of(&mut terminal, &counter, &state, &styles);
        if state.session.listing.offset == offset {
            moves.push(written);
        } else {
            scrolls.push(written);
        }
    }
    let mut pages_down = Vec::new();
    for _ in 0..30 {
        update(&mut state, Action::NextPage);
        pages_down.push(bytes_of(&mut terminal, &counter, &state, &styles));
    }
    let stats = |samples: &[usize]| {
        let max = samples.iter().copied().max().unwrap_or(0);
        let mean = samples.iter().sum::<usize>() / samples.len().max(1);
        (max, mean)
    };
    let (move_max, move_mean) = stats(&moves);
    let (scroll_max, scroll_mean) = stats(&scrolls);
    let (page_max, page_mean) = stats(&pages_down);
    let baseline = format!("full frame {} B", grouped(full as u64));
    let how = |what: &str| {
        format!(
            "{} products loaded, 200x50, the app's terminal: `Terminal<GapFill<CrosstermBackend<W>>>` \
             cleared once as the UI does when it starts, W counting bytes (a fixed viewport: no \
             tty needed); {what}; baseline: the first draw after that clear, the same full \
             repaint a draw after `terminal.clear()` makes",
            grouped(loaded_count(pages) as u64)
        )
    };
    let move_row = Row {
        goal: "bytes per cursor move at 200x50: ≤ 600 B".into(),
        baseline: baseline.clone(),
        result: format!(
            "max {} B (mean {} B)",
            grouped(move_max as u64),
            grouped(move_mean as u64)
        ),
        ratio: format!("{:.3}×", move_max as f64 / full as f64),
        met: move_max <= 600,
        how: how(&format!(
            "the draw after each of {} `update(SelectNext)` that kept the list where it was (the \
             {} that scrolled it one row wrote {} B on average, at most {} B: every row of the list \
             shifts)",
            moves.len(),
            scrolls.len(),
            grouped(scroll_mean as u64),
            grouped(scroll_max as u64)
        )),
        miss: (move_max > 600).then(|| {
            format!(
                "a cursor move writes up to {move_max} B, {:.0}% over 600 B (mean {move_mean} B). \
                 The selected row is highlighted across the list's whole width, so a move \
                 repaints two full rows (every cell's colours change, about 200 B a row with \
                 its escape codes) plus the position and page in the status bar; the largest \
                 moves are those where more of the status bar's digits change",
                (move_max as f64 / 600.0 - 1.0) * 100.0
            )
        }),
    };
    let page_row = Row {
        goal: "bytes per page scroll at 200x50: ≤ 5 KB".into(),
        baseline,
        result: format!(
            "max {} B (mean {} B)",
            grouped(page_max as u64),
            grouped(page_mean as u64)
        ),
        ratio: format!("{:.3}×", page_max as f64 / full as f64),
        met: page_max <= 5 * 1024,
        how: how(&format!(
            "the draw after each of {} `update(NextPage)`",
            pages_down.len()
        )),
        miss: (page_max > 5 * 1024).then(|| {
            format!(
                "a page scroll writes up to {} B, {:.0}% over 5 KB (5,120 B; mean {} B). Every \
                 row of the list shows another product, and ratatui writes each cell that \
                 changed: SKUs, names, prices and stock of a whole screen of rows; only cells \
                 that happen to match (padding, equal digits) are saved, and `GapFill` repeats a \
                 short run of them where that is cheaper than the cursor jump over it. Fewer \
                 bytes would need narrower columns or a terminal scroll region, which ratatui \
                 does not use",
                grouped(page_max as u64),
                (page_max as f64 / 5120.0 - 1.0) * 100.0,
                grouped(page_mean as u64)
            )
        }),
    };
    [move_row, page_row]
}
