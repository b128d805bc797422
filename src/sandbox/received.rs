//! What each store received: method, path and query, and body bytes of its latest requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Request};
use axum::middleware::{self, Next};

/// How many requests a store keeps; older ones are forgotten.
pub const KEPT: usize = 256;
/// Bodies larger than this are not kept (nor is the request served).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// One request as the store received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent (`/cscart/api/products/12?x=1`).
    pub path: String,
    pub body: Bytes,
}

/// A store's latest requests, oldest first.
#[derive(Debug, Clone, Default)]
pub struct ReceivedLog(Arc<Mutex<VecDeque<Received>>>);

impl ReceivedLog {
    pub fn list(&self) -> Vec<Received> {
        self.0
            .lock()
            .map(|log| log.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn clear(&self) {
        if let Ok(mut log) = self.0.lock() {
            log.clear();
        }
    }

    fn push(&self, received: Received) {
        if let Ok(mut log) = self.0.lock() {
            if log.len() == KEPT {
                log.pop_front();
            }
            log.push_back(received);
        }
    }
}

/// `router` with every request it receives written to `log` first.
pub fn record(router: Router, log: ReceivedLog) -> Router {
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let log = log.clone();
        async move {
            let (parts, body) = request.into_parts();
            let uri = parts
                .extensions
                .get::<OriginalUri>()
                .map_or(&parts.uri, |original| &original.0);
            let path = uri
                .path_and_query()
                .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
            let body = axum::body::to_bytes(body, MAX_BODY)
                .await
                .unwrap_or_default();
            log.push(Received {
                method: parts.method.to_string(),
                path,
                body: body.clone(),
            });
            next.run(Request::from_parts(parts, Body::from(body))).await
        }
    }))
}
