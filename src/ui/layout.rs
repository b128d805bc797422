//! Where each pane goes for a terminal size; shared by drawing and by `update`'s scrolling.

use ratatui::layout::{Constraint, Layout, Rect};

/// From this width on, the list and the detail pane sit side by side.
pub const WIDE_FROM: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    /// One line for the search prompt, a message, or the focused pane's key hints.
    pub hints: Rect,
    pub status: Rect,
}

/// Splits the screen. On narrow terminals the detail pane, when open, takes the list's place.
pub fn areas(screen: Rect, detail_open: bool) -> Areas {
    let [main, hints, status] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(screen);
    if screen.width >= WIDE_FROM {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(main);
        Areas {
            list: Some(list),
            detail: Some(detail),
            hints,
            status,
        }
    } else if detail_open {
        Areas {
            list: None,
            detail: Some(main),
            hints,
            status,
        }
    } else {
        Areas {
            list: Some(main),
            detail: None,
            hints,
            status,
        }
    }
}

/// How many product rows the list shows: its height less two borders and the header.
pub fn list_rows(width: u16, height: u16, detail_open: bool) -> usize {
    let screen = Rect::new(0, 0, width, height);
    areas(screen, detail_open)
        .list
        .map_or(0, |list| usize::from(list.height.saturating_sub(3)))
}

/// How many field lines the detail pane shows: its height less two borders.
pub fn detail_rows(width: u16, height: u16, detail_open: bool) -> usize {
    let screen = Rect::new(0, 0, width, height);
    areas(screen, detail_open)
        .detail
        .map_or(0, |detail| usize::from(detail.height.saturating_sub(2)))
}
