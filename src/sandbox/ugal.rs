//! The UGAL website API simulator (items): two sites, one with VAT, per docs/platforms/ugal.md.

mod item;
mod node;
mod seed;
mod store;
mod update;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;

use super::limiter::Verdict;
use super::{SandboxOptions, Variant};
use item::{Links, Product};
use node::Node;
use store::Store;
use update::Problem;

/// The Basic auth user name of every UGAL website API.
pub const USER: &str = "website";
/// Items per page of the collection.
pub const PAGE_SIZE: usize = 25;

/// One of the two demo sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// Amounts without VAT, no `vat` or `vatrate`.
    Plain,
    /// Amounts include VAT; items carry `vatrate` and prices `vat`.
    Vat,
}

impl Site {
    /// The sandbox path the site is mounted under, without the slash.
    pub fn path(self) -> &'static str {
        match self {
            Site::Plain => "ugal",
            Site::Vat => "ugal-vat",
        }
    }
}

struct Shared {
    site: Site,
    products: Mutex<Store>,
    token: String,
    readonly_token: String,
    /// judgment: a collection row carries the item's nominal `<price>`; the documented
    /// collection has none (the variant `ugal-no-list-price`).
    list_price: bool,
}

type AppState = Arc<Shared>;

impl Shared {
    fn products(&self) -> MutexGuard<'_, Store> {
        // A poisoned lock only means a handler panicked mid-request; the data is still usable.
        self.products
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The site's routes, relative to its prefix. judgment: a path without extension is XML.
pub fn router(options: &SandboxOptions, site: Site) -> Router {
    let products = Store::seeded(options.seed, options.ugal_items);
    let state = Arc::new(Shared {
        site,
        products: Mutex::new(products),
        token: options.ugal_token.clone(),
        readonly_token: options.ugal_readonly_token.clone(),
        list_price: !options.plays(Variant::UgalNoListPrice),
    });
    Router::new()
        .route("/api/v1/items", get(list))
        .route("/api/v1/items.xml", get(list))
        .route("/api/v1/items.json", get(list))
        .route("/api/v1/items/{*reference}", get(read_item).put(put_item))
        .route("/api/v1/products/{id}", get(read_product))
        .method_not_allowed_fallback(not_allowed)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth))
        .with_state(state)
}

/// The format asked for: JSON when the path ends with `.json`.
#[derive(Clone, Copy)]
struct Format {
    json: bool,
}

impl Format {
    fn of(uri: &Uri) -> Format {
        Format {
            json: uri.path().ends_with(".json"),
        }
    }

    fn ext(self) -> &'static str {
        if self.json { ".json" } else { ".xml" }
    }

    fn reply(self, status: StatusCode, root: &str, node: &Node) -> Response {
        if self.json {
            (status, axum::Json(node::json(root, node))).into_response()
        } else {
            (
                status,
                [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
                node::xml(root, node),
            )
                .into_response()
        }
    }

    fn errors<'a>(
        self,
        status: StatusCode,
        messages: impl IntoIterator<Item = &'a str>,
    ) -> Response {
        let errors = messages.into_iter().map(Node::text).collect();
        self.reply(status, "errors", &Node::List("error", errors))
    }

    fn not_found(self) -> Response {
        self.errors(StatusCode::NOT_FOUND, ["404 - Not Found"])
    }
}

async fn not_found(uri: Uri) -> Response {
    Format::of(&uri).not_found()
}

/// A request over the sandbox's rate limit, in the format its path asks for.
/// judgment: UGAL documents no limit; the refusal takes the shape of its other errors.
pub fn refuse(uri: &Uri, _verdict: &Verdict) -> Response {
    Format::of(uri).errors(StatusCode::TOO_MANY_REQUESTS, ["429 - Too Many Requests"])
}

async fn not_allowed(uri: Uri) -> Response {
    Format::of(&uri).errors(StatusCode::METHOD_NOT_ALLOWED, ["405 - Method Not Allowed"])
}

/// HTTP Basic, user `website` and a token; the read-only token is refused every PUT.
async fn auth(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let format = Format::of(request.uri());
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
    let token = credentials
        .as_deref()
        .and_then(|c| c.split_once(':'))
        .filter(|(user, _)| *user == USER)
        .map(|(_, token)| token)
        .filter(|token| !token.is_empty());
    let readonly = token == Some(state.readonly_token.as_str());
    if !(readonly || token == Some(state.token.as_str())) {
        let mut response = format.errors(StatusCode::UNAUTHORIZED, ["401 - Unauthorized"]);
        // judgment: the usual Basic challenge, so curl and browsers know to ask.
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"UGAL website API\""),
        );
        return response;
    }
    if readonly && request.method() == Method::PUT {
        return format.errors(StatusCode::FORBIDDEN, ["403 - Forbidden"]);
    }
    next.run(request).await
}

