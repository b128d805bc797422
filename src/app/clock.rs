//! The time the loop last handed the state, and since when each store has been waiting for an answer.

use std::time::{Duration, SystemTime};

use super::session::Session;

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

    /// Takes `now`, noting whether the store at `profile` is waiting for an answer.
    pub fn set(&mut self, now: SystemTime, profile: usize, busy: bool) {
        self.now = Some(now);
        if self.waiting_since.len() <= profile {
            self.waiting_since.resize(profile + 1, None);
        }
        let since = &mut self.waiting_since[profile];
        match (busy, *since) {
            (true, None) => *since = Some(now),
            (false, Some(_)) => *since = None,
            _ => {}
        }
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
