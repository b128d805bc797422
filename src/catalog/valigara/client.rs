//! Requests to Valigara's one endpoint, each built once to send or to plan; every call returns its exchanges.

use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::bucket::{self, Bucket, Clock};
use super::reply::{self, Reply, data, error_for, parse_reply, unreadable};
use super::wire::{self, id_of, numeric_id, product_from_value, status_from_word};
use crate::catalog::Traced;
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::http::{PlannedRequest, Request, Transport};
use crate::catalog::model::{Capabilities, NewProduct, Product, ProductId, ProductPatch, Status};

/// The one endpoint below the store's base URL.
pub const ENDPOINT: &str = "client/V1/";

/// A client for one Valigara account. Clones share the HTTP pool and the listings bucket.
#[derive(Clone)]
pub struct ValigaraClient {
    pub(super) transport: Transport,
    pub(super) bucket: Arc<Mutex<Bucket>>,
    pub(super) clock: Clock,
}

impl std::fmt::Debug for ValigaraClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValigaraClient")
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

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

impl ValigaraClient {
    pub fn new(transport: Transport) -> ValigaraClient {
        let clock = bucket::system_clock();
        ValigaraClient {
            transport: transport.with_refusal(reply::is_refusal),
            bucket: Arc::new(Mutex::new(Bucket::new(clock()))),
            clock,
        }
    }

