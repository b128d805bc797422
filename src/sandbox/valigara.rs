//! The Valigara client API V1 simulator: one endpoint taking `auth`, `action` and `data`.

mod actions;
mod edit;
mod fields;
mod listings;
mod product;
mod ratelimit;
mod search;
mod seed;
mod store;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Map, Value, json};

use super::limiter::Verdict;
use super::{SandboxClock, SandboxOptions, Variant};
use actions::Reply;
use ratelimit::Bucket;
use store::Store;

struct Shared {
    store: Mutex<Store>,
    bucket: Mutex<Bucket>,
    key: String,
    readonly_key: String,
    strict_https: bool,
    clock: SandboxClock,
    sort_keys: search::SortKeys,
}

type AppState = Arc<Shared>;

// A poisoned lock only means a handler panicked mid-request; the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The simulator's routes, relative to its `/valigara` prefix.
pub fn router(options: &SandboxOptions) -> Router {
    let state = Arc::new(Shared {
        store: Mutex::new(Store::seeded(options.seed, options.valigara_products)),
        bucket: Mutex::new(if options.plays(Variant::ValigaraRollingHour) {
            Bucket::rolling_hour()
        } else {
            Bucket::new(options.valigara_clock.now())
        }),
        key: options.valigara_key.clone(),
        readonly_key: options.valigara_readonly_key.clone(),
        strict_https: options.strict_https,
        clock: options.valigara_clock.clone(),
        sort_keys: if options.plays(Variant::ValigaraSortRefused) {
            search::SortKeys::Refused
        } else if options.plays(Variant::ValigaraSortIgnored) {
            search::SortKeys::Ignored
        } else {
            search::SortKeys::Honoured
        },
    });
    // judgment: the endpoint answers with or without the trailing slash, and whatever the
    // method (only a POST's form body is read), like the PHP script behind it.
    Router::new()
        .route("/client/V1/", any(endpoint))
        .route("/client/V1", any(endpoint))
        .fallback(not_found)
        .layer(middleware::map_response(debug_uid))
        .with_state(state)
}

async fn debug_uid(mut response: Response) -> Response {
    stamp(&mut response);
    response
}

pub(crate) fn stamp(response: &mut Response) {
    let uid = format!("{:016x}{:08x}", fastrand::u64(..), fastrand::u32(..));
    if let Ok(value) = HeaderValue::from_str(&uid) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-debug-uid"), value);
    }
}

/// A request over the sandbox's store-wide rate limit: status 105, HTTP 429, as the
/// listing bucket refuses, with the debug id every answer carries.
pub fn refuse(_uri: &Uri, verdict: &Verdict) -> Response {
    let text = format!(
        "Rate limit exceeded: {} requests per second; retry in {} seconds",
        verdict.limit, verdict.retry_after
    );
    let mut response = body(&message(105, &text));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    stamp(&mut response);
    response
}

