//! Typed errors from the service layer that keep the platform's own status and message.

use std::time::Duration;

use crate::secret::Redactor;

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
    /// A redirect not followed: to another origin, down to plain http, of a request with a body
    /// or credentials that must not travel, or one hop too many. Nothing was sent to `to`.
    #[error("{status} redirect from {from} to {to} refused: {reason}")]
    Redirect {
        status: u16,
        from: String,
        to: String,
        reason: String,
    },
    /// A local problem before any request: a bad base URL, an unresolvable secret, ...
    #[error("{0}")]
    Setup(String),
    #[error("{0}")]
    Unsupported(String),
    /// A write asked of a read-only profile; nothing was sent.
    #[error("{0}")]
    ReadOnly(String),
    /// A filter naming nothing the store has (a vendor, a category); every answer was a
    /// success, so the message names what exists rather than a status.
    #[error("{0}")]
    NoMatch(String),
}

fn retry_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(", retry in {}s", wait.as_secs()),
        None => String::new(),
    }
}

impl CatalogError {
    /// The same error with every message scrubbed of the profile's secrets.
    pub fn redacted(self, redactor: &Redactor) -> CatalogError {
        let r = |text: String| redactor.redact(&text);
        match self {
            CatalogError::Connect { host, message } => CatalogError::Connect {
                host: r(host),
                message: r(message),
            },
            CatalogError::Network(message) => CatalogError::Network(r(message)),
            CatalogError::Unauthorized { status, message } => CatalogError::Unauthorized {
                status,
                message: r(message),
            },
            CatalogError::Forbidden { status, message } => CatalogError::Forbidden {
                status,
                message: r(message),
            },
            CatalogError::NotFound { message } => CatalogError::NotFound {
                message: r(message),
            },
            CatalogError::RateLimited {
                status,
                retry_after,
                message,
            } => CatalogError::RateLimited {
                status,
                retry_after,
                message: r(message),
            },
            CatalogError::Rejected {
                status,
                platform_code,
                message,
            } => CatalogError::Rejected {
                status,
                platform_code: platform_code.map(r),
                message: r(message),
            },
            CatalogError::Server { status, message } => CatalogError::Server {
                status,
                message: r(message),
            },
            CatalogError::Malformed { status, reason } => CatalogError::Malformed {
                status,
                reason: r(reason),
            },
            CatalogError::Redirect {
                status,
                from,
                to,
                reason,
            } => CatalogError::Redirect {
                status,
                from: r(from),
                to: r(to),
                reason: r(reason),
            },
            CatalogError::Unsupported(message) => CatalogError::Unsupported(r(message)),
            CatalogError::Setup(message) => CatalogError::Setup(r(message)),
            CatalogError::ReadOnly(message) => CatalogError::ReadOnly(r(message)),
            CatalogError::NoMatch(message) => CatalogError::NoMatch(r(message)),
            timeout @ CatalogError::Timeout(_) => timeout,
        }
    }

    /// The HTTP status behind the error, if an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            CatalogError::Unauthorized { status, .. }
            | CatalogError::Forbidden { status, .. }
            | CatalogError::RateLimited { status, .. }
            | CatalogError::Rejected { status, .. }
            | CatalogError::Server { status, .. }
            | CatalogError::Redirect { status, .. }
            | CatalogError::Malformed { status, .. } => Some(*status),
            CatalogError::NotFound { .. } => Some(404),
            CatalogError::Timeout(_)
            | CatalogError::Connect { .. }
            | CatalogError::Network(_)
            | CatalogError::Setup(_)
            | CatalogError::Unsupported(_)
            | CatalogError::ReadOnly(_)
            | CatalogError::NoMatch(_) => None,
        }
    }
}
