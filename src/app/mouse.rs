//! Turns mouse events into actions, when the config turns the mouse on: the wheel scrolls
//! what is under the pointer, a click selects a row, a click on the selected row opens it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::state::{Focus, Layer, State};
use crate::ui::layout;

/// The action a mouse event means in the current state, if any.
pub fn action_for(event: MouseEvent, state: &State) -> Option<Action> {
    let down = match event.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        MouseEventKind::Down(MouseButton::Left) => None,
        _ => return None,
    };
    let overlay = !matches!(state.top(), Layer::List | Layer::Detail);
    if overlay {
        // What is open scrolls as its own keys scroll it; clicks are for the panes only.
        return down.map(|down| {
            if down {
                Action::SelectNext
            } else {
                Action::SelectPrev
            }
        });
    }
    let (width, height) = state.viewport;
    let areas = layout::areas(Rect::new(0, 0, width, height), state.detail_open());
    let at = Position::new(event.column, event.row);
    let over = if areas.list.is_some_and(|list| list.contains(at)) {
        Some(Focus::List)
    } else if areas.detail.is_some_and(|detail| detail.contains(at)) {
        Some(Focus::Detail)
    } else {
        None
    };
    match down {
        Some(down) => Some(Action::MouseWheel { down, over }),
        None => {
            let over = over?;
            let row = areas.list.and_then(|list| list_row(state, list, event.row));
            Some(Action::MouseClick {
                over,
                row: row.filter(|_| over == Focus::List),
            })
        }
    }
}

/// The product row at screen line `y` of the list pane: below its border and header.
fn list_row(state: &State, list: Rect, y: u16) -> Option<usize> {
    let first_line = list.y + 2;
    let last_line = list.y + list.height.saturating_sub(1);
    if y < first_line || y >= last_line {
        return None;
    }
    let listing = &state.session.listing;
    let rows = usize::from(list.height.saturating_sub(3));
    let (start, end) =
        crate::ui::list_window(listing.offset, listing.selected, rows, listing.len());
    let index = start + usize::from(y - first_line);
    (index < end).then_some(index)
}
