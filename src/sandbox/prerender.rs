//! Pre-rendered answers (`SandboxOptions::prerendered`): a store keeps each read's successful
//! answer and sends it again, byte for byte, until its next write, so that what a client is
//! measured on is its own work and the link, not the store rendering the same page again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

/// Whether a request only reads (its answer may be kept until a write).
pub type IsRead = fn(&Method, &Uri, &HeaderMap, &[u8]) -> bool;

/// Bodies larger than this are neither kept nor served.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// A read as it arrived: method, path and query, credentials and body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    method: Method,
    uri: String,
    authorization: Option<Bytes>,
    body: Bytes,
}

#[derive(Debug, Clone)]
struct Kept {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

type Cache = Arc<Mutex<HashMap<Key, Kept>>>;

fn lock(cache: &Cache) -> MutexGuard<'_, HashMap<Key, Kept>> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// GET and HEAD read; everything else may write.
pub fn by_method(method: &Method, _: &Uri, _: &HeaderMap, _: &[u8]) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// `router` answering every read it answered before with the same answer, until a request
/// that is not a read (`is_read`) arrives; only successful answers are kept.
pub fn layer(router: Router, is_read: IsRead) -> Router {
    let cache = Cache::default();
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let cache = cache.clone();
        async move {
            let (parts, body) = request.into_parts();
            let Ok(body) = to_bytes(body, MAX_BODY).await else {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            };
            if !is_read(&parts.method, &parts.uri, &parts.headers, &body) {
                lock(&cache).clear();
                let response = next.run(Request::from_parts(parts, Body::from(body))).await;
                lock(&cache).clear();
                return response;
            }
            let key = Key {
                method: parts.method.clone(),
                uri: parts.uri.to_string(),
                authorization: parts
                    .headers
                    .get(header::AUTHORIZATION)
                    .map(|value| Bytes::copy_from_slice(value.as_bytes())),
                body: body.clone(),
            };
            if let Some(kept) = lock(&cache).get(&key).cloned() {
                let mut response = Response::new(Body::from(kept.body));
                *response.status_mut() = kept.status;
                *response.headers_mut() = kept.headers;
                return response;
            }
            let response = next.run(Request::from_parts(parts, Body::from(body))).await;
            if !response.status().is_success() {
                return response;
            }
            let (parts, body) = response.into_parts();
            let Ok(body) = to_bytes(body, MAX_BODY).await else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            lock(&cache).insert(
                key,
                Kept {
                    status: parts.status,
                    headers: parts.headers.clone(),
                    body: body.clone(),
                },
            );
            Response::from_parts(parts, Body::from(body))
        }
    }))
}
