//! What the last `:import` staged and could not use: it scrolls, `b` opens the basket in its
//! place, Esc closes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::Action;
use crate::app::layer::{RootAction, Step};
use crate::app::state::State;

pub fn keys(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('d') if ctrl => Some(Action::HalfPageDown),
        KeyCode::Char('u') if ctrl => Some(Action::HalfPageUp),
        KeyCode::Char('j') | KeyCode::Down => Some(Action::SelectNext),
        KeyCode::Char('k') | KeyCode::Up => Some(Action::SelectPrev),
        KeyCode::Char('g') | KeyCode::Home => Some(Action::SelectFirst),
        KeyCode::Char('G') | KeyCode::End => Some(Action::SelectLast),
        KeyCode::Char(']') | KeyCode::PageDown => Some(Action::NextPage),
        KeyCode::Char('[') | KeyCode::PageUp => Some(Action::PrevPage),
        KeyCode::Char('b') => Some(Action::OpenBasket),
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => Some(Action::Back),
        _ => None,
    }
}

pub fn update(state: &mut State, action: Action) -> Step {
    let (width, height) = state.viewport;
    let rows = crate::ui::import_rows(width, height);
    let Some(report) = state.import_report_mut() else {
        return Step::Stay;
    };
    let max = report.body_len().saturating_sub(rows);
    let step = |by: isize, at: usize| at.saturating_add_signed(by).min(max);
    let page = isize::try_from(rows.max(1)).unwrap_or(1);
    match action {
        Action::SelectNext => report.scroll = step(1, report.scroll),
        Action::SelectPrev => report.scroll = step(-1, report.scroll),
        Action::NextPage | Action::HalfPageDown => report.scroll = step(page, report.scroll),
        Action::PrevPage | Action::HalfPageUp => report.scroll = step(-page, report.scroll),
        Action::SelectFirst | Action::FirstPage => report.scroll = 0,
        Action::SelectLast | Action::LastPage => report.scroll = max,
        Action::OpenBasket => return Step::Root(RootAction::OpenBasket),
        Action::Back => return Step::Pop,
        _ => {}
    }
    Step::Stay
}