/// The site's base URL as the client reached it, for links.
fn base(headers: &HeaderMap, site: Site) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}/{}", site.path())
}

/// A filter's value: absent, a number, or the problem it is.
fn filter(value: Option<&str>, problem: Problem) -> Result<Option<u64>, Problem> {
    match value {
        None => Ok(None),
        Some(text) => text.trim().parse().map(Some).map_err(|_| problem),
    }
}

async fn list(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let format = Format::of(&uri);
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let catalog = filter(param("catalogId"), Problem::CatalogId);
    let product = filter(param("productId"), Problem::ProductId);
    let (catalog, product) = match (catalog, product) {
        (Ok(catalog), Ok(product)) => (catalog, product),
        (catalog, product) => {
            let problems = [catalog.err(), product.err()];
            return format.errors(
                StatusCode::BAD_REQUEST,
                problems.into_iter().flatten().map(Problem::message),
            );
        }
    };
    // judgment: a page that is not a whole number ≥ 1 is the first page.
    let page = param("p")
        .and_then(|p| p.trim().parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let base = base(&headers, state.site);
    let links = Links {
        base: &base,
        ext: format.ext(),
    };
    let products = state.products();
    let page = products.page(
        catalog,
        product,
        (page - 1).saturating_mul(PAGE_SIZE),
        PAGE_SIZE,
    );
    let items = page
        .iter()
        .flat_map(|(p, indexes)| {
            let p = p.as_ref();
            indexes
                .clone()
                .filter_map(move |index| p.items.get(index).map(|item| (p, item)))
        })
        .map(|(p, item)| {
            let row = item.summary(Some(p), &links);
            if state.list_price {
                row
            } else {
                row.without("price")
            }
        })
        .collect();
    format.reply(StatusCode::OK, "items", &Node::List("item", items))
}

/// The path's name without its `.xml` or `.json`.
fn strip(name: &str) -> &str {
    name.strip_suffix(".json")
        .or_else(|| name.strip_suffix(".xml"))
        .unwrap_or(name)
}

fn item_reply(
    state: &Shared,
    format: Format,
    headers: &HeaderMap,
    product: &Product,
    index: usize,
) -> Response {
    let base = base(headers, state.site);
    let links = Links {
        base: &base,
        ext: format.ext(),
    };
    match product.items.get(index) {
        Some(item) => format.reply(
            StatusCode::OK,
            "item",
            &item.full(product, &links, state.site == Site::Vat),
        ),
        None => format.not_found(),
    }
}

/// judgment: a reference is malformed (400.202) when empty or holding a `/`.
fn malformed(reference: &str) -> bool {
    reference.is_empty() || reference.contains('/')
}

async fn read_item(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let format = Format::of(&uri);
    let reference = strip(&name);
    if malformed(reference) {
        return format.errors(StatusCode::BAD_REQUEST, [Problem::Reference.message()]);
    }
    let products = state.products();
    match products.find(reference) {
        Some((id, index)) => match products.get(id) {
            Some(product) => item_reply(&state, format, &headers, &product, index),
            None => format.not_found(),
        },
        None => format.not_found(),
    }
}

/// judgment: a well-formed reference that names no item is 404 before the body is read;
/// otherwise every problem of the path and the body is reported together.
async fn put_item(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let format = Format::of(&uri);
    let reference = strip(&name);
    let mut products = state.products();
    let found = products.find(reference);
    if found.is_none() && !malformed(reference) {
        return format.not_found();
    }
    let mut problems = Vec::new();
    if malformed(reference) {
        problems.push(Problem::Reference);
    }
    let change = match update::parse(&body, format.json) {
        None => {
            problems.push(Problem::Content);
            None
        }
        Some(body) => match update::check(&body) {
            Ok(change) => Some(change),
            Err(found) => {
                problems.extend(found);
                None
            }
        },
    };
    let (Some(change), Some((id, index)), true) = (change, found, problems.is_empty()) else {
        // judgment: each code once, in the contract's order.
        problems.sort();
        problems.dedup();
        return format.errors(
            StatusCode::BAD_REQUEST,
            problems.into_iter().map(Problem::message),
        );
    };
    let Some(product) = products.get_mut(id) else {
        return format.not_found();
    };
    if let Some(item) = product.items.get_mut(index) {
        if let Some(inventory) = change.inventory {
            item.inventory = inventory;
        }
        if let Some(prices) = change.prices {
            item.prices = prices;
        }
    }
    item_reply(&state, format, &headers, product, index)
}

/// judgment: an id that is not a number names no product (404).
async fn read_product(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let format = Format::of(&uri);
    let products = state.products();
    let Some(product) = strip(&name)
        .parse::<u64>()
        .ok()
        .and_then(|id| products.get(id))
    else {
        return format.not_found();
    };
    let base = base(&headers, state.site);
    let links = Links {
        base: &base,
        ext: format.ext(),
    };
    format.reply(StatusCode::OK, "product", &product.full(&links))
}
