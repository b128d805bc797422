//! Requests to the CS-Cart products API; every call returns the exchange it made.

use reqwest::Method;
use serde_json::{Map, Value};

use super::wire::{self, ProductWrite};
use crate::catalog::Traced;
use crate::catalog::error::CatalogError;
use crate::catalog::http::{PlannedRequest, Request, Response, Transport};
use crate::catalog::model::{
    Capabilities, ListQuery, NewProduct, Page, Product, ProductId, ProductPatch, ProductSummary,
    SortField, SortOrder,
};

/// Which path the API lives under; both serve the same entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiPath {
    /// `api/`
    #[default]
    Plain,
    /// `api/2.0/`
    V2,
}

impl ApiPath {
    pub fn prefix(self) -> &'static str {
        match self {
            ApiPath::Plain => "api/",
            ApiPath::V2 => "api/2.0/",
        }
    }
}

/// A subset of the catalog with its own product list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `categories/<id>/products`
    Category(u64),
    /// Multi-Vendor: `vendors/<id>/products`
    Vendor(u64),
    /// Store Builder: `stores/<id>/products`
    Store(u64),
}

/// A client for one CS-Cart or Multi-Vendor store, rooted at the store's base URL.
#[derive(Debug, Clone)]
pub struct CsCartClient {
    transport: Transport,
    api: ApiPath,
}

impl CsCartClient {
    pub fn new(transport: Transport) -> CsCartClient {
        CsCartClient {
            transport,
            api: ApiPath::default(),
        }
    }

    pub fn with_api_version(mut self, api: ApiPath) -> Self {
        self.api = api;
        self
    }

    pub fn api_version(&self) -> ApiPath {
        self.api
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    pub async fn list(&self, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        self.list_at("products".to_owned(), query).await
    }

    pub async fn list_in(&self, scope: Scope, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        let path = match scope {
            Scope::Category(id) => format!("categories/{id}/products"),
            Scope::Vendor(id) => format!("vendors/{id}/products"),
            Scope::Store(id) => format!("stores/{id}/products"),
        };
        self.list_at(path, query).await
    }

    pub async fn get(&self, id: &ProductId) -> Traced<Product> {
        self.run(self.get_request(id), |r| {
            wire::decode_product(r.status, &r.body)
        })
        .await
    }

    pub async fn create(&self, product: &NewProduct) -> Traced<ProductId> {
        self.run(Ok(self.create_request(product)), |r| {
            wire::decode_written_id(r.status, &r.body)
        })
        .await
    }

    pub async fn update(&self, id: &ProductId, patch: &ProductPatch) -> Traced<ProductId> {
        self.run(self.update_request(id, patch), |r| {
            wire::decode_written_id(r.status, &r.body)
        })
        .await
    }

    /// PUTs the object as given: the user edited the platform's own JSON.
    pub async fn update_raw(&self, id: &ProductId, body: &Map<String, Value>) -> Traced<ProductId> {
        self.run(self.update_raw_request(id, body), |r| {
            wire::decode_written_id(r.status, &r.body)
        })
        .await
    }

    /// Sets the stock to `amount` (`PUT {"amount": "N"}`).
    pub async fn set_stock(&self, id: &ProductId, amount: i64) -> Traced<()> {
        self.run(self.set_stock_request(id, amount), |r| {
            wire::decode_written_id(r.status, &r.body).map(|_| ())
        })
        .await
    }

    /// Deletes a product; the server answers 204 with no body.
    pub async fn delete(&self, id: &ProductId) -> Traced<()> {
        self.run(self.delete_request(id), empty_or_json).await
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

    pub fn plan_delete(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        self.delete_request(id).map(|r| self.transport.plan(&r))
    }

    fn get_request(&self, id: &ProductId) -> Result<Request, CatalogError> {
        Ok(Request::new(Method::GET, self.product_path(id)?))
    }

    fn create_request(&self, product: &NewProduct) -> Request {
        Request::new(Method::POST, self.path("products"))
            .json(ProductWrite::from_new(product).to_json())
    }

    fn update_request(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
    ) -> Result<Request, CatalogError> {
        self.put_request(id, ProductWrite::from_patch(patch).to_json())
    }

    fn update_raw_request(
        &self,
        id: &ProductId,
        body: &Map<String, Value>,
    ) -> Result<Request, CatalogError> {
        self.put_request(id, Value::Object(body.clone()))
    }

    fn set_stock_request(&self, id: &ProductId, amount: i64) -> Result<Request, CatalogError> {
        self.put_request(id, ProductWrite::stock(amount).to_json())
    }

    fn delete_request(&self, id: &ProductId) -> Result<Request, CatalogError> {
        Ok(Request::new(Method::DELETE, self.product_path(id)?))
    }

    fn put_request(&self, id: &ProductId, body: Value) -> Result<Request, CatalogError> {
        Ok(Request::new(Method::PUT, self.product_path(id)?).json(body))
    }

    async fn list_at(&self, path: String, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        let request = list_request(self.path(&path), query);
        self.run(Ok(request), |r| wire::decode_list(r.status, &r.body, query))
            .await
    }

    /// Sends one request (again if refused); a 2xx answer goes to `decode`, any other becomes a typed error.
    /// A request that could not be built is reported without any exchange.
    async fn run<T>(
        &self,
        request: Result<Request, CatalogError>,
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
                Err(wire::error_for(
                    response.status,
                    &response.headers,
                    &response.body,
                    exchanges.last().and_then(|e| e.rate_limit.as_ref()),
                ))
            }
        });
        let result = result.map_err(|e| e.redacted(self.transport.redactor()));
        Traced::new(result, exchanges)
    }

    fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.api.prefix())
    }

    /// CS-Cart ids are integers; anything else is refused before it can reach a URL path.
    fn product_path(&self, id: &ProductId) -> Result<String, CatalogError> {
        let id = id.0.trim();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CatalogError::Unsupported(format!(
                "not a CS-Cart product id: {id:?}"
            )));
        }
        Ok(self.path(&format!("products/{id}")))
    }
}

