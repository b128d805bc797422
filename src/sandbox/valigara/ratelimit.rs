//! The limit of `product_update_listings`: 4 requests, a leaky bucket draining one every 15
//! minutes, or (a variant) 4 in any rolling hour.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue};

pub const CAPACITY: u64 = 4;
/// judgment: "4 requests per hour" read as a bucket draining one every 15 minutes.
pub const DRAIN: Duration = Duration::from_secs(15 * 60);
/// The document's own words: 4 requests per hour.
pub const WINDOW: Duration = Duration::from_secs(60 * 60);

#[derive(Debug)]
pub struct Bucket {
    level: u64,
    /// When the last drop leaked (or the bucket last filled from empty).
    since: Instant,
    /// With the rolling-hour variant: when each request still inside the hour was let through.
    rolling: Option<VecDeque<Instant>>,
}

/// What the bucket said about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    pub used: u64,
    /// Seconds until one more request is allowed (0 when one is allowed now).
    pub reset: u64,
}

impl Bucket {
    pub fn new(now: Instant) -> Bucket {
        Bucket {
            level: 0,
            since: now,
            rolling: None,
        }
    }

    /// judgment: the document says "4 requests per hour"; this variant reads it as a window
    /// of an hour sliding over the requests let through, the strictest reading.
    pub fn rolling_hour() -> Bucket {
        Bucket {
            level: 0,
            since: Instant::now(),
            rolling: Some(VecDeque::new()),
        }
    }

    /// Counts one request if there is room.
    pub fn take(&mut self, now: Instant) -> Verdict {
        if let Some(sent) = &mut self.rolling {
            return take_in_window(sent, now);
        }
        self.leak(now);
        let allowed = self.level < CAPACITY;
        if allowed {
            if self.level == 0 {
                self.since = now;
            }
            self.level += 1;
        }
        let reset = if self.level < CAPACITY {
            0
        } else {
            let left = DRAIN.saturating_sub(now.saturating_duration_since(self.since));
            left.as_secs() + u64::from(left.subsec_nanos() > 0)
        };
        Verdict {
            allowed,
            used: self.level,
            reset,
        }
    }

    fn leak(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.since);
        let drops = u64::try_from(elapsed.as_nanos() / DRAIN.as_nanos()).unwrap_or(u64::MAX);
        if drops == 0 {
            return;
        }
        if drops >= self.level {
            self.level = 0;
            self.since = now;
        } else {
            self.level -= drops;
            let step = u32::try_from(drops).unwrap_or(u32::MAX);
            self.since = self.since.checked_add(DRAIN * step).unwrap_or(now);
        }
    }
}

/// At most `CAPACITY` requests let through in any `WINDOW`.
fn take_in_window(sent: &mut VecDeque<Instant>, now: Instant) -> Verdict {
    while sent
        .front()
        .is_some_and(|first| now.saturating_duration_since(*first) >= WINDOW)
    {
        sent.pop_front();
    }
    let allowed = (sent.len() as u64) < CAPACITY;
    if allowed {
        sent.push_back(now);
    }
    let used = sent.len() as u64;
    let reset = match sent.front() {
        Some(first) if used >= CAPACITY => {
            let left = WINDOW.saturating_sub(now.saturating_duration_since(*first));
            left.as_secs() + u64::from(left.subsec_nanos() > 0)
        }
        _ => 0,
    };
    Verdict {
        allowed,
        used,
        reset,
    }
}

impl Verdict {
    /// `X-RateLimit-*`, the leaky-bucket `X-Valigara-Api-Call-Limit`, and `Retry-After` when refused.
    pub fn headers(&self, headers: &mut HeaderMap) {
        let mut put = |name: &'static str, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        };
        put("x-ratelimit-limit", CAPACITY.to_string());
        put(
            "x-ratelimit-remaining",
            (CAPACITY - self.used.min(CAPACITY)).to_string(),
        );
        put("x-ratelimit-reset", self.reset.to_string());
        put(
            "x-valigara-api-call-limit",
            format!("{}/{CAPACITY}", self.used),
        );
        if !self.allowed {
            put("retry-after", self.reset.max(1).to_string());
        }
    }
}
