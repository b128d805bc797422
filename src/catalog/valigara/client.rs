//! Valigara's `Api`: each operation as an action on the one endpoint, and its reply.

use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::bucket::{self, Bucket, Clock};
use super::reply::{self, Reply, data, error_for, parse_reply, unreadable};
use super::wire::{self, id_of, numeric_id, product_from_value, status_from_word};
use crate::catalog::Traced;
use crate::catalog::api::{Answer, Api, Client, Op, lacks};
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::http::{PlannedRequest, Request, Response, Transport};
use crate::catalog::model::{Capabilities, Platform, Product, ProductId, Status};
use crate::catalog::ratelimit::RateLimit;

/// The one endpoint below the store's base URL.
pub const ENDPOINT: &str = "client/V1/";

/// Valigara's requests and answers, with the client-side listings bucket clones share.
#[derive(Clone)]
pub struct Valigara {
    pub(super) bucket: Arc<Mutex<Bucket>>,
    pub(super) clock: Clock,
    /// The server refused `sort`/`order` once: later searches go without them.
    pub(super) sort_refused: Arc<std::sync::atomic::AtomicBool>,
    /// The latest list search, which the pages of one load share (`search.rs`).
    pub(super) recent: super::search::RecentSearch,
}

impl std::fmt::Debug for Valigara {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Valigara").finish_non_exhaustive()
    }
}

/// A client for one Valigara account. Clones share the HTTP pool and the listings bucket.
pub type ValigaraClient = Client<Valigara>;

pub use crate::catalog::model::SoldAction;

/// What `product_sold` answered: the quantity left and the product's status.
#[derive(Debug, Clone, PartialEq)]
pub struct SoldResult {
    pub id: ProductId,
    pub quantity: i64,
    pub status: Status,
}

#[derive(Deserialize)]
struct Written {
    id: Value,
}

#[derive(Deserialize)]
struct Sold {
    id: Value,
    quantity: i64,
    #[serde(default)]
    status: String,
}

#[derive(Deserialize)]
struct Deleted {
    #[serde(default)]
    deleted: Vec<Value>,
    #[serde(default)]
    failed: Map<String, Value>,
}

impl Client<Valigara> {
    pub fn new(transport: Transport) -> ValigaraClient {
        let clock = bucket::system_clock();
        Client {
            transport: transport.with_refusal(reply::is_refusal),
            api: Valigara {
                bucket: Arc::new(Mutex::new(Bucket::new(clock()))),
                clock,
                sort_refused: Arc::default(),
                recent: super::search::RecentSearch::default(),
            },
        }
    }

    /// The same client reading time from `clock`, with a fresh listings bucket.
    pub fn with_clock(mut self, clock: Clock) -> ValigaraClient {
        self.api.bucket = Arc::new(Mutex::new(Bucket::new(clock())));
        self.api.clock = clock;
        self
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    /// Deletes a product; `keep_channels` leaves its channel listings in place.
    pub async fn delete(&self, id: &ProductId, keep_channels: bool) -> Traced<()> {
        self.execute(&delete(id, keep_channels), None).await.done()
    }

    pub fn plan_delete(
        &self,
        id: &ProductId,
        keep_channels: bool,
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&delete(id, keep_channels), None)
    }

    /// Records a sale of `quantity` (what was sold, not what is left).
    pub async fn mark_sold(
        &self,
        id: &ProductId,
        quantity: i64,
        action: SoldAction,
    ) -> Traced<SoldResult> {
        self.execute(&sold(id, quantity, action), None).await.sold()
    }

    pub fn plan_mark_sold(
        &self,
        id: &ProductId,
        quantity: i64,
        action: SoldAction,
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&sold(id, quantity, action), None)
    }

    /// Sends one request and reads its envelope; 302 reaches `decode` only when `partial` allows.
    pub(super) async fn run<T>(
        &self,
        request: Result<Request, CatalogError>,
        partial: bool,
        decode: impl FnOnce(Reply) -> Result<T, CatalogError>,
    ) -> Traced<T> {
        let request = match request {
            Ok(request) => request,
            Err(e) => return Traced::new(Err(e), Vec::new()),
        };
        let (reply, exchanges) = self.call(request, partial).await;
        Traced::new(reply.and_then(decode), exchanges)
    }

    /// Sends a request (again if refused), records each body's status on its exchange and
    /// maps any failure.
    pub(super) async fn call(
        &self,
        request: Request,
        partial: bool,
    ) -> (Result<Reply, CatalogError>, Vec<Exchange>) {
        self.call_with(request, |response, rate| {
            envelope(response.status, &response.body, partial, rate)
        })
        .await
    }

    /// Sends a request as `call` does and reads its answer with `decode`.
    pub(super) async fn call_with<T>(
        &self,
        request: Request,
        decode: impl FnOnce(&Response, Option<&RateLimit>) -> Result<T, CatalogError>,
    ) -> (Result<T, CatalogError>, Vec<Exchange>) {
        let (sent, exchanges, rate) = self.exchange(request).await;
        let result = sent.and_then(|response| decode(&response, rate.as_ref()));
        let result = result.map_err(|e| e.redacted(self.transport.redactor()));
        (result, exchanges)
    }
}

fn delete(id: &ProductId, keep_channels: bool) -> Op {
    Op::Delete {
        id: id.clone(),
        keep_channels,
    }
}

fn sold(id: &ProductId, quantity: i64, action: SoldAction) -> Op {
    Op::MarkSold {
        id: id.clone(),
        quantity,
        action,
    }
}