fn list_request(path: String, query: &ListQuery) -> Request {
    let mut request = Request::new(Method::GET, path)
        .query("page", query.page.max(1))
        .query("items_per_page", query.per_page.max(1))
        .query("sort_by", sort_key(query.sort))
        .query(
            "sort_order",
            match query.order {
                SortOrder::Ascending => "asc",
                SortOrder::Descending => "desc",
            },
        );
    let filters = &query.filters;
    if let Some(name) = non_empty(filters.name.as_deref()) {
        // CS-Cart searches `q` in each field flagged `Y` (and in the product code
        // unless `pcode_from_q=N`). The doc's example `pname=foo` would be read
        // as a flag, not as the text to find.
        request = request
            .query("q", name)
            .query("pname", "Y")
            .query("pshort", "N")
            .query("pfull", "N")
            .query("pkeywords", "N")
            .query("pcode_from_q", "N");
    }
    if let Some(sku) = non_empty(filters.sku.as_deref()) {
        request = request.query("pcode", sku);
    }
    if let Some(category) = filters.category_id {
        request = request.query("cid", category).query("subcats", "Y");
    }
    if let Some(min) = filters.price_min {
        request = request.query("price_from", min);
    }
    if let Some(max) = filters.price_max {
        request = request.query("price_to", max);
    }
    // The doc describes amount_from and amount_to the other way round; the
    // server follows their names: amount_from is a minimum, amount_to a maximum.
    if let Some(min) = filters.stock_min {
        request = request.query("amount_from", min);
    }
    if let Some(max) = filters.stock_max {
        request = request.query("amount_to", max);
    }
    if let Some(status) = &filters.status {
        request = request.query("status", wire::status_code(status));
    }
    request
}

fn sort_key(field: SortField) -> &'static str {
    match field {
        SortField::Name => "product",
        SortField::Sku => "code",
        SortField::Price => "price",
        SortField::Stock => "amount",
        SortField::Status => "status",
        SortField::Updated => "date",
    }
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// A deletion answers 204 with nothing; a body that is not JSON (a proxy's page, a cut
/// answer) does not say the product is gone.
fn empty_or_json(response: &Response) -> Result<(), CatalogError> {
    if response.body.iter().all(u8::is_ascii_whitespace)
        || serde_json::from_slice::<serde_json::Value>(&response.body).is_ok()
    {
        return Ok(());
    }
    Err(CatalogError::Malformed {
        status: response.status,
        reason: "the deletion's answer is not JSON: the product may still exist".to_owned(),
    })
}
