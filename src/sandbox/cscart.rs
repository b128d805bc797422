//! The CS-Cart / Multi-Vendor REST API simulator: routes, auth and product handlers.

mod edit;
mod order;
mod product;
mod query;
mod seed;
mod store;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use base64::Engine;
use serde_json::{Map, Value, json};

use super::limiter::Verdict;
use super::{DEMO_CSCART_USER, SandboxOptions, Variant};
use product::Product;
use query::Scope;
use store::Store;

struct Shared {
    store: Mutex<Store>,
    user: String,
    key: String,
    /// An update answers the id as a string (the variant), not the integer.
    string_ids: bool,
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

/// The simulator's routes, relative to its `/cscart` prefix.
pub fn router(options: &SandboxOptions) -> Router {
    let state = Arc::new(Shared {
        store: Mutex::new(Store::seeded(options.seed, options.cscart_products)),
        user: DEMO_CSCART_USER.to_string(),
        key: options.cscart_key.clone(),
        string_ids: options.plays(Variant::CscartStringIds),
    });
    Router::new()
        .nest("/api/2.0", api())
        .nest("/api", api())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth))
        .with_state(state)
}

/// The entities, each path also answering with a trailing slash as CS-Cart does.
// judgment: the doc's singular `PUT /api/product/12` is a typo; CS-Cart has no "product"
// entity, so that path answers 404 here as it would there.
fn api() -> Router<AppState> {
    let routes: [(&str, MethodRouter<AppState>); 7] = [
        ("/vendors", get(list_vendors)),
        ("/products", get(list_all).post(create_plain)),
        (
            "/products/{id}",
            get(get_product).put(update).delete(delete),
        ),
        ("/categories/{cid}/products", get(list_category)),
        ("/categories/{cid}/products/{id}", get(get_in_category)),
        (
            "/vendors/{company}/products",
            get(list_company).post(create_for_company),
        ),
        (
            "/stores/{company}/products",
            get(list_company).post(create_for_company),
        ),
    ];
    let mut router = Router::new();
    for (path, route) in routes {
        router = router
            .route(&format!("{path}/"), route.clone())
            .route(path, route);
    }
    router.method_not_allowed_fallback(method_not_allowed)
}

fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"message": message, "status": status.as_u16()})),
    )
        .into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found")
}

/// A request over the sandbox's rate limit. judgment: CS-Cart documents no limit; the
/// refusal takes the shape of its other errors.
pub fn refuse(_uri: &Uri, _verdict: &Verdict) -> Response {
    error(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests")
}

async fn method_not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

/// HTTP Basic with the admin's e-mail and API key.
async fn auth(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let credentials = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .and_then(|b64| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    // judgment: the e-mail is matched case-insensitively (MySQL's collation), the key exactly.
    let ok = credentials
        .as_deref()
        .and_then(|c| c.split_once(':'))
        .is_some_and(|(user, key)| user.eq_ignore_ascii_case(&state.user) && key == state.key);
    if ok {
        return next.run(request).await;
    }
    let mut response = error(StatusCode::UNAUTHORIZED, "Unauthorized");
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"User email/API key\""),
    );
    response
}

