//! Rate-limit budgets read from response headers, in every common convention.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// What the server announced about its rate limit on one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Time until the budget refills.
    pub reset: Option<Duration>,
    /// How long the server asked us to wait before retrying.
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    /// Reads `X-RateLimit-*`, IETF `RateLimit-*` (separate fields or the combined
    /// `RateLimit: limit=.., remaining=.., reset=..`), `Retry-After`, and the leaky-bucket
    /// `X-...-Call-Limit: used/limit` form. Returns `None` when nothing was announced.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let mut rate = RateLimit::default();
        for (name, value) in headers {
            let Ok(value) = value.to_str() else { continue };
            let name = name.as_str();
            let value = value.trim();
            match name {
                "x-ratelimit-limit" | "ratelimit-limit" | "x-rate-limit-limit" => {
                    rate.limit = rate.limit.or(first_number(value));
                }
                "x-ratelimit-remaining" | "ratelimit-remaining" | "x-rate-limit-remaining" => {
                    rate.remaining = rate.remaining.or(first_number(value));
                }
                "x-ratelimit-reset" | "ratelimit-reset" | "x-rate-limit-reset" => {
                    rate.reset = rate.reset.or(first_number(value).map(reset_duration));
                }
                "retry-after" => rate.retry_after = value.parse().ok().map(Duration::from_secs),
                "ratelimit" => parse_structured(value, &mut rate),
                _ if name.ends_with("-call-limit") => {
                    if let Some((used, limit)) = value.split_once('/')
                        && let (Ok(used), Ok(limit)) =
                            (used.trim().parse::<u64>(), limit.trim().parse::<u64>())
                    {
                        rate.limit = Some(limit);
                        rate.remaining = Some(limit.saturating_sub(used));
                    }
                }
                _ => {}
            }
        }
        (rate != RateLimit::default()).then_some(rate)
    }
}

/// `ratelimit-limit: 100, 100;w=60` carries a policy after the number.
fn first_number(value: &str) -> Option<u64> {
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Some servers send seconds until reset, others an epoch timestamp; the latter is
/// recognisably huge and is not a useful wait on its own, so it is dropped.
fn reset_duration(value: u64) -> Duration {
    const YEAR_2001: u64 = 978_307_200;
    Duration::from_secs(if value >= YEAR_2001 { 0 } else { value })
}

fn parse_structured(value: &str, rate: &mut RateLimit) {
    for part in value.split([',', ';']) {
        let Some((key, number)) = part.trim().split_once('=') else {
            continue;
        };
        let number = first_number(number.trim());
        match key.trim() {
            "limit" => rate.limit = number,
            "remaining" | "r" => rate.remaining = number,
            "reset" | "t" => rate.reset = number.map(Duration::from_secs),
            _ => {}
        }
    }
}

impl std::fmt::Display for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.remaining, self.limit) {
            (Some(remaining), Some(limit)) => write!(f, "{remaining}/{limit}")?,
            (Some(remaining), None) => write!(f, "{remaining} left")?,
            (None, Some(limit)) => write!(f, "limit {limit}")?,
            (None, None) => f.write_str("limited")?,
        }
        if let Some(wait) = self.retry_after.or(self.reset.filter(|d| !d.is_zero())) {
            write!(f, " ({}s)", wait.as_secs())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn reads_x_ratelimit() {
        let rate = RateLimit::from_headers(&headers(&[
            ("X-RateLimit-Limit", "4"),
            ("X-RateLimit-Remaining", "3"),
            ("X-RateLimit-Reset", "900"),
        ]))
        .unwrap();
        assert_eq!(rate.to_string(), "3/4 (900s)");
    }

    #[test]
    fn reads_ietf_fields_and_structured_form() {
        let rate = RateLimit::from_headers(&headers(&[
            ("RateLimit-Limit", "100, 100;w=60"),
            ("RateLimit-Remaining", "42"),
        ]))
        .unwrap();
        assert_eq!((rate.limit, rate.remaining), (Some(100), Some(42)));
        let rate =
            RateLimit::from_headers(&headers(&[("RateLimit", "limit=10, remaining=2, reset=5")]))
                .unwrap();
        assert_eq!(rate.to_string(), "2/10 (5s)");
    }

    #[test]
    fn reads_leaky_bucket_call_limit_and_retry_after() {
        let rate = RateLimit::from_headers(&headers(&[
            ("X-Valigara-Api-Call-Limit", "3/4"),
            ("Retry-After", "12"),
        ]))
        .unwrap();
        assert_eq!(rate.to_string(), "1/4 (12s)");
    }

    #[test]
    fn nothing_announced_is_none() {
        assert_eq!(
            RateLimit::from_headers(&headers(&[("Content-Type", "x")])),
            None
        );
    }
}
