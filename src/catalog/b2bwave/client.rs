//! B2B Wave's `Api`: each operation's request to the products API, and its answer.

use reqwest::Method;
use serde_json::json;

use super::reply::error_for;
use super::wire;
use crate::catalog::Traced;
use crate::catalog::api::{Answer, Api, Client, Op, lacks};
use crate::catalog::error::CatalogError;
use crate::catalog::http::{PlannedRequest, Request, Response, Transport};
use crate::catalog::model::{
    Capabilities, ListQuery, Page, Platform, Product, ProductId, ProductSummary, Sku,
};
use crate::catalog::ratelimit::RateLimit;

const PRODUCTS: &str = "api/products";
const UPDATE_QUANTITY: &str = "api/products/update_quantity";
/// judgment: the largest page the service is known to serve.
pub const MAX_PER_PAGE: u32 = 100;

/// B2B Wave's requests and answers.
#[derive(Debug, Clone, Default)]
pub struct B2bWave;

/// A client for one B2B Wave store, rooted at the store's base URL.
pub type B2bWaveClient = Client<B2bWave>;

impl Client<B2bWave> {
    pub fn new(transport: Transport) -> B2bWaveClient {
        Client {
            transport,
            api: B2bWave,
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    /// One page; the body is a bare array with no total, so a full page means "maybe more".
    pub async fn list(&self, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        self.execute(&Op::List(query.clone()), None).await.page()
    }

    /// Sets each listed warehouse's quantity, `(warehouse_id, quantity)`; the others are left.
    pub async fn set_warehouse_stock(
        &self,
        id: &ProductId,
        quantities: &[(u64, i64)],
    ) -> Traced<()> {
        self.execute(&warehouses(id, quantities), None).await.done()
    }

    pub fn plan_set_warehouse_stock(
        &self,
        id: &ProductId,
        quantities: &[(u64, i64)],
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&warehouses(id, quantities), None)
    }

    pub async fn delete(&self, id: &ProductId) -> Traced<()> {
        self.execute(&delete(id), None).await.done()
    }

    pub fn plan_delete(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        self.plan(&delete(id), None)
    }

    /// The product whose code is exactly `sku`, found with the exact `code_eq` filter.
    pub async fn find_by_sku(&self, sku: &Sku) -> Traced<Option<ProductSummary>> {
        let traced = self.with_sku(sku).await;
        Traced::new(
            traced.result.map(|found| found.into_iter().next()),
            traced.exchanges,
        )
    }

    /// Every product whose code is exactly `sku`.
    pub async fn with_sku(&self, sku: &Sku) -> Traced<Vec<ProductSummary>> {
        if sku.0.trim().is_empty() {
            return Traced::new(Ok(Vec::new()), Vec::new());
        }
        let request = Request::new(Method::GET, PRODUCTS).query("code_eq", &sku.0);
        let op = Op::List(ListQuery::default());
        self.send_decoding(&op, request, |r| {
            let rows = wire::decode_summaries(r.status, &r.body)?;
            Ok(rows.into_iter().filter(|row| row.sku == *sku).collect())
        })
        .await
    }
}

fn warehouses(id: &ProductId, quantities: &[(u64, i64)]) -> Op {
    Op::SetWarehouseStock {
        id: id.clone(),
        quantities: quantities.to_vec(),
    }
}

fn delete(id: &ProductId) -> Op {
    Op::Delete {
        id: id.clone(),
        keep_channels: false,
    }
}

impl Api for B2bWave {
    fn platform(&self) -> Platform {
        Platform::B2bwave
    }