fn pairs(raw: Option<String>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// An id from the path; anything that is not a positive integer matches no product.
fn id(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok().filter(|n| *n > 0)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

fn list(state: &Shared, raw: Option<String>, scope: Scope) -> Response {
    axum::Json(query::list(&mut state.store(), pairs(raw), scope)).into_response()
}

async fn list_all(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    list(&state, raw, Scope::All)
}

// judgment: a category's list includes its subcategories unless `subcats=N`, like `cid`.
async fn list_category(
    State(state): State<AppState>,
    Path(cid): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    match id(&cid).filter(|c| seed::category(*c).is_some()) {
        Some(cid) => list(&state, raw, Scope::Category(cid)),
        None => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

async fn list_company(
    State(state): State<AppState>,
    Path(company): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    match vendor(&company) {
        Some(company) => list(&state, raw, Scope::Company(company)),
        None => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

// judgment: the copy documents products only; Multi-Vendor's vendors list answers as the
// products list does, the rows under the entity's name, the paging under `params`.
async fn list_vendors(RawQuery(raw): RawQuery) -> Response {
    let pairs = pairs(raw);
    let number = |key: &str, default: usize| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    let (page, per_page) = (number("page", 1), number("items_per_page", 10));
    let vendors: Vec<Value> = seed::VENDORS
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|(id, name)| json!({"company_id": id.to_string(), "company": name, "status": "A"}))
        .collect();
    let params = json!({
        "page": page,
        "items_per_page": per_page,
        "total_items": seed::VENDORS.len().to_string(),
    });
    axum::Json(json!({"vendors": vendors, "params": params})).into_response()
}

fn vendor(text: &str) -> Option<u64> {
    id(text).filter(|c| seed::VENDORS.iter().any(|(v, _)| v == c))
}

fn show(state: &Shared, id_text: &str) -> Response {
    match id(id_text).and_then(|id| state.store().get(id).map(|p| p.render(true))) {
        Some(body) => axum::Json(body).into_response(),
        None => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

async fn get_product(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    show(&state, &id)
}

// judgment: the category in the path is only checked to exist; the product is returned
// whichever category it is in (the doc's own example asks category 229 for product 12 of 224).
async fn get_in_category(
    State(state): State<AppState>,
    Path((cid, id_text)): Path<(String, String)>,
) -> Response {
    if id(&cid).and_then(seed::category).is_none() {
        return error(StatusCode::NOT_FOUND, "Not Found");
    }
    show(&state, &id_text)
}

/// The JSON object of a PUT or POST body, or the status and message refusing it.
fn json_body(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Map<String, Value>, (StatusCode, String)> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        let message = "Unsupported Media Type: send Content-Type: application/json";
        return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, message.to_string()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err((
            StatusCode::BAD_REQUEST,
            "Bad Request: the body must be a JSON object".to_string(),
        )),
        Err(e) => Err((
            StatusCode::BAD_REQUEST,
            format!("Bad Request: invalid JSON ({e})"),
        )),
    }
}

async fn create_plain(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    create(&state, &headers, &body, None)
}

async fn create_for_company(
    State(state): State<AppState>,
    Path(company): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match vendor(&company) {
        Some(company) => create(&state, &headers, &body, Some(company)),
        None => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

fn create(state: &Shared, headers: &HeaderMap, body: &Bytes, company: Option<u64>) -> Response {
    let mut fields = match json_body(headers, body) {
        Ok(fields) => fields,
        Err((status, message)) => return error(status, &message),
    };
    if let Some(missing) = edit::REQUIRED
        .iter()
        .find(|k| fields.get(**k).is_none_or(is_blank))
    {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("Bad Request: the required field \"{missing}\" is missing"),
        );
    }
    if let Some(company) = company {
        fields.insert("company_id".into(), Value::String(company.to_string()));
    }
    let mut store = state.store();
    // judgment: like CS-Cart, a product created without product_code keeps an empty code.
    let mut product = Product::new(store.next_id(), String::new(), Vec::new(), now());
    product.seo_name.clear();
    if let Err(message) = edit::apply(&mut product, &fields) {
        return error(StatusCode::BAD_REQUEST, &format!("Bad Request: {message}"));
    }
    let id = store.insert(product);
    (StatusCode::CREATED, axum::Json(json!({"product_id": id}))).into_response()
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

async fn update(
    State(state): State<AppState>,
    Path(id_text): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(id) = id(&id_text) else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    let mut store = state.store();
    if store.get(id).is_none() {
        return error(StatusCode::NOT_FOUND, "Not Found");
    }
    let fields = match json_body(&headers, &body) {
        Ok(fields) => fields,
        Err((status, message)) => return error(status, &message),
    };
    let applied = store.update(id, |product| {
        edit::apply(product, &fields)?;
        product.updated_timestamp = now().max(product.updated_timestamp);
        Ok::<(), String>(())
    });
    match applied {
        Some(Ok(())) => {}
        Some(Err(message)) => {
            return error(StatusCode::BAD_REQUEST, &format!("Bad Request: {message}"));
        }
        None => return error(StatusCode::NOT_FOUND, "Not Found"),
    }
    // CS-Cart's own source casts the id, `(int) $product_id`: {"product_id": 12}. The
    // string form is the variant an older guess made of it.
    let answered = if state.string_ids {
        json!({"product_id": id.to_string()})
    } else {
        json!({"product_id": id})
    };
    (StatusCode::OK, axum::Json(answered)).into_response()
}

async fn delete(State(state): State<AppState>, Path(id_text): Path<String>) -> Response {
    if id(&id_text).is_some_and(|id| state.store().remove(id)) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        error(StatusCode::NOT_FOUND, "Not Found")
    }
}
