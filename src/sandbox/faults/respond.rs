//! The middleware that spoils requests: find the store and operation, take the first armed
//! fault that matches, and answer as it says.

use std::io;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::classify::{self, Seen};
use super::shape::{self, Dialect};
use super::{FaultKind, Faults, Target, hostile};

/// How long `timeout` holds a request: far longer than any client waits.
const HOLD: Duration = Duration::from_secs(3600);
/// The largest request or real answer a fault reads whole.
const LIMIT: usize = 256 * 1024 * 1024;

/// `router` with `faults` consulted before every store answers.
pub fn layer(router: Router, faults: Faults) -> Router {
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let faults = faults.clone();
        async move { inject(&faults, request, next).await }
    }))
}

async fn inject(faults: &Faults, request: Request, next: Next) -> Response {
    if !faults.armed() {
        return next.run(request).await;
    }
    let path = request.uri().path().to_string();
    let Some((store, below)) = Target::of_path(&path) else {
        return next.run(request).await;
    };
    if !faults.armed_for(store) {
        return next.run(request).await;
    }
    let dialect = Dialect::of(store, &path);
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, LIMIT).await else {
        return shape::error(dialect, StatusCode::PAYLOAD_TOO_LARGE, None);
    };
    let op = classify::operation(
        store,
        &Seen {
            method: &parts.method,
            path: below,
            query: parts.uri.query(),
            headers: &parts.headers,
            body: &body,
        },
    );
    let request = Request::from_parts(parts, Body::from(body));
    let Some(kind) = faults.take(store, op) else {
        return next.run(request).await;
    };
    tracing::debug!(%kind, store = store.key(), ?op, "sandbox fault");
    apply(faults, kind, dialect, request, next).await
}

async fn apply(
    faults: &Faults,
    kind: FaultKind,
    dialect: Dialect,
    request: Request,
    next: Next,
) -> Response {
    match kind {
        FaultKind::Latency(by) => {
            faults.hold(by).await;
            next.run(request).await
        }
        FaultKind::Timeout => {
            drop(request);
            faults.hold(HOLD).await;
            reset()
        }
        FaultKind::TimeoutAfterApply => {
            let applied = next.run(request).await;
            drop(applied);
            faults.hold(HOLD).await;
            reset()
        }
        FaultKind::Reset => reset(),
        FaultKind::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            shape::error(dialect, status, None)
        }
        FaultKind::TooManyRequests { retry_after } => {
            shape::error(dialect, StatusCode::TOO_MANY_REQUESTS, retry_after)
        }
        FaultKind::Malformed => shape::malformed(dialect),
        FaultKind::Html(code) => {
            shape::html(StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY))
        }
        FaultKind::Oversized { bytes } => shape::oversized(dialect, bytes),
        FaultKind::Truncated => {
            rewrite(next.run(request).await, |body| {
                body.get(..body.len() / 2).map(<[u8]>::to_vec)
            })
            .await
        }
        FaultKind::InvalidUtf8 => {
            rewrite(next.run(request).await, |body| {
                Some(invalid_utf8(body, dialect))
            })
            .await
        }
        FaultKind::HostileData => {
            rewrite(next.run(request).await, |body| {
                if dialect.xml() {
                    hostile::xml(body)
                } else {
                    hostile::json(body)
                }
            })
            .await
        }
    }
}

/// An answer whose body fails before its head is written: hyper closes the connection and
/// the client sees it closed with no HTTP answer.
fn reset() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "sandbox fault: reset",
        ))
    });
    Body::from_stream(failing).into_response()
}

/// The real answer with its body changed by `change` (unchanged when it gives `None`), its
/// length and content type kept true.
async fn rewrite(response: Response, change: impl FnOnce(&[u8]) -> Option<Vec<u8>>) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, LIMIT).await else {
        return reset();
    };
    let changed = change(&body).map_or(body, Bytes::from);
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(length) = HeaderValue::from_str(&changed.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    Response::from_parts(parts, Body::from(changed))
}

/// judgment: a Latin-1 "café" where the platform writes UTF-8, put inside the first string
/// value (JSON) or text node (XML); a body without one gets the platform's error carrying it.
fn invalid_utf8(body: &[u8], dialect: Dialect) -> Vec<u8> {
    const LATIN1: &[u8] = b"caf\xe9 \xff\xfe ";
    let at = if dialect.xml() {
        (0..body.len())
            .find(|&i| {
                body.get(i) == Some(&b'>')
                    && body
                        .get(i + 1)
                        .is_some_and(|b| !matches!(b, b'<' | b'\n' | b'\r'))
            })
            .map(|i| i + 1)
    } else {
        find(body, b"\":\"").map(|i| i + 3)
    };
    match at {
        Some(at) => {
            let (head, tail) = body.split_at(at.min(body.len()));
            [head, LATIN1, tail].concat()
        }
        None if dialect.xml() => [
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error>".as_slice(),
            LATIN1,
            b"</error></errors>",
        ]
        .concat(),
        None => [b"{\"message\":\"".as_slice(), LATIN1, b"\"}"].concat(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