    fn request(&self, op: &Op, _current: Option<&Product>) -> Result<Request, CatalogError> {
        Ok(match op {
            Op::List(query) => list_request(query),
            // There is no documented single-product GET: the list is filtered by `id_eq`.
            Op::Get(id) => Request::new(Method::GET, PRODUCTS).query("id_eq", numeric(id)?),
            Op::Create(product) => {
                Request::new(Method::POST, PRODUCTS).json(wire::create_body(product))
            }
            Op::Update { id, patch } => {
                Request::new(Method::PATCH, product_path(id)?).json(wire::patch_body(patch)?)
            }
            Op::UpdateRaw { id, body } => {
                Request::new(Method::PATCH, product_path(id)?).json(json!({ "product": body }))
            }
            Op::SetStock { id, amount } => Request::new(Method::POST, UPDATE_QUANTITY)
                .json(wire::stock_body(numeric(id)?, *amount)),
            Op::SetWarehouseStock { id, quantities } => warehouse_stock_request(id, quantities)?,
            Op::Delete {
                keep_channels: true,
                ..
            } => return Err(lacks(Platform::B2bwave, "listings to keep")),
            Op::Delete { .. } => {
                return Err(CatalogError::Unsupported(
                    "B2B Wave's API has no product delete".to_owned(),
                ));
            }
            Op::SetItem { .. } => return Err(lacks(Platform::B2bwave, "price tiers")),
            Op::MarkSold { .. } => return Err(lacks(Platform::B2bwave, "recorded sales")),
        })
    }

    fn decode(&self, op: &Op, r: &Response) -> Result<Answer, CatalogError> {
        match op {
            Op::List(query) => {
                let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
                let items = wire::decode_summaries(r.status, &r.body)?;
                let more = items.len() == per_page as usize;
                Ok(Answer::Page(Page {
                    items,
                    page: query.page.max(1),
                    per_page,
                    total: None,
                    more,
                }))
            }
            Op::Get(id) => wire::decode_one(r.status, &r.body, id)
                .map(|product| Answer::Product(Box::new(product))),
            _ => wire::decode_product(r.status, &r.body)
                .map(|product| Answer::Written(product.summary.id)),
        }
    }

    fn error(&self, op: &Op, r: &Response, rate: Option<&RateLimit>) -> CatalogError {
        error_for(r.status, &r.body, rate, op.is_write())
    }
}

/// `paginated=1` always: without it the server ignores `page` and answers page one again.
fn list_request(query: &ListQuery) -> Request {
    let mut request = Request::new(Method::GET, PRODUCTS)
        .query("paginated", 1)
        .query("per_page", query.per_page.clamp(1, MAX_PER_PAGE))
        .query("page", query.page.max(1));
    let filters = &query.filters;
    if let Some(name) = non_empty(filters.name.as_deref()) {
        request = request.query("name_cont", name);
    }
    if let Some(sku) = non_empty(filters.sku.as_deref()) {
        request = request.query("code_cont", sku);
    }
    if let Some(category) = filters.category_id {
        request = request.query("category_id_eq", category);
    }
    // Not supported by the API, so ignored: price and stock ranges, the active flag (it has no
    // filter; `status_id` is a different thing: discontinued, coming soon), and any sort (the
    // server orders by id).
    request
}

fn warehouse_stock_request(
    id: &ProductId,
    quantities: &[(u64, i64)],
) -> Result<Request, CatalogError> {
    let id = numeric(id)?;
    if quantities.is_empty() {
        return Err(CatalogError::Unsupported(
            "no warehouse quantities to set".to_owned(),
        ));
    }
    Ok(
        Request::new(Method::POST, UPDATE_QUANTITY)
            .json(wire::warehouse_stock_body(id, quantities)),
    )
}

fn product_path(id: &ProductId) -> Result<String, CatalogError> {
    Ok(format!("{PRODUCTS}/{}", numeric(id)?))
}

/// B2B Wave ids are integers; anything else is refused before it can reach a URL.
fn numeric(id: &ProductId) -> Result<&str, CatalogError> {
    let id = id.0.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CatalogError::Unsupported(format!(
            "not a B2B Wave product id: {id:?}"
        )));
    }
    Ok(id)
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}
