//! One `Api` per platform: how an operation becomes a request and an answer a result; `Client`
//! plans and sends any operation the same way (pacing, retries, redaction, exchanges).

use serde_json::{Map, Value};

use super::Traced;
use super::error::CatalogError;
use super::exchange::Exchange;
use super::http::{PlannedRequest, Request, Response, Transport};
use super::model::{
    ListQuery, NewProduct, Page, Platform, PriceTier, Product, ProductId, ProductPatch,
    ProductSummary, SoldAction,
};
use super::ratelimit::RateLimit;
use super::valigara::SoldResult;

/// One operation a store is asked for in one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Boxed: a query is far larger than any other operation.
    List(Box<ListQuery>),
    Get(ProductId),
    Create(NewProduct),
    Update {
        id: ProductId,
        patch: ProductPatch,
    },
    /// The platform's own object as the user edited it.
    UpdateRaw {
        id: ProductId,
        body: Map<String, Value>,
    },
    SetStock {
        id: ProductId,
        amount: i64,
    },
    /// `(warehouse id, quantity)` for each warehouse to set; the others are left.
    SetWarehouseStock {
        id: ProductId,
        quantities: Vec<(u64, i64)>,
    },
    /// The complete price list and, when given, the inventory, in one write.
    SetItem {
        id: ProductId,
        inventory: Option<i64>,
        tiers: Vec<PriceTier>,
    },
    /// `keep_channels` leaves the product's marketplace listings in place.
    Delete {
        id: ProductId,
        keep_channels: bool,
    },
    /// A sale of `quantity` (what was sold, not what is left).
    MarkSold {
        id: ProductId,
        quantity: i64,
        action: SoldAction,
    },
}

impl Op {
    /// Whether the operation changes the store: refused without sending on a read-only profile.
    pub fn is_write(&self) -> bool {
        !matches!(self, Op::List(_) | Op::Get(_))
    }

    /// The product the operation is about, when there is one.
    pub fn product(&self) -> Option<&ProductId> {
        match self {
            Op::List(_) | Op::Create(_) => None,
            Op::Get(id)
            | Op::Update { id, .. }
            | Op::UpdateRaw { id, .. }
            | Op::SetStock { id, .. }
            | Op::SetWarehouseStock { id, .. }
            | Op::SetItem { id, .. }
            | Op::Delete { id, .. }
            | Op::MarkSold { id, .. } => Some(id),
        }
    }
}

/// What an operation gave back.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Page(Page<ProductSummary>),
    Product(Box<Product>),
    /// The id of the product written.
    Written(ProductId),
    Sold(SoldResult),
    Done,
}

/// What a store answers for an operation its platform does not have; nothing is sent.
pub fn lacks(platform: Platform, what: &str) -> CatalogError {
    CatalogError::Unsupported(format!("{platform} has no {what}"))
}

/// One platform's requests, answers and errors; nothing here sends anything.
pub trait Api: std::fmt::Debug + Clone + Send + Sync + 'static {
    fn platform(&self) -> Platform;

    /// The request `op` makes; `current` is the product as it is now, for an operation
    /// built from it (UGAL's price change keeps every other tier).
    fn request(&self, op: &Op, current: Option<&Product>) -> Result<Request, CatalogError>;

    /// What a 2xx answer to `op` means.
    fn decode(&self, op: &Op, response: &Response) -> Result<Answer, CatalogError>;

    /// The typed error for an answer that is not a success.
    fn error(&self, op: &Op, response: &Response, rate: Option<&RateLimit>) -> CatalogError;

    /// What an answer means, success or failure.
    fn answer(
        &self,
        op: &Op,
        response: &Response,
        rate: Option<&RateLimit>,
    ) -> Result<Answer, CatalogError> {
        if (200..300).contains(&response.status) {
            self.decode(op, response)
        } else {
            Err(self.error(op, response, rate))
        }
    }

    /// The platform's own status code in an answer's body, for the exchange.
    fn platform_status(&self, _status: u16, _body: &[u8]) -> Option<String> {
        None
    }

    /// Whether `op`, without a current product, reads the product before writing.
    fn reads_first(&self, _op: &Op) -> bool {
        false
    }
}

/// A client for one store of the platform `A`. Cheap to clone: clones share one HTTP pool.
#[derive(Debug, Clone)]
pub struct Client<A> {
    pub(crate) transport: Transport,
    pub(crate) api: A,
}

impl<A: Api> Client<A> {
    /// The request `execute` would send, exactly, with secrets redacted.
    pub fn plan(&self, op: &Op, current: Option<&Product>) -> Result<PlannedRequest, CatalogError> {
        self.api
            .request(op, current)
            .map(|request| self.transport.plan(&request))
    }

    /// Sends `op` (again if refused); an operation that reads first does so here.
    /// A request that could not be built is reported without any exchange.
    pub async fn execute(&self, op: &Op, current: Option<&Product>) -> Traced<Answer> {
        let (Some(id), None, true) = (op.product(), current, self.api.reads_first(op)) else {
            return self.send(op, current).await;
        };
        let read = self.send(&Op::Get(id.clone()), None).await;
        let mut exchanges = read.exchanges;
        let current = match read.result {
            Ok(Answer::Product(current)) => *current,
            Ok(_) => return Traced::new(Err(unexpected()), exchanges),
            Err(e) => return Traced::new(Err(e), exchanges),
        };
        let written = self.send(op, Some(&current)).await;
        exchanges.extend(written.exchanges);
        Traced::new(written.result, exchanges)
    }