// judgment: a path other than the endpoint is HTTP 404 with the envelope of status 200.
async fn not_found() -> Response {
    let mut response = body(&Reply {
        status: 200,
        data: json!("Action Not Found"),
    });
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

fn body(reply: &Reply) -> Response {
    axum::Json(json!({"status": reply.status, "data": reply.data})).into_response()
}

fn message(status: u16, text: &str) -> Reply {
    Reply {
        status,
        data: Value::String(text.to_string()),
    }
}

const WRITES: &[&str] = &[
    "product_import",
    "product_update",
    "product_sold",
    "product_delete",
    "product_update_listings",
    "products_post",
    "products_revise_inventory",
];
const READS: &[&str] = &[
    "product_search",
    "product_listfields",
    "listings_accounts_get",
    "product_export",
    "products_export",
    "products_post_templates_list",
];

/// Whether a request asks for an action that only reads.
pub(crate) fn reads(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> bool {
    let params = params(method, uri.query().map(str::to_owned), headers, body);
    params
        .get("action")
        .is_some_and(|action| READS.contains(&action.as_str()))
}

/// The parameters: the query, then a POST's form body over it (later values win, as in PHP).
pub(crate) fn params(
    method: &Method,
    raw: Option<String>,
    headers: &HeaderMap,
    body: &[u8],
) -> HashMap<String, String> {
    let mut params: HashMap<String, String> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    // judgment: like PHP's $_POST, the body is read when it is a form (or says nothing).
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_none_or(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if method == Method::POST && form {
        params.extend(url::form_urlencoded::parse(body).into_owned());
    }
    params
}

async fn endpoint(
    State(state): State<AppState>,
    method: Method,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let params = params(&method, raw, &headers, &bytes);
    if state.strict_https {
        return body(&message(101, "Non HTTPS call: use https://"));
    }
    let key = params.get("auth").map(String::as_str).unwrap_or_default();
    let readonly = key == state.readonly_key;
    if key.is_empty() || !(key == state.key || readonly) {
        return body(&message(102, "Authentication Failed"));
    }
    let action = params.get("action").map(String::as_str).unwrap_or_default();
    let write = WRITES.contains(&action);
    if !write && !READS.contains(&action) {
        return body(&message(200, "Action Not Found"));
    }
    if write && readonly {
        return body(&message(
            103,
            "Unauthorized Request: this key may only read",
        ));
    }
    let mut limit = HeaderMap::new();
    // judgment: the copy documents the limit on product_update_listings only; pushing stock
    // to the same channel listings (products_revise_inventory) is taken to share its bucket,
    // the stricter reading, so a client that spends it carefully fits either.
    if matches!(
        action,
        "product_update_listings" | "products_revise_inventory"
    ) {
        let verdict = lock(&state.bucket).take(state.clock.now());
        verdict.headers(&mut limit);
        if !verdict.allowed {
            let text = format!(
                "Rate limit exceeded: {} requests per hour; retry in {} seconds",
                ratelimit::CAPACITY,
                verdict.reset.max(1)
            );
            let mut response = body(&message(105, &text));
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            response.headers_mut().extend(limit);
            return response;
        }
    }
    let preview = params.get("preview").is_some_and(|p| p == "1");
    let reply = run(
        &state,
        action,
        params.get("data").map(String::as_str),
        preview,
    );
    let mut response = body(&reply);
    response.headers_mut().extend(limit);
    response
}

/// `data` as the action needs it: `Ok(None)` when it may be and is left out.
fn data(action: &str, raw: Option<&str>) -> Result<Option<Map<String, Value>>, Reply> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty());
    let optional = action == "product_search";
    let Some(raw) = raw else {
        return if optional {
            Ok(None)
        } else {
            Err(message(300, "Data Not Specified"))
        };
    };
    match serde_json::from_str::<Value>(raw) {
        Err(e) => Err(message(301, &format!("Data Decode Failed: {e}"))),
        Ok(Value::Object(map)) => Ok(Some(map)),
        // judgment: PHP encodes an empty filter set as `[]`; search takes it as no filters.
        Ok(Value::Array(items)) if optional && items.is_empty() => Ok(None),
        Ok(_) => Err(Reply::invalid_field("data", "must be a JSON object")),
    }
}

fn run(state: &Shared, action: &str, raw: Option<&str>, preview: bool) -> Reply {
    // judgment: actions that take no data ignore any that is sent.
    match action {
        "product_listfields" if preview => return Reply::ok(fields::preview()),
        "product_listfields" => return Reply::ok(fields::descriptors()),
        "listings_accounts_get" => return listings::accounts(),
        "products_post_templates_list" => return listings::templates(),
        _ => {}
    }
    let data = match data(action, raw) {
        Ok(data) => data,
        Err(reply) => return reply,
    };
    let empty = Map::new();
    let fields = data.as_ref().unwrap_or(&empty);
    let mut store = lock(&state.store);
    match action {
        "product_search" => {
            match search::search(store.products.values(), data.as_ref(), state.sort_keys) {
                Ok(ids) => Reply::ok(json!(ids)),
                Err(errors) => Reply::invalid(errors),
            }
        }
        "product_import" => actions::import(&mut store, fields),
        "product_update" => actions::update(&mut store, fields),
        "product_sold" => actions::sold(&mut store, fields),
        "product_delete" => actions::delete(&mut store, fields),
        "product_export" => actions::export(&store, fields),
        "products_export" => actions::export_many(&store, fields),
        "product_update_listings" => listings::update_listings(&mut store, fields),
        "products_post" => listings::post(&mut store, fields),
        "products_revise_inventory" => listings::revise_inventory(&store, fields),
        _ => message(200, "Action Not Found"),
    }
}
