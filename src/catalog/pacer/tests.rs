//! The pacer in tokio's paused time, against simulated servers that count what they allow.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::Pacer;
use crate::catalog::ratelimit::RateLimit;

/// A server's limiter as the client sees it: allow or refuse, and what it announces.
trait Server {
    fn take(&mut self, now: Instant) -> (bool, RateLimit);
}

/// A token bucket of `capacity`, refilled at `rate` a second; reset is the whole seconds
/// (rounded up) until one more request is allowed, as the sandbox announces it.
struct Bucket {
    capacity: f64,
    rate: f64,
    tokens: f64,
    at: Instant,
}

impl Server for Bucket {
    fn take(&mut self, now: Instant) -> (bool, RateLimit) {
        let elapsed = now.duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.at = now;
        let allowed = self.tokens >= 1.0;
        if allowed {
            self.tokens -= 1.0;
        }
        let missing = (1.0 - self.tokens).max(0.0);
        let reset = (missing / self.rate).ceil() as u64;
        let rate = RateLimit {
            limit: Some(self.capacity as u64),
            remaining: Some(self.tokens.floor() as u64),
            reset: Some(Duration::from_secs(reset)),
            retry_after: (!allowed).then(|| Duration::from_secs(reset.max(1))),
        };
        (allowed, rate)
    }
}

/// A fixed window of `limit` requests a second; reset is the whole seconds until it ends.
struct Window {
    limit: u64,
    start: Instant,
    used: u64,
    index: u64,
}

impl Server for Window {
    fn take(&mut self, now: Instant) -> (bool, RateLimit) {
        let elapsed = now.duration_since(self.start);
        let index = elapsed.as_secs();
        if index != self.index {
            self.index = index;
            self.used = 0;
        }
        let allowed = self.used < self.limit;
        if allowed {
            self.used += 1;
        }
        let rate = RateLimit {
            limit: Some(self.limit),
            remaining: Some(self.limit - self.used),
            reset: Some(Duration::from_secs(1)),
            retry_after: (!allowed).then_some(Duration::from_secs(1)),
        };
        (allowed, rate)
    }
}

/// Sends `n` requests one after another, each taking `latency`; returns the refusals and the time taken.
async fn batch(
    pacer: &Arc<Pacer>,
    server: &mut dyn Server,
    n: u32,
    latency: Duration,
) -> (u32, Duration) {
    let start = Instant::now();
    let mut refused = 0;
    for _ in 0..n {
        let permit = pacer.acquire().await;
        tokio::time::sleep(latency / 2).await;
        let (allowed, rate) = server.take(Instant::now());
        tokio::time::sleep(latency / 2).await;
        permit.observe(Some(&rate));
        if !allowed {
            refused += 1;
        }
    }
    (refused, start.elapsed())
}

fn achieved(n: u32, elapsed: Duration) -> f64 {
    f64::from(n) / elapsed.as_secs_f64()
}

#[tokio::test(start_paused = true)]
async fn a_configured_rate_spaces_requests_evenly() {
    let pacer = Pacer::new(Some(10.0));
    let start = Instant::now();
    for _ in 0..50 {
        drop(pacer.acquire().await);
    }
    // The first two go at once (the burst), then one every 100 ms.
    assert_eq!(start.elapsed(), Duration::from_millis(4800));
    assert_eq!(pacer.rate(), Some(10.0));
}