    async fn send(&self, op: &Op, current: Option<&Product>) -> Traced<Answer> {
        match self.api.request(op, current) {
            Ok(request) => self.send_as(op, request).await,
            Err(e) => Traced::new(Err(e), Vec::new()),
        }
    }

    /// Sends `request` and reads its answer as `op`'s.
    pub(crate) async fn send_as(&self, op: &Op, request: Request) -> Traced<Answer> {
        let (sent, exchanges, rate) = self.exchange(request).await;
        let result = sent.and_then(|response| self.api.answer(op, &response, rate.as_ref()));
        Traced::new(self.redacted(result), exchanges)
    }

    /// Sends `request`; a 2xx answer goes to `decode`, any other is `op`'s error.
    pub(crate) async fn send_decoding<T>(
        &self,
        op: &Op,
        request: Request,
        decode: impl FnOnce(&Response) -> Result<T, CatalogError>,
    ) -> Traced<T> {
        let (sent, exchanges, rate) = self.exchange(request).await;
        let result = sent.and_then(|response| {
            if (200..300).contains(&response.status) {
                decode(&response)
            } else {
                Err(self.api.error(op, &response, rate.as_ref()))
            }
        });
        Traced::new(self.redacted(result), exchanges)
    }

    /// Sends a request (again if refused), each exchange marked with the platform's status.
    pub(crate) async fn exchange(
        &self,
        request: Request,
    ) -> (
        Result<Response, CatalogError>,
        Vec<Exchange>,
        Option<RateLimit>,
    ) {
        let (sent, mut exchanges) = self.transport.send_retrying(request).await;
        for exchange in &mut exchanges {
            let status = exchange.status.unwrap_or_default();
            if let Some(code) = self.api.platform_status(status, &exchange.response_body) {
                exchange.platform_status = Some(code);
            }
        }
        let rate = exchanges.last().and_then(|e| e.rate_limit);
        (sent, exchanges, rate)
    }

    fn redacted<T>(&self, result: Result<T, CatalogError>) -> Result<T, CatalogError> {
        result.map_err(|e| e.redacted(self.transport.redactor()))
    }

    pub async fn get(&self, id: &ProductId) -> Traced<Product> {
        self.execute(&Op::Get(id.clone()), None).await.product()
    }

    pub async fn create(&self, product: &NewProduct) -> Traced<ProductId> {
        self.execute(&Op::Create(product.clone()), None)
            .await
            .written()
    }

    /// Writes only the fields the patch changes.
    pub async fn update(&self, id: &ProductId, patch: &ProductPatch) -> Traced<ProductId> {
        self.execute(&update(id, patch), None).await.written()
    }

    /// Writes the platform's own object as the user edited it.
    pub async fn update_raw(&self, id: &ProductId, body: &Map<String, Value>) -> Traced<ProductId> {
        self.execute(&update_raw(id, body), None).await.written()
    }

    /// Sets the stock to `amount`: absolute, so a retried write cannot double.
    pub async fn set_stock(&self, id: &ProductId, amount: i64) -> Traced<()> {
        self.execute(&set_stock(id, amount), None).await.done()
    }

    pub fn plan_get(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        self.plan(&Op::Get(id.clone()), None)
    }

    pub fn plan_create(&self, product: &NewProduct) -> Result<PlannedRequest, CatalogError> {
        self.plan(&Op::Create(product.clone()), None)
    }

    pub fn plan_update(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&update(id, patch), None)
    }

    pub fn plan_update_raw(
        &self,
        id: &ProductId,
        body: &Map<String, Value>,
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&update_raw(id, body), None)
    }

    pub fn plan_set_stock(
        &self,
        id: &ProductId,
        amount: i64,
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&set_stock(id, amount), None)
    }
}

fn update(id: &ProductId, patch: &ProductPatch) -> Op {
    Op::Update {
        id: id.clone(),
        patch: patch.clone(),
    }
}

fn update_raw(id: &ProductId, body: &Map<String, Value>) -> Op {
    Op::UpdateRaw {
        id: id.clone(),
        body: body.clone(),
    }
}

fn set_stock(id: &ProductId, amount: i64) -> Op {
    Op::SetStock {
        id: id.clone(),
        amount,
    }
}

/// An answer of another kind than the operation's: the platform's client is wrong, not the server.
fn unexpected() -> CatalogError {
    CatalogError::Setup("the answer does not fit the operation".to_owned())
}

impl Traced<Answer> {
    fn typed<T>(self, pick: impl FnOnce(Answer) -> Option<T>) -> Traced<T> {
        let result = self
            .result
            .and_then(|answer| pick(answer).ok_or_else(unexpected));
        Traced::new(result, self.exchanges)
    }

    pub fn page(self) -> Traced<Page<ProductSummary>> {
        self.typed(|a| match a {
            Answer::Page(page) => Some(page),
            _ => None,
        })
    }

    pub fn product(self) -> Traced<Product> {
        self.typed(|a| match a {
            Answer::Product(product) => Some(*product),
            _ => None,
        })
    }

    pub fn written(self) -> Traced<ProductId> {
        self.typed(|a| match a {
            Answer::Written(id) => Some(id),
            _ => None,
        })
    }

    pub fn sold(self) -> Traced<SoldResult> {
        self.typed(|a| match a {
            Answer::Sold(sold) => Some(sold),
            _ => None,
        })
    }

    /// Any success: the write is done, whatever it echoed.
    pub fn done(self) -> Traced<()> {
        self.map(|_| ())
    }
}
