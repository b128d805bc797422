//! A staged stock change: the stock the user saw and the target it is set to.

use serde::{Deserialize, Serialize};

/// A stock change, always staged as an absolute target: a relative `+5` on 10 is "set to 15"
/// (so a retry can never add it twice) and is only shown as `+5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StockChangeRecord")]
pub enum StockChange {
    /// `+`/`-`: the user typed an amount (`to - from`) on the stock they saw (`from`).
    Adjust { from: i64, to: i64 },
    /// `=` or the form: set an exact value.
    Set { from: i64, to: i64 },
}

/// A stock change as a journal holds it; journals written before targets were recorded
/// hold an adjustment as `from` and `delta`.
#[derive(Deserialize)]
enum StockChangeRecord {
    Adjust {
        from: i64,
        to: Option<i64>,
        delta: Option<i64>,
    },
    Set {
        from: i64,
        to: i64,
    },
}

impl TryFrom<StockChangeRecord> for StockChange {
    type Error = String;

    fn try_from(record: StockChangeRecord) -> Result<StockChange, String> {
        match record {
            StockChangeRecord::Adjust {
                from, to: Some(to), ..
            } => Ok(StockChange::Adjust { from, to }),
            StockChangeRecord::Adjust {
                from,
                delta: Some(delta),
                to: None,
            } => Ok(StockChange::adjust(from, delta)),
            StockChangeRecord::Adjust { .. } => {
                Err("a stock adjustment without its target".to_owned())
            }
            StockChangeRecord::Set { from, to } => Ok(StockChange::Set { from, to }),
        }
    }
}

impl StockChange {
    /// `delta` on the stock the user saw, staged as its target.
    pub fn adjust(from: i64, delta: i64) -> StockChange {
        StockChange::Adjust {
            from,
            to: from.saturating_add(delta),
        }
    }

    pub fn from(self) -> i64 {
        match self {
            StockChange::Adjust { from, .. } | StockChange::Set { from, .. } => from,
        }
    }

    pub fn to(self) -> i64 {
        match self {
            StockChange::Adjust { to, .. } | StockChange::Set { to, .. } => to,
        }
    }

    /// How far the change moves the stock: what a `+5` shows.
    pub fn delta(self) -> i64 {
        self.to().saturating_sub(self.from())
    }

    pub fn is_noop(self) -> bool {
        self.from() == self.to()
    }
}
