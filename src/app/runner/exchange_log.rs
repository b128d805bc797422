//! One log line per exchange the runner's tasks made.

use crate::catalog::exchange::Exchange;

/// One log line per exchange; every field here is already redacted.
pub fn log_exchanges(exchanges: &[Exchange]) {
    for exchange in exchanges {
        tracing::info!(
            seq = exchange.seq,
            method = %exchange.method,
            path = %exchange.path,
            status = exchange.status.map_or_else(|| "none".to_owned(), |s| s.to_string()),
            latency_ms = exchange.latency.as_millis() as u64,
            debug_id = exchange.debug_id.as_deref().unwrap_or("-"),
            error = exchange.error.as_deref().unwrap_or("-"),
            "exchange"
        );
    }
}
