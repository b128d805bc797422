//! Typed errors from the service layer that keep the platform's own status and message.

use std::time::Duration;

/// Why a catalog call failed. Every message is already redacted and safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("no answer within {}s", .0.as_secs())]
    Timeout(Duration),
    #[error("cannot reach {host}: {message}")]
    Connect { host: String, message: String },
    #[error("network error: {0}")]
    Network(String),
    #[error("{status} authentication failed: {message}")]
    Unauthorized { status: u16, message: String },
    #[error("{status} not allowed: {message}")]
    Forbidden { status: u16, message: String },
    #[error("404 not found: {message}")]
    NotFound { message: String },
    #[error("{status} rate limit reached{}: {message}", retry_hint(*.retry_after))]
    RateLimited {
        status: u16,
        retry_after: Option<Duration>,
        message: String,
    },
    /// The server refused the request (400, 415, 422, ...).
    #[error("{status} request refused: {message}")]
    Rejected {
        status: u16,
        /// The platform's own error code, when it has one.
        platform_code: Option<String>,
        message: String,
    },
    #[error("{status} server error: {message}")]
    Server { status: u16, message: String },
    /// The body could not be understood: truncated, not JSON, an HTML error page, ...
    #[error("unreadable answer ({status}): {reason}")]
    Malformed { status: u16, reason: String },
    #[error("{0}")]
    Unsupported(String),
}

fn retry_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(", retry in {}s", wait.as_secs()),
        None => String::new(),
    }
}

impl CatalogError {
    /// The HTTP status behind the error, if an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            CatalogError::Unauthorized { status, .. }
            | CatalogError::Forbidden { status, .. }
            | CatalogError::RateLimited { status, .. }
            | CatalogError::Rejected { status, .. }
            | CatalogError::Server { status, .. }
            | CatalogError::Malformed { status, .. } => Some(*status),
            CatalogError::NotFound { .. } => Some(404),
            _ => None,
        }
    }
}