/// The reply in an answer: status 100, or 302 (partly done) when `partial` allows; any other
/// status, or a body that is no reply, is the error it stands for.
pub(super) fn envelope(
    http_status: u16,
    body: &[u8],
    partial: bool,
    rate: Option<&RateLimit>,
) -> Result<Reply, CatalogError> {
    match parse_reply(http_status, body) {
        Ok(reply) => match reply.status {
            100 => Ok(reply),
            302 if partial => Ok(reply),
            _ => Err(error_for(&reply, rate)),
        },
        Err(e) => Err(unreadable(http_status, e, rate)),
    }
}

impl Api for Valigara {
    fn platform(&self) -> Platform {
        Platform::Valigara
    }

    fn request(&self, op: &Op, _current: Option<&Product>) -> Result<Request, CatalogError> {
        if op.is_write() {
            // What the list found may change: the next list searches again.
            self.recent.forget();
        }
        let (name, data) = match op {
            Op::List(_) => return Err(lacks(Platform::Valigara, "one-request list")),
            Op::Get(id) => ("product_export", json!({"id": checked_id(id)?})),
            Op::Create(product) => ("product_import", wire::import_data(product)),
            Op::Update { id, patch } => (
                "product_update",
                wire::update_data(checked_id(id)?, patch).map_err(CatalogError::Unsupported)?,
            ),
            Op::UpdateRaw { id, body } => (
                "product_update",
                wire::raw_update_data(checked_id(id)?, body),
            ),
            Op::SetStock { id, amount } => (
                "product_update",
                json!({"id": checked_id(id)?, "quantity": amount}),
            ),
            Op::Delete { id, keep_channels } => (
                "product_delete",
                json!({"ids": [checked_id(id)?], "channels": keep_channels}),
            ),
            Op::MarkSold {
                id,
                quantity,
                action,
            } => (
                "product_sold",
                json!({"id": checked_id(id)?, "quantity": quantity, "sold_action": action.wire()}),
            ),
            Op::SetWarehouseStock { .. } => return Err(lacks(Platform::Valigara, "warehouses")),
            Op::SetItem { .. } => return Err(lacks(Platform::Valigara, "price tiers")),
        };
        Ok(action(name, Some(data)))
    }

    fn decode(&self, op: &Op, response: &Response) -> Result<Answer, CatalogError> {
        let partial = matches!(op, Op::Delete { .. });
        decode_reply(
            op,
            envelope(response.status, &response.body, partial, None)?,
        )
    }

    fn error(&self, op: &Op, response: &Response, rate: Option<&RateLimit>) -> CatalogError {
        let partial = matches!(op, Op::Delete { .. });
        match envelope(response.status, &response.body, partial, rate) {
            Ok(reply) => reply::malformed(reply.http, "an answer that is not a failure"),
            Err(e) => e,
        }
    }

    /// Every answer carries its status in the envelope, whatever the HTTP status.
    fn answer(
        &self,
        op: &Op,
        response: &Response,
        rate: Option<&RateLimit>,
    ) -> Result<Answer, CatalogError> {
        let partial = matches!(op, Op::Delete { .. });
        decode_reply(
            op,
            envelope(response.status, &response.body, partial, rate)?,
        )
    }

    fn platform_status(&self, status: u16, body: &[u8]) -> Option<String> {
        reply::body_status(status, body).map(|code| code.to_string())
    }
}

fn decode_reply(op: &Op, reply: Reply) -> Result<Answer, CatalogError> {
    let http = reply.http;
    match op {
        Op::Get(_) => product_from_value(reply.data)
            .map(|product| Answer::Product(Box::new(product)))
            .map_err(|e| reply::malformed(http, &e)),
        Op::Delete { id, .. } => {
            let deleted: Deleted = data(reply)?;
            if deleted
                .deleted
                .iter()
                .any(|d| id_of(d) == numeric_id(id).ok())
            {
                return Ok(Answer::Done);
            }
            Err(CatalogError::Rejected {
                status: http,
                platform_code: Some("302".into()),
                message: format!(
                    "302 Partial Content in Data: not deleted: {}",
                    reply::message_of(&Value::Object(deleted.failed))
                ),
            })
        }
        Op::MarkSold { .. } => {
            let sold: Sold = data(reply)?;
            let id =
                id_of(&sold.id).ok_or_else(|| reply::malformed(http, "no id in the answer"))?;
            Ok(Answer::Sold(SoldResult {
                id: ProductId(id.to_string()),
                quantity: sold.quantity,
                status: status_from_word(&sold.status),
            }))
        }
        _ => written_id(reply).map(Answer::Written),
    }
}

/// A form request to the endpoint: `action`, then `data` as JSON text when there is some.
/// judgment: every call is a POST, so the key never appears in a URL.
pub(super) fn action(name: &str, data: Option<Value>) -> Request {
    let mut pairs = vec![("action".to_owned(), name.to_owned())];
    if let Some(data) = data {
        pairs.push(("data".to_owned(), data.to_string()));
    }
    Request::new(Method::POST, ENDPOINT).form(pairs)
}

pub(super) fn checked_id(id: &ProductId) -> Result<u64, CatalogError> {
    numeric_id(id).map_err(CatalogError::Unsupported)
}

fn written_id(reply: Reply) -> Result<ProductId, CatalogError> {
    let http = reply.http;
    let written: Written = data(reply)?;
    id_of(&written.id)
        .map(|id| ProductId(id.to_string()))
        .ok_or_else(|| reply::malformed(http, "no id in the answer"))
}