    /// The same client reading time from `clock`, with a fresh listings bucket.
    pub fn with_clock(mut self, clock: Clock) -> ValigaraClient {
        self.bucket = Arc::new(Mutex::new(Bucket::new(clock())));
        self.clock = clock;
        self
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    pub async fn get(&self, id: &ProductId) -> Traced<Product> {
        self.run(self.get_request(id), false, |reply| {
            let http = reply.http;
            product_from_value(reply.data).map_err(|e| reply::malformed(http, &e))
        })
        .await
    }

    pub async fn create(&self, product: &NewProduct) -> Traced<ProductId> {
        self.run(Ok(self.create_request(product)), false, written_id)
            .await
    }

    /// `product_update` with only the fields the patch changes.
    pub async fn update(&self, id: &ProductId, patch: &ProductPatch) -> Traced<ProductId> {
        self.run(self.update_request(id, patch), false, written_id)
            .await
    }

    /// `product_update` with the object as the person edited it, plus its id.
    pub async fn update_raw(&self, id: &ProductId, body: &Map<String, Value>) -> Traced<ProductId> {
        self.run(self.update_raw_request(id, body), false, written_id)
            .await
    }

    /// Sets the quantity to `amount`: an absolute value, so a retried write cannot double.
    pub async fn set_stock(&self, id: &ProductId, amount: i64) -> Traced<()> {
        self.run(self.set_stock_request(id, amount), false, |reply| {
            written_id(reply).map(|_| ())
        })
        .await
    }

    /// Deletes a product; `keep_channels` leaves its channel listings in place.
    pub async fn delete(&self, id: &ProductId, keep_channels: bool) -> Traced<()> {
        let wanted = numeric_id(id).ok();
        self.run(self.delete_request(id, keep_channels), true, move |reply| {
            let http = reply.http;
            let deleted: Deleted = data(reply)?;
            if deleted.deleted.iter().any(|d| id_of(d) == wanted) {
                return Ok(());
            }
            Err(CatalogError::Rejected {
                status: http,
                platform_code: Some("302".into()),
                message: format!(
                    "302 Partial Content in Data: not deleted: {}",
                    reply::message_of(&Value::Object(deleted.failed))
                ),
            })
        })
        .await
    }

    /// Records a sale of `quantity` (what was sold, not what is left).
    pub async fn mark_sold(
        &self,
        id: &ProductId,
        quantity: i64,
        action: SoldAction,
    ) -> Traced<SoldResult> {
        self.run(self.sold_request(id, quantity, action), false, |reply| {
            let http = reply.http;
            let sold: Sold = data(reply)?;
            let id =
                id_of(&sold.id).ok_or_else(|| reply::malformed(http, "no id in the answer"))?;
            Ok(SoldResult {
                id: ProductId(id.to_string()),
                quantity: sold.quantity,
                status: status_from_word(&sold.status),
            })
        })
        .await
    }

    pub fn plan_get(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        self.get_request(id).map(|r| self.transport.plan(&r))
    }

    pub fn plan_create(&self, product: &NewProduct) -> Result<PlannedRequest, CatalogError> {
        Ok(self.transport.plan(&self.create_request(product)))
    }

    pub fn plan_update(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
    ) -> Result<PlannedRequest, CatalogError> {
        self.update_request(id, patch)
            .map(|r| self.transport.plan(&r))
    }

    pub fn plan_update_raw(
        &self,
        id: &ProductId,
        body: &Map<String, Value>,
    ) -> Result<PlannedRequest, CatalogError> {
        self.update_raw_request(id, body)
            .map(|r| self.transport.plan(&r))
    }

    pub fn plan_set_stock(
        &self,
        id: &ProductId,
        amount: i64,
    ) -> Result<PlannedRequest, CatalogError> {
        self.set_stock_request(id, amount)
            .map(|r| self.transport.plan(&r))
    }

    pub fn plan_delete(
        &self,
        id: &ProductId,
        keep_channels: bool,
    ) -> Result<PlannedRequest, CatalogError> {
        self.delete_request(id, keep_channels)
            .map(|r| self.transport.plan(&r))
    }

    pub fn plan_mark_sold(
        &self,
        id: &ProductId,
        quantity: i64,
        action: SoldAction,
    ) -> Result<PlannedRequest, CatalogError> {
        self.sold_request(id, quantity, action)
            .map(|r| self.transport.plan(&r))
    }

    fn get_request(&self, id: &ProductId) -> Result<Request, CatalogError> {
        Ok(action(
            "product_export",
            Some(json!({"id": checked_id(id)?})),
        ))
    }

    fn create_request(&self, product: &NewProduct) -> Request {
        action("product_import", Some(wire::import_data(product)))
    }

    fn update_request(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
    ) -> Result<Request, CatalogError> {
        let data = wire::update_data(checked_id(id)?, patch).map_err(CatalogError::Unsupported)?;
        Ok(action("product_update", Some(data)))
    }

    fn update_raw_request(
        &self,
        id: &ProductId,
        body: &Map<String, Value>,
    ) -> Result<Request, CatalogError> {
        let data = wire::raw_update_data(checked_id(id)?, body);
        Ok(action("product_update", Some(data)))
    }

    fn set_stock_request(&self, id: &ProductId, amount: i64) -> Result<Request, CatalogError> {
        let data = json!({"id": checked_id(id)?, "quantity": amount});
        Ok(action("product_update", Some(data)))
    }

    fn delete_request(&self, id: &ProductId, keep_channels: bool) -> Result<Request, CatalogError> {
        let data = json!({"ids": [checked_id(id)?], "channels": keep_channels});
        Ok(action("product_delete", Some(data)))
    }

    fn sold_request(
        &self,
        id: &ProductId,
        quantity: i64,
        sold: SoldAction,
    ) -> Result<Request, CatalogError> {
        let data = json!({"id": checked_id(id)?, "quantity": quantity, "sold_action": sold.wire()});
        Ok(action("product_sold", Some(data)))
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
        let (sent, mut exchanges) = self.transport.send_retrying(request).await;
        let Some((exchange, refused)) = exchanges.split_last_mut() else {
            let error = CatalogError::Setup("no request was sent".to_owned());
            return (Err(error), exchanges);
        };
        for earlier in refused {
            let http = earlier.status.unwrap_or_default();
            if let Ok(reply) = parse_reply(http, &earlier.response_body) {
                earlier.platform_status = Some(reply.status.to_string());
            }
        }
        let rate = exchange.rate_limit;
        let result = sent.and_then(
            |response| match parse_reply(response.status, &response.body) {
                Ok(reply) => {
                    exchange.platform_status = Some(reply.status.to_string());
                    match reply.status {
                        100 => Ok(reply),
                        302 if partial => Ok(reply),
                        _ => Err(error_for(&reply, rate.as_ref())),
                    }
                }
                Err(e) => Err(unreadable(response.status, e, rate.as_ref())),
            },
        );
        let result = result.map_err(|e| e.redacted(self.transport.redactor()));
        (result, exchanges)
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
