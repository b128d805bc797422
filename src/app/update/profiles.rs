//! Profiles: each store keeps its session; switching parks the one left and opens or resumes
//! the one arrived at.

use crate::app::effect::Effect;
use crate::app::state::{Layer, Load, State};

use super::common::{clamp_offset, info, problem};
use super::loading;

/// `:profile NAME`: switches to that profile; without a name, lists them.
pub fn profile_command(state: &mut State, name: &str) -> Result<Vec<Effect>, String> {
    let names: Vec<&str> = state.profiles.iter().map(|p| p.name.as_str()).collect();
    let listed = names.join(", ");
    let name = name.trim();
    if name.is_empty() {
        let active = state.profile().map_or("", |p| p.name.as_str());
        let room = usize::from(state.viewport.0).saturating_sub(1);
        let text = profiles_line(&names, active, room);
        return Ok(info(state, &text));
    }
    match names.iter().position(|n| *n == name) {
        Some(index) if index == state.active_profile => {
            Ok(info(state, &format!("Already on profile {name}")))
        }
        Some(index) => Ok(switch_profile(state, index)),
        None => Err(format!("no profile `{name}` (profiles: {listed})")),
    }
}

/// Every profile and the one in use, on one line of `room` characters: all named when they
/// fit, else as many as fit, the count of the others and how to see them all.
fn profiles_line(names: &[&str], active: &str, room: usize) -> String {
    let all = format!("Profiles: {} (on {active})", names.join(", "));
    if all.chars().count() <= room {
        return all;
    }
    let mut line = format!("{} profiles, on {active}:", names.len());
    for (shown, name) in names.iter().enumerate() {
        let left = names.len() - shown - 1;
        let rest = if left == 0 {
            String::new()
        } else {
            format!(" +{left} (:profile Tab)")
        };
        let more = format!(" {name}");
        if line.chars().count() + more.chars().count() + rest.chars().count() > room {
            line.push_str(&format!(" +{} (:profile Tab)", names.len() - shown));
            return line;
        }
        line.push_str(&more);
    }
    line
}

pub fn next_profile(state: &mut State) -> Vec<Effect> {
    if state.profiles.len() < 2 {
        return info(state, "Only one profile is configured");
    }
    switch_profile(state, (state.active_profile + 1) % state.profiles.len())
}

/// Opens another profile's store in place of this one. The store left keeps its session
/// (rows, basket, undo, warehouse, status) for when the user comes back; a store opened for
/// the first time reads its journal and loads its catalog.
fn switch_profile(state: &mut State, index: usize) -> Vec<Effect> {
    if state.session.sending.is_some() {
        return problem(
            state,
            "A batch is being sent: wait for it to finish before switching profile",
        );
    }
    let index = index.min(state.profiles.len().saturating_sub(1));
    let mut effects = leave_session(state);
    let Some(incoming) = state.parked.get_mut(index).map(std::mem::take) else {
        return effects;
    };
    let outgoing = std::mem::replace(&mut state.session, incoming);
    if let Some(slot) = state.parked.get_mut(state.active_profile) {
        *slot = outgoing;
    }
    state.active_profile = index;
    effects.extend(enter_session(state));
    let name = state.profile().map(|p| p.name.clone()).unwrap_or_default();
    info(state, &format!("Switched to profile {name}"));
    effects
}

/// What the store being left stops doing: its catalog load (resumed on return) and any editor
/// waiting for a product to arrive.
fn leave_session(state: &mut State) -> Vec<Effect> {
    state.session.detail_was_open = state.detail_open();
    state.close(|layer| matches!(layer, Layer::Detail));
    let session = &mut state.session;
    session.detail.then_edit = None;
    session.detail.then_stock = None;
    if session.listing.load.is_loading() {
        session.listing.load = Load::Idle;
        session.interrupted = true;
        return vec![Effect::CancelLoad];
    }
    vec![]
}

/// The active store's work on arrival: everything, the first time; a load the switch
/// interrupted, on return.
fn enter_session(state: &mut State) -> Vec<Effect> {
    if std::mem::take(&mut state.session.detail_was_open) {
        state.open_detail_pane();
    }
    if !state.session.opened {
        return open_session(state);
    }
    if std::mem::take(&mut state.session.interrupted) {
        return loading::load_catalog(state);
    }
    clamp_offset(state);
    vec![]
}

/// Opens the active profile's store: its journal, its form's fields, its catalog from page 1.
pub fn open_session(state: &mut State) -> Vec<Effect> {
    state.session.opened = true;
    let profile = state.active_profile;
    let mut effects = vec![
        Effect::LoadJournal { profile },
        Effect::LoadFormFields { profile },
    ];
    effects.extend(loading::reload_from_scratch(state));
    effects
}
