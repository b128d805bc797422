//! The time the loop last handed the state, and since when each store has been waiting for an answer.

use std::time::{Duration, SystemTime};

use super::session::Session;
use super::state::State;

/// How often the loop hands the time over while something is being waited for.
pub const TICK: Duration = Duration::from_millis(250);

/// `update` never reads the clock; the loop sets this, and drawing reads it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    pub now: Option<SystemTime>,
    /// By profile index: since when that store has had a request in flight.
    waiting_since: Vec<Option<SystemTime>>,
}

impl Clock {
    /// How long the store at `profile` has been waiting, when it is and the time is known.
    pub fn waiting_for(&self, profile: usize) -> Option<Duration> {
        let since = self.waiting_since.get(profile).copied().flatten()?;
        Some(self.now?.duration_since(since).unwrap_or_default())
    }

    /// What is left of a wait ending at `until`, when it has not ended.
    pub fn left_until(&self, until: SystemTime) -> Option<Duration> {
        until
            .duration_since(self.now?)
            .ok()
            .filter(|left| !left.is_zero())
    }
}

/// Whether the store is waiting for an answer: a catalog load, a product, a batch.
pub fn waiting(session: &Session) -> bool {
    session.listing.load.is_loading()
        || session.detail.load.is_loading()
        || session.sending.is_some()
}

/// When the active store's rate-limit hold ends: the newest exchange that announced its
/// budget, answered plus the wait it asked for (or the reset of a spent budget).
pub fn hold_until(state: &State) -> Option<SystemTime> {
    let rate = state.rate_limit()?;
    let wait = rate
        .retry_after
        .or(rate.reset.filter(|_| rate.remaining == Some(0)))?;
    let profile = state.profile().map(|p| p.name.as_str());
    let announced = state
        .last_exchange()
        .into_iter()
        .chain(state.ledger.iter())
        .find(|e| {
            e.rate_limit == Some(rate) && (e.profile.as_deref() == profile || e.profile.is_none())
        })?;
    Some(announced.started_at + announced.latency + wait)
}

/// Whether the loop should keep handing the time over: something is in flight or on hold.
pub fn needs_ticks(state: &State) -> bool {
    waiting(&state.session)
        || hold_until(state).is_some_and(|until| state.clock.left_until(until).is_some())
}

/// Hands `now` to the state and notes when the active store began or stopped waiting.
pub fn tick(state: &mut State, now: SystemTime) {
    let profile = state.active_profile;
    let busy = waiting(&state.session);
    let clock = &mut state.clock;
    clock.now = Some(now);
    if clock.waiting_since.len() <= profile {
        clock.waiting_since.resize(profile + 1, None);
    }
    let since = &mut clock.waiting_since[profile];
    match (busy, *since) {
        (true, None) => *since = Some(now),
        (false, Some(_)) => *since = None,
        _ => {}
    }
}
