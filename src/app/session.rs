//! One store's working state: what belongs to a profile and is found as it was after a switch.

use crate::basket::{Basket, Change, Target};
use crate::catalog::exchange::Exchange;
use crate::catalog::fields::FieldSpec;
use crate::catalog::ratelimit::RateLimit;

use super::state::{Batch, Detail, Focus, Listing};

/// Everything that belongs to one profile's store. `State.session` is the active profile's;
/// the others wait in `State.parked` until the user switches back.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The profile was opened in this run: its journal and catalog were asked for.
    pub opened: bool,
    /// A switch to another profile stopped this store's catalog load: it resumes on return.
    pub interrupted: bool,
    pub listing: Listing,
    pub detail: Detail,
    /// Whether the detail pane is open (on narrow terminals it replaces the list).
    pub detail_open: bool,
    pub focus: Focus,
    /// Changes staged for this store, not yet confirmed by the server.
    pub basket: Basket,
    /// The batch being sent.
    pub sending: Option<Batch>,
    /// What the last finished batch changed, for undo.
    pub last_sent: Vec<(Target, Change)>,
    /// Set when the journal could not be written: nothing is sent until it can.
    pub journal_error: Option<String>,
    /// The warehouse (id, code) the stock keys act on; `None`: the total.
    pub stock_target: Option<(u64, String)>,
    /// The edit form's fields as the platform describes them, once read.
    pub form_fields: Option<Vec<FieldSpec>>,
    /// The newest exchange with this store, for the status bar.
    pub last_exchange: Option<Exchange>,
    /// The newest rate-limit budget this store announced, and the exchange that carried it.
    pub rate_limit: Option<RateLimit>,
    rate_limit_seq: Option<u64>,
}

impl Session {
    /// Notes exchanges with this store for the status bar: the newest one, and the newest
    /// budget announced.
    pub fn saw(&mut self, exchanges: &[Exchange]) {
        for exchange in exchanges {
            let newer = |seen: Option<u64>| seen.is_none_or(|seq| exchange.seq >= seq);
            if newer(self.last_exchange.as_ref().map(|e| e.seq)) {
                self.last_exchange = Some(exchange.clone());
            }
            if exchange.rate_limit.is_some() && newer(self.rate_limit_seq) {
                self.rate_limit = exchange.rate_limit;
                self.rate_limit_seq = Some(exchange.seq);
            }
        }
    }
}
