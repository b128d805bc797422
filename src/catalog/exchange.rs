//! A record of one HTTP exchange: what was sent and what came back, with secrets redacted.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

use super::ratelimit::RateLimit;

/// One request and its answer, as it crossed the wire (secrets already redacted).
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// Sequence number within this run, for ordering and lookup.
    pub seq: u64,
    pub started_at: SystemTime,
    pub method: String,
    /// Full URL, redacted.
    pub url: String,
    /// Path and query relative to the host, redacted: what the status bar shows.
    pub path: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<Bytes>,
    /// `None` when no answer arrived (timeout, connection refused).
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Bytes,
    pub latency: Duration,
    /// The server's request id for support (`X-DEBUG-UID`, `X-Request-Id`, ...).
    pub debug_id: Option<String>,
    pub rate_limit: Option<RateLimit>,
    /// The platform's own status code, where the body carries one.
    pub platform_status: Option<String>,
    /// What went wrong in transport, when nothing or something unusable came back.
    pub error: Option<String>,
    /// The profile whose store this was, set when the UI records the exchange in its ledger.
    pub profile: Option<String>,
}

/// Response headers that carry a request id, in the order they are preferred.
pub const DEBUG_ID_HEADERS: [&str; 4] = [
    "x-debug-uid",
    "x-request-id",
    "x-correlation-id",
    "x-amzn-requestid",
];
