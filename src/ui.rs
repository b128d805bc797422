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
mod import;
mod inspect_hints;
pub mod layout;
mod ledger;
mod ledger_row;
mod list;
mod listings;
mod popup;
mod prices;
mod prompt;
mod section;
mod status;
mod text;
mod welcome;

use ratatui::Frame;
use ratatui::widgets::Block;

use crate::app::state::{Focus, State};
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
    let areas = layout::areas(screen, state.session.detail_open);
    let list_focused = areas.detail.is_none() || state.session.focus == Focus::List;
    if let Some(inspector) = &state.inspector {
        // The inspector takes the list's and the detail pane's place.
        let main = popup::main_area(screen);
        match &inspector.open {
            Some(open) => exchange::draw(frame, main, state, open, styles),
            None => ledger::draw(frame, main, state, inspector, styles),
        }
    } else if let Some(area) = areas.list {
        list::draw(frame, area, screen, state, styles, list_focused);
    }
    if let Some(area) = areas.detail.filter(|_| state.inspector.is_none()) {
        detail::draw(
            frame,
            area,
            state,
            styles,
            areas.list.is_none() || !list_focused,
        );
    }
    hints::draw(frame, areas.hints, state, styles);
    status::draw(frame, areas.status, state, styles);
    if let Some(editor) = &state.editor {
        editor::draw(frame, screen, editor, styles);
    }
    if let Some(view) = &state.basket_view {
        basket::draw(frame, screen, state, view, styles);
    }
    if let Some(view) = &state.listings {
        listings::draw(frame, screen, view, styles);
    }
    if let Some(report) = &state.import_report {
        import::draw(frame, screen, report, styles);
    }
    if state.help_open {
        help::draw(frame, screen, state, styles);
    }
    if let Some(dialog) = &state.dialog {
        dialog::draw(frame, screen, dialog, styles);
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
