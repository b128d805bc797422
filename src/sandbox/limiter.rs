//! The optional request budget of one simulated store (`--rate-limit R`): a token bucket
//! on the sandbox clock, the `X-RateLimit-*` headers announcing it, and counts of the
//! requests it let through and refused.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;

use super::SandboxClock;

/// How a store refuses a request over budget: its own status, headers and body.
pub type Refuse = fn(&Uri, &Verdict) -> Response;

/// Requests one simulated store let through and refused over its rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Traffic {
    pub accepted: u64,
    pub refused: u64,
}

/// What the budget said about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// Requests per second, and the burst: the bucket's capacity.
    pub limit: u32,
    /// Whole requests left in the bucket after this one.
    pub remaining: u64,
    /// Seconds, rounded up, until the bucket is full again.
    pub reset: u64,
    /// Seconds, rounded up and at least 1, until one more request is allowed.
    pub retry_after: u64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// One store's budget and counters; without a rate every request is let through and counted.
#[derive(Debug)]
pub struct Limiter {
    rate: Option<u32>,
    clock: SandboxClock,
    bucket: Mutex<Bucket>,
    accepted: AtomicU64,
    refused: AtomicU64,
}

impl Limiter {
    /// A bucket of `rate` tokens refilling `rate` a second, starting full.
    // judgment: the platforms' documentation is silent on bursts; the bucket holds one
    // second's worth (capacity R), so a client that paces itself at R a second is never
    // refused and one that bursts gets R requests before the first 429. A rate of 0 is read as 1.
    pub fn new(rate: Option<u32>, clock: SandboxClock) -> Limiter {
        let rate = rate.map(|r| r.max(1));
        Limiter {
            rate,
            bucket: Mutex::new(Bucket {
                tokens: f64::from(rate.unwrap_or(0)),
                at: clock.now(),
            }),
            clock,
            accepted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        }
    }

    pub fn traffic(&self) -> Traffic {
        Traffic {
            accepted: self.accepted.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
        }
    }

    /// Counts one request and, when the store is limited, takes a token for it if there is one.
    pub fn take(&self) -> Option<Verdict> {
        let Some(rate) = self.rate else {
            self.accepted.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        let capacity = f64::from(rate);
        let now = self.clock.now();
        // A poisoned lock only means a handler panicked mid-request; the bucket is still usable.
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * capacity).min(capacity);
        bucket.at = bucket.at.max(now);
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let counter = if allowed {
            &self.accepted
        } else {
            &self.refused
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let seconds = |tokens: f64| (tokens / capacity).ceil() as u64;
        Some(Verdict {
            allowed,
            limit: rate,
            remaining: bucket.tokens.floor() as u64,
            reset: seconds(capacity - bucket.tokens),
            retry_after: seconds(1.0 - bucket.tokens).max(1),
        })
    }
}

impl Verdict {
    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset`, and `Retry-After` on a refusal.
    // judgment: a header the store already set wins, so an action with a budget of its own
    // (Valigara's product_update_listings, 4 an hour) announces that stricter one.
    pub fn announce(&self, headers: &mut HeaderMap) {
        let mut put = |name: &'static str, value: u64| {
            let name = HeaderName::from_static(name);
            if !headers.contains_key(&name) {
                headers.insert(name, HeaderValue::from(value));
            }
        };
        put("x-ratelimit-limit", u64::from(self.limit));
        put("x-ratelimit-remaining", self.remaining);
        put("x-ratelimit-reset", self.reset);
        if !self.allowed {
            put("retry-after", self.retry_after);
        }
    }
}

/// `router` behind `limiter`: every request is counted, and one over budget is answered
/// by `refuse` without reaching the store.
// judgment: every request a store receives spends its budget, authenticated or not,
// as a limit per client address would.
pub fn guard(router: Router, limiter: Arc<Limiter>, refuse: Refuse) -> Router {
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let limiter = limiter.clone();
        async move {
            let verdict = limiter.take();
            let mut response = match verdict {
                Some(verdict) if !verdict.allowed => refuse(request.uri(), &verdict),
                _ => next.run(request).await,
            };
            if let Some(verdict) = verdict {
                verdict.announce(response.headers_mut());
            }
            response
        }
    }))
}
