//! Client-side pacing of one profile's requests: a steady rate (configured or learned from the
//! server's announcements) and the server's announced budget, so the server never has to refuse.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::ratelimit::RateLimit;

/// A learned rate is kept this far below the announced one, so network jitter cannot
/// squeeze one request too many into a server's window.
const LEARNED_MARGIN: f64 = 0.97;
/// The window an announced limit applies to when the server gives no longer reset.
const MIN_WINDOW: Duration = Duration::from_secs(1);
/// No announcement makes a request wait longer than this (a bad header, an epoch).
const MAX_HOLD: Duration = Duration::from_secs(24 * 60 * 60);
const BURST: NonZeroU32 = match NonZeroU32::new(2) {
    Some(burst) => burst,
    None => NonZeroU32::MIN,
};
/// Requests per second below this are treated as this: a period must fit a `Duration`.
const MIN_RATE: f64 = 1.0 / 86_400.0;

/// A hold longer than this is announced to the listener set with `on_long_hold`.
pub const ANNOUNCED_HOLD: Duration = Duration::from_secs(5);

type HoldListener = Box<dyn Fn(Duration) + Send + Sync>;
static LONG_HOLD: OnceLock<HoldListener> = OnceLock::new();

/// Has `listener` told, once per hold, of every rate-limit hold longer than `ANNOUNCED_HOLD`
/// that a request waits out, with its length (the headless commands print it). Set once.
pub fn on_long_hold(listener: impl Fn(Duration) + Send + Sync + 'static) {
    let _ = LONG_HOLD.set(Box::new(listener));
}

/// Paces one profile's requests; shared (in an `Arc`) by every clone of its transport.
pub struct Pacer {
    configured: Option<f64>,
    state: Mutex<State>,
    /// Wakes requests waiting for an answer to tell them the budget.
    answered: Notify,
}

/// A request allowed to go; dropping it (answered or not) frees its place in the budget.
pub struct Permit {
    pacer: Arc<Pacer>,
}

/// governor's GCRA over tokio's clock, so that paused test time paces too. governor keeps the
/// steady rate; the announced budget (remaining until reset) and holds (Retry-After) are
/// counted here, since governor has no notion of a server telling it what is left.
type Gcra = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Duration>>;

struct Steady {
    per_second: f64,
    limiter: Gcra,
    clock: TokioClock,
}

#[derive(Default)]
struct State {
    steady: Option<Steady>,
    /// The longest reset announced: the window an announced limit is counted over.
    window: Duration,
    /// Requests the server still allows, less those sent since it said so; `None` when unknown.
    budget: Option<u64>,
    /// No request goes before this (a spent budget, a Retry-After).
    hold_until: Option<Instant>,
    /// The hold last announced to the `on_long_hold` listener.
    announced: Option<Instant>,
    in_flight: u64,
    /// When the requests of the last window were sent.
    sent: VecDeque<Instant>,
    /// A request was refused: the learned rate may be wrong, so a spent budget is always waited out.
    refused: bool,
}

enum Wait {
    Until(Instant),
    For(Duration),
    ForAnswer,
}

impl Pacer {
    /// A pacer at `requests_per_second` when given, else at whatever the server announces.
    pub fn new(requests_per_second: Option<f64>) -> Arc<Pacer> {
        let configured = requests_per_second.filter(|rate| rate.is_finite() && *rate > 0.0);
        let state = State {
            steady: configured.and_then(Steady::new),
            window: MIN_WINDOW,
            ..State::default()
        };
        Arc::new(Pacer {
            configured,
            state: Mutex::new(state),
            answered: Notify::new(),
        })
    }

    /// The steady rate in force, configured or learned; `None` while unlimited.
    pub fn rate(&self) -> Option<f64> {
        self.lock().steady.as_ref().map(|steady| steady.per_second)
    }

    /// Waits until a request may be sent, then counts it as sent.
    pub async fn acquire(self: &Arc<Pacer>) -> Permit {
        let mut long_hold = None;
        loop {
            let answered = self.answered.notified();
            let wait = {
                let mut state = self.lock();
                let now = Instant::now();
                match state.next_wait(now) {
                    None => {
                        state.record_sent(now);
                        state.in_flight += 1;
                        state.budget = state.budget.map(|left| left.saturating_sub(1));
                        return Permit {
                            pacer: Arc::clone(self),
                        };
                    }
                    Some(wait) => {
                        if let Wait::Until(until) = wait
                            && until.saturating_duration_since(now) > ANNOUNCED_HOLD
                            && state.announced != Some(until)
                        {
                            state.announced = Some(until);
                            long_hold = Some(until.saturating_duration_since(now));
                        }
                        wait
                    }
                }
            };
            if let (Some(held), Some(listener)) = (long_hold.take(), LONG_HOLD.get()) {
                listener(held);
            }
            match wait {
                Wait::Until(at) => tokio::time::sleep_until(at).await,
                Wait::For(wait) => tokio::time::sleep(wait).await,
                Wait::ForAnswer => answered.await,
            }
        }
    }