#[tokio::test(start_paused = true)]
async fn without_a_rate_or_an_announcement_nothing_waits() {
    let pacer = Pacer::new(None);
    let start = Instant::now();
    for _ in 0..1000 {
        pacer.acquire().await.observe(None);
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(pacer.rate(), None);
}

#[tokio::test(start_paused = true)]
async fn a_thousand_requests_against_a_token_bucket_learn_its_rate_and_are_never_refused() {
    let rate = 20.0;
    let pacer = Pacer::new(None);
    let mut server = Bucket {
        capacity: rate,
        rate,
        tokens: rate,
        at: Instant::now(),
    };
    let (refused, elapsed) = batch(&pacer, &mut server, 1000, Duration::from_millis(4)).await;
    assert_eq!(refused, 0);
    assert!(achieved(1000, elapsed) >= 0.95 * rate, "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn a_thousand_requests_against_a_fixed_window_are_never_refused() {
    for limit in [5, 10, 50] {
        let pacer = Pacer::new(None);
        let mut server = Window {
            limit,
            start: Instant::now() - Duration::from_millis(300),
            used: 0,
            index: 0,
        };
        let (refused, elapsed) = batch(&pacer, &mut server, 1000, Duration::from_millis(2)).await;
        assert_eq!(refused, 0, "limit {limit}");
        let rate = achieved(1000, elapsed);
        assert!(rate >= 0.95 * limit as f64, "limit {limit}: {rate}/s");
    }
}

#[tokio::test(start_paused = true)]
async fn a_spent_budget_waits_for_the_announced_reset() {
    let pacer = Pacer::new(None);
    let permit = pacer.acquire().await;
    permit.observe(Some(&RateLimit {
        limit: None,
        remaining: Some(0),
        reset: Some(Duration::from_secs(3)),
        retry_after: None,
    }));
    drop(permit);
    let start = Instant::now();
    drop(pacer.acquire().await);
    assert_eq!(start.elapsed(), Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn what_is_left_is_shared_by_the_requests_in_flight() {
    let pacer = Pacer::new(None);
    let first = pacer.acquire().await;
    let second = pacer.acquire().await;
    // Two left as the first is answered, but the second is still out: one more may go.
    first.observe(Some(&RateLimit {
        remaining: Some(2),
        reset: Some(Duration::from_secs(60)),
        ..RateLimit::default()
    }));
    drop(first);
    let third = pacer.acquire().await;
    let waiting = tokio::spawn({
        let pacer = Arc::clone(&pacer);
        async move {
            let start = Instant::now();
            drop(pacer.acquire().await);
            start.elapsed()
        }
    });
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(!waiting.is_finished());
    second.observe(Some(&RateLimit {
        remaining: Some(3),
        ..RateLimit::default()
    }));
    drop(second);
    drop(third);
    assert_eq!(waiting.await.unwrap(), Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn retry_after_holds_every_request() {
    let pacer = Pacer::new(None);
    pacer.acquire().await.observe(Some(&RateLimit {
        retry_after: Some(Duration::from_secs(7)),
        ..RateLimit::default()
    }));
    let start = Instant::now();
    drop(pacer.acquire().await);
    assert_eq!(start.elapsed(), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn a_bucket_larger_than_its_rate_costs_pace_but_is_never_refused() {
    let pacer = Pacer::new(None);
    let mut server = Bucket {
        capacity: 40.0,
        rate: 10.0,
        tokens: 40.0,
        at: Instant::now(),
    };
    let (refused, _) = batch(&pacer, &mut server, 300, Duration::from_millis(2)).await;
    assert_eq!(refused, 0);
}

#[tokio::test(start_paused = true)]
async fn concurrent_requests_share_the_learned_rate() {
    let pacer = Pacer::new(None);
    let server = Arc::new(std::sync::Mutex::new(Bucket {
        capacity: 10.0,
        rate: 10.0,
        tokens: 10.0,
        at: Instant::now(),
    }));
    let start = Instant::now();
    let refused = futures::future::join_all((0..4).map(|_| {
        let pacer = Arc::clone(&pacer);
        let server = Arc::clone(&server);
        async move {
            let mut refused = 0;
            for _ in 0..100 {
                let permit = pacer.acquire().await;
                tokio::time::sleep(Duration::from_millis(30)).await;
                let (allowed, rate) = server.lock().unwrap().take(Instant::now());
                tokio::time::sleep(Duration::from_millis(30)).await;
                permit.observe(Some(&rate));
                refused += u32::from(!allowed);
            }
            refused
        }
    }))
    .await;
    assert_eq!(refused.iter().sum::<u32>(), 0);
    assert!(
        achieved(400, start.elapsed()) >= 9.0,
        "{:?}",
        start.elapsed()
    );
}
