//! The run's request ledger: every exchange with every store, tagged with its profile.

use crate::catalog::exchange::Exchange;

use super::state::{LEDGER_CAPACITY, State};

/// The response bodies the ledger keeps, newest first, in bytes.
pub const LEDGER_BODY_BUDGET: usize = 32 * 1024 * 1024;
/// What an older body is replaced with once the budget is spent.
const DROPPED_BODY: &str =
    "(body dropped: the ledger keeps the newest 32 MB of bodies; r reads the page again)";

impl State {
    /// Adds a store's exchanges to the ledger, tagged with the profile, newest (by the order
    /// they were started) first, and notes them in that store's session for its status bar.
    /// Answers can arrive out of order, so each goes where its sequence number puts it.
    pub fn record(&mut self, profile: usize, exchanges: Vec<Exchange>) {
        let name = self.profiles.get(profile).map(|p| p.name.clone());
        let exchanges: Vec<Exchange> = exchanges
            .into_iter()
            .map(|exchange| Exchange {
                profile: name.clone(),
                ..exchange
            })
            .collect();
        let session = if profile == self.active_profile {
            Some(&mut self.session)
        } else {
            self.parked.get_mut(profile)
        };
        if let Some(session) = session {
            session.saw(&exchanges);
        }
        for exchange in exchanges {
            let at = self
                .ledger
                .iter()
                .position(|e| e.seq < exchange.seq)
                .unwrap_or(self.ledger.len());
            self.ledger.insert(at, exchange);
        }
        self.ledger.truncate(LEDGER_CAPACITY);
        self.drop_old_bodies();
    }

    /// Keeps the ledger's bodies within `LEDGER_BODY_BUDGET`: loading a whole catalog brings
    /// hundreds of large pages. The oldest bodies give way first and say so in their place.
    fn drop_old_bodies(&mut self) {
        let size =
            |e: &Exchange| e.response_body.len() + e.request_body.as_ref().map_or(0, |b| b.len());
        let mut total: usize = self.ledger.iter().map(size).sum();
        for exchange in self.ledger.iter_mut().rev() {
            if total <= LEDGER_BODY_BUDGET {
                break;
            }
            if exchange.response_body.len() <= DROPPED_BODY.len() {
                continue;
            }
            total -= exchange.response_body.len();
            exchange.response_body = bytes::Bytes::from_static(DROPPED_BODY.as_bytes());
            exchange
                .response_headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
            total += DROPPED_BODY.len();
        }
    }
}