    /// Makes every request wait `wait` from now after a refusal (its Retry-After or a backoff).
    pub fn hold(&self, wait: Duration) {
        let mut state = self.lock();
        state.refused = true;
        state.hold(Instant::now(), wait);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

impl Permit {
    /// Believes what the answer announced: the limit (to learn a rate), what is left, and how
    /// long to wait when nothing is.
    pub fn observe(&self, rate: Option<&RateLimit>) {
        let Some(rate) = rate else { return };
        let pacer = &self.pacer;
        let mut state = pacer.lock();
        let now = Instant::now();
        if let Some(reset) = rate.reset.filter(|reset| *reset <= MAX_HOLD) {
            state.window = state.window.max(reset);
        }
        if pacer.configured.is_none()
            && let Some(limit) = rate.limit.filter(|limit| *limit > 0)
        {
            let learned = limit as f64 / state.window.as_secs_f64() * LEARNED_MARGIN;
            state.learn(learned);
        }
        if let Some(remaining) = rate.remaining {
            // Requests still in flight were sent after this answer's count, or will be counted soon.
            let others = state.in_flight.saturating_sub(1);
            state.budget = Some(remaining.saturating_sub(others));
            let learned = pacer.configured.is_none();
            if remaining == 0 && !(learned && state.spent_by_us_alone(now, rate)) {
                let wait = rate
                    .retry_after
                    .or(rate.reset.filter(|reset| !reset.is_zero()))
                    .or(state.interval())
                    .unwrap_or(MIN_WINDOW);
                state.hold(now, wait);
            }
        }
        if let Some(wait) = rate.retry_after {
            state.refused = true;
            state.hold(now, wait);
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.pacer.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        drop(state);
        self.pacer.answered.notify_waiters();
    }
}

impl State {
    /// How long the next request must wait, or `None` when it may go now (taking a GCRA cell).
    fn next_wait(&mut self, now: Instant) -> Option<Wait> {
        if let Some(until) = self.hold_until {
            if until > now {
                return Some(Wait::Until(until));
            }
            self.hold_until = None;
            if self.budget == Some(0) {
                // The wait the server asked for is over: at least one request is allowed again.
                self.budget = None;
            }
        }
        if self.budget == Some(0) {
            if self.in_flight > 0 {
                // Spent by requests still in flight: their answers will say what is left.
                return Some(Wait::ForAnswer);
            }
            self.budget = None;
        }
        let steady = self.steady.as_ref()?;
        match steady.limiter.check() {
            Ok(()) => None,
            Err(not_until) => Some(Wait::For(not_until.wait_time_from(steady.clock.now()))),
        }
    }

    fn record_sent(&mut self, now: Instant) {
        while self
            .sent
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= self.window)
        {
            self.sent.pop_front();
        }
        self.sent.push_back(now);
    }

    /// Whether this profile's own learned pace spent the budget: then no window holds more
    /// than `limit` of its requests (they are at least window / limit apart), and the next
    /// one falls in the next window. A whole-second reset would otherwise cost up to a second.
    fn spent_by_us_alone(&self, now: Instant, rate: &RateLimit) -> bool {
        let ours = self
            .sent
            .iter()
            .filter(|at| now.saturating_duration_since(**at) < self.window)
            .count() as u64;
        !self.refused
            && self.steady.is_some()
            && rate.retry_after.is_none()
            && rate.limit.is_some_and(|limit| ours >= limit)
    }

    fn hold(&mut self, now: Instant, wait: Duration) {
        let until = now + wait.min(MAX_HOLD);
        self.hold_until = Some(self.hold_until.map_or(until, |held| held.max(until)));
    }

    /// Switches to a newly learned rate; a change under 1% keeps the running limiter.
    fn learn(&mut self, per_second: f64) {
        if let Some(steady) = &self.steady
            && (steady.per_second - per_second).abs() <= steady.per_second / 100.0
        {
            return;
        }
        self.steady = Steady::new(per_second);
        // The request that brought the announcement was already sent: count it.
        if let Some(steady) = &self.steady {
            let _ = steady.limiter.check();
        }
    }

    fn interval(&self) -> Option<Duration> {
        self.steady.as_ref().map(Steady::interval)
    }
}

impl Steady {
    fn new(per_second: f64) -> Option<Steady> {
        let per_second = per_second.max(MIN_RATE);
        let period = Duration::try_from_secs_f64(1.0 / per_second).ok()?;
        // A burst of two lets a request that woke late (timers round up to the millisecond)
        // go at once after a slow one, so the achieved rate stays at the steady rate; the
        // announced budget still bounds any window the server counts.
        let quota = Quota::with_period(period)?.allow_burst(BURST);
        let clock = TokioClock::default();
        Some(Steady {
            per_second,
            limiter: RateLimiter::direct_with_clock(quota, clock.clone()),
            clock,
        })
    }

    fn interval(&self) -> Duration {
        Duration::try_from_secs_f64(1.0 / self.per_second).unwrap_or(MAX_HOLD)
    }
}

/// tokio's clock for governor, as time since the limiter was built.
#[derive(Debug, Clone)]
struct TokioClock {
    origin: Instant,
}

impl Default for TokioClock {
    fn default() -> TokioClock {
        TokioClock {
            origin: Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        Instant::now().saturating_duration_since(self.origin)
    }
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer")
            .field("configured", &self.configured)
            .field("rate", &self.rate())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
