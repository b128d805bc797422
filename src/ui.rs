//! Drawing: a pure function of the app's state onto a ratatui frame.

mod basket;
mod basket_lines;
mod body_line;
mod detail;
mod dialog;
mod editor;
mod exchange;
mod help;
mod hints;
mod history;
mod import;
mod inspect_hints;
pub mod layout;
mod ledger;
mod ledger_row;
mod list;
mod listings;
mod popup;
mod position;
mod prices;
mod prompt;
mod screen_keys;
mod section;
mod status;
mod text;
mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Block;

use crate::app::state::{Focus, Layer, State};
use crate::theme::Styles;

/// A block with borders on every side, drawn with the styles' glyphs.
fn bordered(styles: &Styles) -> Block<'static> {
    Block::bordered().border_set(styles.glyphs.border)
}

pub use detail::content_lines as detail_lines;
pub use exchange::{exchange_rows, section_lines};
pub use import::rows as import_rows;
pub use ledger::{filtered, ledger_matches, ledger_rows};
pub use list::window as list_window;

/// Draws the whole screen; with no profile configured, the welcome screen.
pub fn draw(frame: &mut Frame, state: &State, styles: &Styles) {
    let _cut = text::CutGuard::set(styles.glyphs.cut);
    if state.profiles.is_empty() {
        let path = state
            .config_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        draw_welcome(frame, &path, styles);
        return;
    }
    let screen = frame.area();
    frame.render_widget(Block::new().style(styles.base), screen);
    let areas = layout::areas(screen, state.detail_open());
    let list_focused = areas.detail.is_none() || state.session.focus == Focus::List;
    // The panes, or the ledger or exchange that takes their place.
    let inspected = state
        .layers
        .iter()
        .rev()
        .find(|layer| matches!(layer, Layer::Ledger(_) | Layer::Exchange(_)));
    match inspected {
        Some(Layer::Ledger(inspector)) => {
            ledger::draw(frame, popup::main_area(screen), state, inspector, styles)
        }
        Some(Layer::Exchange(open)) => {
            exchange::draw(frame, popup::main_area(screen), state, open, styles)
        }
        _ => {
            if let Some(area) = areas.list {
                list::draw(frame, area, screen, state, styles, list_focused);
            }
            if let Some(area) = areas.detail {
                let focused = areas.list.is_none() || !list_focused;
                detail::draw(frame, area, state, styles, focused);
            }
        }
    }
    hints::draw(frame, areas.hints, state, styles);
    status::draw(frame, areas.status, state, styles);
    for layer in &state.layers {
        draw_overlay(frame, screen, state, layer, styles);
    }
}

/// Draws a layer that opens over the panes, bottom to top; the panes, the ledger and the
/// exchange are drawn in their place, prompts and searches on the hints line.
fn draw_overlay(frame: &mut Frame, screen: Rect, state: &State, layer: &Layer, styles: &Styles) {
    match layer {
        Layer::Editor(editor) => editor::draw(frame, screen, editor, styles),
        Layer::Basket(view) => basket::draw(frame, screen, state, view, styles),
        Layer::Listings(view) => listings::draw(frame, screen, view, styles),
        Layer::ImportReport(report) => import::draw(frame, screen, report, styles),
        Layer::Help => help::draw(frame, screen, state, styles),
        Layer::Dialog(dialog) => dialog::draw(frame, screen, dialog, styles),
        Layer::List
        | Layer::Detail
        | Layer::Ledger(_)
        | Layer::Exchange(_)
        | Layer::Search(_)
        | Layer::Prompt(_)
        | Layer::Copy => {}
    }
}

/// The first-run screen: no profile yet, how to run the demo, and a config example
/// for the file at `config_path` (left out when empty).
pub fn draw_welcome(frame: &mut Frame, config_path: &str, styles: &Styles) {
    let _cut = text::CutGuard::set(styles.glyphs.cut);
    let screen = frame.area();
    frame.render_widget(Block::new().style(styles.base), screen);
    welcome::draw(frame, screen, config_path, styles);
}
