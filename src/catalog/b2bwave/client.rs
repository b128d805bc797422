//! Requests to the B2B Wave products API, each built once to send or to plan; every call returns its exchange.

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::reply::error_for;
use super::wire;
use crate::catalog::Traced;
use crate::catalog::error::CatalogError;
use crate::catalog::http::{PlannedRequest, Request, Response, Transport};
use crate::catalog::model::{
    Capabilities, ListQuery, NewProduct, Page, Product, ProductId, ProductPatch, ProductSummary,
    Sku,
};

const PRODUCTS: &str = "api/products";
const UPDATE_QUANTITY: &str = "api/products/update_quantity";
/// judgment: the largest page the service is known to serve.
pub const MAX_PER_PAGE: u32 = 100;

/// A client for one B2B Wave store, rooted at the store's base URL.
#[derive(Debug, Clone)]
pub struct B2bWaveClient {
    transport: Transport,
}

impl B2bWaveClient {
    pub fn new(transport: Transport) -> B2bWaveClient {
        B2bWaveClient { transport }
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    /// One page; the body is a bare array with no total, so a full page means "maybe more".
    pub async fn list(&self, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        let page = query.page.max(1);
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        self.run(Ok(list_request(query)), false, |r| {
            let items = wire::decode_summaries(r.status, &r.body)?;
            let more = items.len() == per_page as usize;
            Ok(Page {
                items,
                page,
                per_page,
                total: None,
                more,
            })
        })
        .await
    }

    pub async fn get(&self, id: &ProductId) -> Traced<Product> {
        let wanted = id.clone();
        self.run(get_request(id), false, move |r| {
            wire::decode_one(r.status, &r.body, &wanted)
        })
        .await
    }

    pub async fn create(&self, product: &NewProduct) -> Traced<ProductId> {
        self.run(Ok(create_request(product)), true, written_id)
            .await
    }

    /// PATCHes only the fields the patch changes.
    pub async fn update(&self, id: &ProductId, patch: &ProductPatch) -> Traced<ProductId> {
        self.run(update_request(id, patch), true, written_id).await
    }

    /// PATCHes `{"product": body}`: the user edited the platform's own JSON.
    pub async fn update_raw(&self, id: &ProductId, body: &Map<String, Value>) -> Traced<ProductId> {
        self.run(update_raw_request(id, body), true, written_id)
            .await
    }

    /// Sets the total to `amount` with `update_quantity` by id: absolute, so a retry cannot double.
    pub async fn set_stock(&self, id: &ProductId, amount: i64) -> Traced<()> {
        self.run(set_stock_request(id, amount), true, |r| {
            written_id(r).map(|_| ())
        })
        .await
    }

    /// Sets each listed warehouse's quantity, `(warehouse_id, quantity)`; the others are left.
    pub async fn set_warehouse_stock(
        &self,
        id: &ProductId,
        quantities: &[(u64, i64)],
    ) -> Traced<()> {
        self.run(warehouse_stock_request(id, quantities), true, |r| {
            written_id(r).map(|_| ())
        })
        .await
    }

    pub async fn delete(&self, _id: &ProductId) -> Traced<()> {
        Traced::new(Err(no_delete()), Vec::new())
    }

    /// The product whose code is exactly `sku`, found with the exact `code_eq` filter.
    pub async fn find_by_sku(&self, sku: &Sku) -> Traced<Option<ProductSummary>> {
        if sku.0.trim().is_empty() {
            return Traced::new(Ok(None), Vec::new());
        }
        let request = Request::new(Method::GET, PRODUCTS).query("code_eq", &sku.0);
        self.run(Ok(request), false, |r| {
            let rows = wire::decode_summaries(r.status, &r.body)?;
            Ok(rows.into_iter().find(|row| row.sku == *sku))
        })
        .await
    }

    pub fn plan_get(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        get_request(id).map(|r| self.transport.plan(&r))
    }

    pub fn plan_create(&self, product: &NewProduct) -> Result<PlannedRequest, CatalogError> {
        Ok(self.transport.plan(&create_request(product)))
    }

    pub fn plan_update(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
    ) -> Result<PlannedRequest, CatalogError> {
        update_request(id, patch).map(|r| self.transport.plan(&r))
    }

    pub fn plan_update_raw(
        &self,
        id: &ProductId,
        body: &Map<String, Value>,
    ) -> Result<PlannedRequest, CatalogError> {
        update_raw_request(id, body).map(|r| self.transport.plan(&r))
    }

    pub fn plan_set_stock(
        &self,
        id: &ProductId,
        amount: i64,
    ) -> Result<PlannedRequest, CatalogError> {
        set_stock_request(id, amount).map(|r| self.transport.plan(&r))
    }

    pub fn plan_set_warehouse_stock(
        &self,
        id: &ProductId,
        quantities: &[(u64, i64)],
    ) -> Result<PlannedRequest, CatalogError> {
        warehouse_stock_request(id, quantities).map(|r| self.transport.plan(&r))
    }

    pub fn plan_delete(&self, _id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        Err(no_delete())
    }

    /// Sends one request (again if refused); a 2xx answer goes to `decode`, any other becomes a typed error.
    /// A request that could not be built is reported without any exchange.
    async fn run<T>(
        &self,
        request: Result<Request, CatalogError>,
        write: bool,
        decode: impl FnOnce(&Response) -> Result<T, CatalogError>,
    ) -> Traced<T> {
        let request = match request {
            Ok(request) => request,
            Err(e) => return Traced::new(Err(e), Vec::new()),
        };
        let (sent, exchanges) = self.transport.send_retrying(request).await;
        let result = sent.and_then(|response| {
            if (200..300).contains(&response.status) {
                decode(&response)
            } else {
                Err(error_for(
                    response.status,
                    &response.body,
                    exchanges.last().and_then(|e| e.rate_limit.as_ref()),
                    write,
                ))
            }
        });
        let result = result.map_err(|e| e.redacted(self.transport.redactor()));
        Traced::new(result, exchanges)
    }
}

fn no_delete() -> CatalogError {
    CatalogError::Unsupported("B2B Wave's API has no product delete".to_owned())
}

fn written_id(response: &Response) -> Result<ProductId, CatalogError> {
    wire::decode_product(response.status, &response.body).map(|product| product.summary.id)
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

/// There is no documented single-product GET: the list is filtered by `id_eq` instead.
fn get_request(id: &ProductId) -> Result<Request, CatalogError> {
    Ok(Request::new(Method::GET, PRODUCTS).query("id_eq", numeric(id)?))
}

fn create_request(product: &NewProduct) -> Request {
    Request::new(Method::POST, PRODUCTS).json(wire::create_body(product))
}

fn update_request(id: &ProductId, patch: &ProductPatch) -> Result<Request, CatalogError> {
    Ok(Request::new(Method::PATCH, product_path(id)?).json(wire::patch_body(patch)?))
}

fn update_raw_request(id: &ProductId, body: &Map<String, Value>) -> Result<Request, CatalogError> {
    Ok(Request::new(Method::PATCH, product_path(id)?).json(json!({ "product": body })))
}

fn set_stock_request(id: &ProductId, amount: i64) -> Result<Request, CatalogError> {
    let id = numeric(id)?;
    Ok(Request::new(Method::POST, UPDATE_QUANTITY).json(wire::stock_body(id, amount)))
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
