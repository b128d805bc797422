//! The B2B Wave REST API simulator (products): routes, Basic auth with scoped tokens, handlers.

mod edit;
mod image;
mod product;
mod query;
mod seed;
mod stock;
mod store;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, patch, post};
use base64::Engine;
use serde_json::{Map, Value, json};

use super::limiter::Verdict;
use super::{SandboxOptions, Variant};
use product::Product;
use stock::Refusal;
use store::Store;

struct Shared {
    store: Mutex<Store>,
    app_code: String,
    token: String,
    readonly_token: String,
    listing: query::Listing,
}

type AppState = Arc<Shared>;

impl Shared {
    fn store(&self) -> MutexGuard<'_, Store> {
        // A poisoned lock only means a handler panicked mid-request; the data is still usable.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Request bodies up to this size are read (a base64 image needs room).
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The simulator's routes, relative to its `/b2bwave` prefix; `.json` may end any path.
pub fn router(options: &SandboxOptions) -> Router {
    let state = Arc::new(Shared {
        store: Mutex::new(Store::seeded(options.seed, options.b2bwave_products)),
        app_code: options.b2bwave_app_code.clone(),
        token: options.b2bwave_token.clone(),
        readonly_token: options.b2bwave_readonly_token.clone(),
        listing: query::Listing {
            page_cap: Variant::b2bwave_page_cap(&options.variants, query::MAX_PER_PAGE),
            id_eq: !options.plays(Variant::B2bwaveIdEqIgnored),
            quantities: !options.plays(Variant::B2bwaveNoListQuantities),
        },
    });
    // judgment: PUT updates too, as Rails' resource routes make it an alias of PATCH.
    let routes: [(&str, MethodRouter<AppState>); 3] = [
        ("/api/products", get(list).post(create)),
        ("/api/products/update_quantity", post(update_quantity)),
        ("/api/products/{id}", patch(update).put(update)),
    ];
    let mut router = Router::new();
    for (path, route) in routes {
        if !path.ends_with('}') {
            router = router.route(&format!("{path}.json"), route.clone());
        }
        router = router.route(path, route);
    }
    router
        .method_not_allowed_fallback(not_found)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), auth))
        .with_state(state)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

// judgment: an unknown route, or a known one with another method, is Rails' routing 404.
async fn not_found() -> Response {
    missing()
}

/// A request over the sandbox's rate limit. judgment: B2B Wave documents no limit; the
/// refusal takes the shape of its other errors.
pub fn refuse(_uri: &Uri, verdict: &Verdict) -> Response {
    let message = format!(
        "Too many requests: retry in {} seconds",
        verdict.retry_after
    );
    error(StatusCode::TOO_MANY_REQUESTS, &message)
}

fn missing() -> Response {
    error(StatusCode::NOT_FOUND, "Not found")
}

/// HTTP Basic: the app code and a token. A read-only token is refused every write.
async fn auth(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let credentials = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, b64)| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    // judgment: the app code is a host name, so it is matched case-insensitively; tokens exactly.
    let token = credentials
        .as_deref()
        .and_then(|c| c.split_once(':'))
        .filter(|(user, _)| user.eq_ignore_ascii_case(&state.app_code))
        .map(|(_, token)| token)
        .filter(|token| !token.is_empty());
    let readonly = token == Some(state.readonly_token.as_str());
    if !(readonly || token == Some(state.token.as_str())) {
        // judgment: the challenge header Rails' http_basic_authenticate sends.
        let mut response = error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized: invalid app code or token",
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Application\""),
        );
        return response;
    }
    let write = !matches!(*request.method(), Method::GET | Method::HEAD);
    if readonly && write {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: this API key cannot edit products (scope: products_read)",
        );
    }
    next.run(request).await
}

async fn list(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    axum::Json(query::list(&state.store(), raw.as_deref(), state.listing)).into_response()
}

/// The JSON object of a body, or why it is Rails' 400. judgment: whatever the Content-Type,
/// the body is read as JSON.
fn object(body: &Bytes) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("Bad request: the body must be a JSON object".to_string()),
        Err(e) => Err(format!("Bad request: invalid JSON ({e})")),
    }
}

/// The `product` object of a create's or update's body (Rails' `params.require(:product)`).
fn product_fields(body: &Bytes) -> Result<Map<String, Value>, String> {
    match object(body)?.remove("product") {
        Some(Value::Object(fields)) => Ok(fields),
        _ => Err("Bad request: param is missing or the value is empty: product".to_string()),
    }
}

fn invalid(errors: &edit::Errors) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(errors.to_json()),
    )
        .into_response()
}

fn answer(status: StatusCode, product: &Product) -> Response {
    (status, axum::Json(product.render())).into_response()
}

async fn create(State(state): State<AppState>, body: Bytes) -> Response {
    let fields = match product_fields(&body) {
        Ok(fields) => fields,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let mut store = state.store();
    let now = store.write_time();
    let mut product = Product::blank(store.peek_id(), now);
    let mut errors = edit::apply(&mut product, &fields, true, now, &state.app_code);
    if product
        .code
        .as_deref()
        .is_some_and(|code| store.code_taken(code, product.id))
    {
        errors.add("code", "has already been taken");
    }
    if !errors.is_empty() {
        return invalid(&errors);
    }
    product.id = store.take_id();
    let response = answer(StatusCode::CREATED, &product);
    store.products.insert(product.id, product);
    response
}

/// A product id from the path, `.json` allowed; anything else matches no product.
fn path_id(text: &str) -> Option<u64> {
    let text = text.strip_suffix(".json").unwrap_or(text);
    text.parse::<u64>().ok().filter(|id| *id > 0)
}

async fn update(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut store = state.store();
    let Some(mut product) =
        path_id(&id).and_then(|id| store.products.get(&id).map(|p| p.into_owned()))
    else {
        return missing();
    };
    let fields = match product_fields(&body) {
        Ok(fields) => fields,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let now = store.write_time();
    let mut errors = edit::apply(&mut product, &fields, false, now, &state.app_code);
    if product
        .code
        .as_deref()
        .is_some_and(|code| store.code_taken(code, product.id))
    {
        errors.add("code", "has already been taken");
    }
    if !errors.is_empty() {
        return invalid(&errors);
    }
    product.updated_at = now;
    let response = answer(StatusCode::OK, &product);
    store.products.insert(product.id, product);
    response
}

async fn update_quantity(State(state): State<AppState>, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(body) => body,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let mut store = state.store();
    match stock::update_quantity(&mut store, &body) {
        Ok(id) => match store.products.get(&id) {
            Some(product) => answer(StatusCode::OK, &product),
            None => missing(),
        },
        Err(Refusal::NotFound) => missing(),
        Err(Refusal::Invalid(errors)) => invalid(&errors),
    }
}
