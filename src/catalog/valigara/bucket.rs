//! The client's copy of the leaky bucket guarding `product_update_listings`: 4 an hour, one every 15 minutes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::catalog::ratelimit::RateLimit;

/// The documented budget: 4 requests, one slot freed every 15 minutes.
pub const LISTINGS_LIMIT: u64 = 4;
pub const LISTINGS_DRAIN: Duration = Duration::from_secs(15 * 60);
const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// Where the bucket reads the time; tests pass their own.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Instant::now)
}

pub use crate::catalog::model::Budget;

/// Requests in the bucket, draining one every `LISTINGS_DRAIN`.
#[derive(Debug, Clone)]
pub struct Bucket {
    limit: u64,
    used: u64,
    /// When the oldest request in the bucket drains out.
    next_drain: Instant,
}

impl Bucket {
    pub fn new(now: Instant) -> Bucket {
        Bucket {
            limit: LISTINGS_LIMIT,
            used: 0,
            next_drain: now,
        }
    }

    fn drain(&mut self, now: Instant) {
        while self.used > 0 && now >= self.next_drain {
            self.used -= 1;
            self.next_drain += LISTINGS_DRAIN;
        }
        if self.used == 0 {
            self.next_drain = now;
        }
    }

    pub fn budget(&mut self, now: Instant) -> Budget {
        self.drain(now);
        Budget {
            remaining: self.limit.saturating_sub(self.used),
            limit: self.limit,
            refill_in: (self.used > 0).then(|| self.next_drain.saturating_duration_since(now)),
        }
    }

    /// Takes a slot for a request about to be sent, or says how long until one frees up.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let budget = self.budget(now);
        if budget.remaining == 0 {
            return Err(budget.refill_in.unwrap_or(LISTINGS_DRAIN));
        }
        if self.used == 0 {
            self.next_drain = now + LISTINGS_DRAIN;
        }
        self.used += 1;
        Ok(())
    }

    /// Believes what the server announced: its limit, what is left, and when a slot frees up.
    pub fn sync(&mut self, now: Instant, rate: &RateLimit) {
        if let Some(limit) = rate.limit.filter(|limit| *limit > 0) {
            self.limit = limit;
        }
        if let Some(remaining) = rate.remaining {
            self.used = self.limit.saturating_sub(remaining);
        }
        if rate.remaining.is_none() && rate.retry_after.is_some() {
            self.used = self.limit;
        }
        if let Some(wait) = rate
            .reset
            .filter(|reset| !reset.is_zero())
            .or(rate.retry_after)
        {
            // Bounded first: `Instant` arithmetic panics on overflow.
            self.next_drain = now + wait.min(MAX_WAIT);
        } else if self.used > 0 && self.next_drain <= now {
            self.next_drain = now + LISTINGS_DRAIN;
        }
        if self.used == 0 {
            self.next_drain = now;
        }
    }
}

/// "12 min", rounded up, for a wait a person reads.
pub fn minutes(wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    format!("{minutes} min")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_then_one_every_fifteen_minutes() {
        let start = Instant::now();
        let mut bucket = Bucket::new(start);
        for _ in 0..4 {
            assert_eq!(bucket.take(start), Ok(()));
        }
        assert_eq!(bucket.take(start), Err(LISTINGS_DRAIN));
        let later = start + Duration::from_secs(3 * 60);
        assert_eq!(bucket.take(later), Err(Duration::from_secs(12 * 60)));
        assert_eq!(minutes(Duration::from_secs(12 * 60)), "12 min");
        let after = start + LISTINGS_DRAIN;
        assert_eq!(bucket.budget(after).remaining, 1);
        assert_eq!(bucket.take(after), Ok(()));
        assert_eq!(bucket.budget(start + 4 * LISTINGS_DRAIN).remaining, 3);
        assert_eq!(bucket.budget(start + 6 * LISTINGS_DRAIN).refill_in, None);
    }

    #[test]
    fn server_headers_win() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let rate = RateLimit {
            limit: Some(4),
            remaining: Some(1),
            reset: Some(Duration::from_secs(100)),
            retry_after: None,
        };
        bucket.sync(now, &rate);
        let budget = bucket.budget(now);
        assert_eq!(
            (budget.remaining, budget.refill_in),
            (1, Some(Duration::from_secs(100)))
        );
        let full = RateLimit {
            retry_after: Some(Duration::from_secs(60)),
            ..RateLimit::default()
        };
        bucket.sync(now, &full);
        assert_eq!(bucket.take(now), Err(Duration::from_secs(60)));
        let absurd = RateLimit {
            retry_after: Some(Duration::from_secs(u64::MAX)),
            ..RateLimit::default()
        };
        bucket.sync(now, &absurd);
        assert_eq!(bucket.take(now), Err(MAX_WAIT));
    }
}
