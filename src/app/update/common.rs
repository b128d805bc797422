//! What every part of `update` shares: the message line, the journal, request ids, quitting,
//! the list's scrolling window and opening the detail pane.

use crate::app::effect::{Effect, RequestId};
use crate::app::state::{
    Detail, Dialog, EditKind, Focus, Layer, Listing, Load, Message, Severity, State,
};
use crate::ui::layout;

pub fn info(state: &mut State, text: &str) -> Vec<Effect> {
    state.message = Some(Message {
        severity: Severity::Info,
        text: text.to_owned(),
    });
    vec![]
}

pub fn problem(state: &mut State, text: &str) -> Vec<Effect> {
    state.message = Some(Message {
        severity: Severity::Error,
        text: text.to_owned(),
    });
    vec![]
}

/// Writes the basket to the journal; every change to the basket ends with this.
pub fn journal(state: &State) -> Vec<Effect> {
    vec![Effect::SaveJournal {
        profile: state.active_profile,
        items: state.session.basket.items.clone(),
    }]
}

pub fn next_request(state: &mut State) -> RequestId {
    let id = RequestId(state.next_request);
    state.next_request += 1;
    id
}

pub fn quit(state: &mut State) -> Vec<Effect> {
    state.should_quit = true;
    vec![Effect::Quit]
}

/// Quits, first asking when changes are staged on any profile or a batch is on its way (the
/// changes stay journaled either way). Asked again while the question is open, it quits.
pub fn quit_or_ask(state: &mut State) -> Vec<Effect> {
    let asking = matches!(
        state.top(),
        Layer::Dialog(Dialog::ConfirmQuit { .. } | Dialog::QuitWhileSending { .. })
    );
    if asking || !state.must_ask_before_quitting() {
        return quit(state);
    }
    let dialog = quit_dialog(state);
    state.push(Layer::Dialog(dialog));
    vec![]
}

pub fn list_rows(state: &State) -> usize {
    let (width, height) = state.viewport;
    layout::list_rows(width, height, state.detail_open()).max(1)
}

pub fn detail_rows(state: &State) -> usize {
    let (width, height) = state.viewport;
    layout::detail_rows(width, height, state.detail_open()).max(1)
}

/// Keeps the selected row inside the visible window, scrolling as little as possible.
pub fn clamp_offset(state: &mut State) {
    let rows = list_rows(state);
    let listing: &mut Listing = &mut state.session.listing;
    if listing.selected < listing.offset {
        listing.offset = listing.selected;
    } else if listing.selected >= listing.offset + rows {
        listing.offset = listing.selected + 1 - rows;
    }
    let max_offset = listing.len().saturating_sub(rows);
    listing.offset = listing.offset.min(max_offset);
}

/// Opens the detail pane on the selected product and fetches it in full.
pub fn open_detail(state: &mut State) -> Vec<Effect> {
    let Some(id) = state
        .session
        .listing
        .selected_product()
        .map(|p| p.id.clone())
    else {
        return vec![];
    };
    state.open_detail_pane();
    state.session.focus = Focus::Detail;
    let request = next_request(state);
    let stale = state
        .session
        .detail
        .product
        .as_ref()
        .is_some_and(|p| p.summary.id != id);
    if stale {
        state.session.detail = Detail::default();
    }
    state.session.detail.load = Load::Loading(request);
    vec![Effect::LoadProduct {
        request,
        profile: state.active_profile,
        id,
    }]
}

/// Fetches the selected product, then opens an editor on it.
pub fn load_product_then(state: &mut State, kind: EditKind) -> Vec<Effect> {
    let effects = open_detail(state);
    state.session.detail.then_edit = Some(kind);
    effects
}

/// Fetches the product in the detail pane again.
pub fn reload_detail(state: &mut State) -> Vec<Effect> {
    let Some(id) = state
        .session
        .detail
        .product
        .as_ref()
        .map(|p| p.summary.id.clone())
    else {
        return vec![];
    };
    let request = next_request(state);
    state.session.detail.load = Load::Loading(request);
    vec![Effect::LoadProduct {
        request,
        profile: state.active_profile,
        id,
    }]
}

/// The quit question: when a batch is on its way, what is in flight and what quitting leaves.
pub fn quit_dialog(state: &State) -> Dialog {
    let unsent = state.unsent();
    let sessions = std::iter::once((state.active_profile, &state.session)).chain(
        state
            .parked
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != state.active_profile),
    );
    for (index, session) in sessions {
        if let Some(batch) = &session.sending {
            return Dialog::QuitWhileSending {
                unsent,
                profile: state
                    .profiles
                    .get(index)
                    .map_or_else(String::new, |p| p.name.clone()),
                at: (batch.done + 1).min(batch.items.len()),
                total: batch.items.len(),
            };
        }
    }
    Dialog::ConfirmQuit { unsent }
}
