//! Requests to the UGAL items API, each built once to send or to plan; every call returns its exchanges.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::{Map, Value};

use super::reply::error_for;
use super::{schema, wire};
use crate::catalog::Traced;
use crate::catalog::error::CatalogError;
use crate::catalog::http::{PlannedRequest, Request, Response, Transport};
use crate::catalog::model::{
    Capabilities, ListQuery, NewProduct, Page, PriceTier, Product, ProductId, ProductPatch,
    ProductSummary, Sku,
};

pub use super::product::UgalProduct;

const ITEMS: &str = "api/v1/items";
const PRODUCTS: &str = "api/v1/products";
/// The server's fixed page size; a request cannot choose another.
pub const PER_PAGE: u32 = 25;
const ONLY_INVENTORY_AND_PRICES: &str = "UGAL items can change only inventory and prices";

/// A client for one UGAL site, rooted at the site's base URL.
#[derive(Debug, Clone)]
pub struct UgalClient {
    transport: Transport,
    /// Each item's price list as last read or written: what a planned price change is built from.
    last_read: Arc<Mutex<HashMap<ProductId, Vec<PriceTier>>>>,
}

impl UgalClient {
    pub fn new(transport: Transport) -> UgalClient {
        UgalClient {
            transport,
            last_read: Arc::default(),
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    /// Page N of Stockroom is page N of UGAL: 25 items, and a full page means "maybe more".
    pub async fn list(&self, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        let page = query.page.max(1);
        self.run(Ok(list_request(query)), |r| {
            let items = wire::decode_items(r.status, &r.body)?;
            let more = items.len() == PER_PAGE as usize;
            Ok(Page {
                items,
                page,
                per_page: PER_PAGE,
                total: None,
                more,
            })
        })
        .await
    }

    /// The item by reference, with every price and, on a VAT shop, the rate.
    pub async fn get(&self, id: &ProductId) -> Traced<Product> {
        self.run(get_request(id), |r| self.remembered(r)).await
    }

    /// The parent product of items: its title, catalog and items.
    pub async fn product(&self, id: u64) -> Traced<UgalProduct> {
        let request = Request::new(Method::GET, format!("{PRODUCTS}/{id}.xml"));
        self.run(Ok(request), |r| {
            super::product::decode_product(r.status, &r.body)
        })
        .await
    }

    pub async fn create(&self, _product: &NewProduct) -> Traced<ProductId> {
        Traced::new(Err(no_create()), Vec::new())
    }

    pub async fn delete(&self, _id: &ProductId) -> Traced<()> {
        Traced::new(Err(no_delete()), Vec::new())
    }

    /// Stock becomes the inventory; a price change reads the item first and sends its complete
    /// price list with only the nominal amount replaced, so no tier is ever dropped.
    pub async fn update(&self, id: &ProductId, patch: &ProductPatch) -> Traced<ProductId> {
        if let Err(e) = check_patch(patch).and_then(|()| item_path(id)) {
            return Traced::new(Err(e), Vec::new());
        }
        let Some(price) = patch.price else {
            let request = put_request(id, wire::item_body(patch.stock, None));
            return self.run(request, |r| self.written(r)).await;
        };
        let read = self.get(id).await;
        let mut exchanges = read.exchanges;
        let current = match read.result {
            Ok(current) => current,
            Err(e) => return Traced::new(Err(e), exchanges),
        };
        let tiers = wire::with_nominal(&current.prices, price);
        let request = put_request(id, wire::item_body(patch.stock, Some(&tiers)));
        let sent = self.run(request, |r| self.written(r)).await;
        exchanges.extend(sent.exchanges);
        Traced::new(sent.result, exchanges)
    }

    /// PUTs the edited JSON (`inventory`, `prices`) as XML.
    pub async fn update_raw(&self, id: &ProductId, body: &Map<String, Value>) -> Traced<ProductId> {
        self.run(raw_request(id, body), |r| self.written(r)).await
    }

    /// Sets the inventory to `amount`: absolute, so a retry cannot double.
    pub async fn set_stock(&self, id: &ProductId, amount: i64) -> Traced<()> {
        let request = put_request(id, wire::item_body(Some(amount), None));
        self.run(request, |r| self.written(r).map(|_| ())).await
    }

    /// Replaces the item's whole price list with `tiers`: the caller passes the complete list.
    pub async fn set_prices(&self, id: &ProductId, tiers: &[PriceTier]) -> Traced<()> {
        let request = put_request(id, wire::item_body(None, Some(tiers)));
        self.run(request, |r| self.written(r).map(|_| ())).await
    }

    /// Replaces the whole price list and, when given, sets the inventory: one PUT.
    pub async fn set_item(
        &self,
        id: &ProductId,
        inventory: Option<i64>,
        tiers: &[PriceTier],
    ) -> Traced<()> {
        let request = put_request(id, wire::item_body(inventory, Some(tiers)));
        self.run(request, |r| self.written(r).map(|_| ())).await
    }

    pub fn plan_set_item(
        &self,
        id: &ProductId,
        inventory: Option<i64>,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        put_request(id, wire::item_body(inventory, Some(tiers))).map(|r| self.transport.plan(&r))
    }

    /// The item whose reference is `sku`: the reference is the SKU.
    pub async fn find_by_sku(&self, sku: &Sku) -> Traced<Option<ProductSummary>> {
        let id = ProductId(sku.0.clone());
        if item_path(&id).is_err() {
            return Traced::new(Ok(None), Vec::new());
        }
        let traced = self.get(&id).await;
        let result = match traced.result {
            Ok(product) => Ok(Some(product.summary)),
            Err(CatalogError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        };
        Traced::new(result, traced.exchanges)
    }

    pub fn plan_get(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        get_request(id).map(|r| self.transport.plan(&r))
    }

    /// The PUT `update` sends. A price change is built from the item's prices as this client
    /// last read or wrote them (`update` reads them again before sending); refused if never read.
    pub fn plan_update(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
    ) -> Result<PlannedRequest, CatalogError> {
        if patch.price.is_none() {
            return self.plan_update_from(id, patch, &[]);
        }
        let known = self
            .last_read
            .lock()
            .map_err(|_| read_first(id))?
            .get(id)
            .cloned()
            .ok_or_else(|| read_first(id))?;
        self.plan_update_from(id, patch, &known)
    }

    /// The PUT `update` sends when the item's current prices are `current`.
    pub fn plan_update_from(
        &self,
        id: &ProductId,
        patch: &ProductPatch,
        current: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        check_patch(patch)?;
        let tiers = patch.price.map(|price| wire::with_nominal(current, price));
        let body = wire::item_body(patch.stock, tiers.as_deref());
        put_request(id, body).map(|r| self.transport.plan(&r))
    }

    pub fn plan_update_raw(
        &self,
        id: &ProductId,
        body: &Map<String, Value>,
    ) -> Result<PlannedRequest, CatalogError> {
        raw_request(id, body).map(|r| self.transport.plan(&r))
    }

    pub fn plan_set_stock(
        &self,
        id: &ProductId,
        amount: i64,
    ) -> Result<PlannedRequest, CatalogError> {
        put_request(id, wire::item_body(Some(amount), None)).map(|r| self.transport.plan(&r))
    }

    pub fn plan_set_prices(
        &self,
        id: &ProductId,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        put_request(id, wire::item_body(None, Some(tiers))).map(|r| self.transport.plan(&r))
    }

    pub fn plan_create(&self, _product: &NewProduct) -> Result<PlannedRequest, CatalogError> {
        Err(no_create())
    }

    pub fn plan_delete(&self, _id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        Err(no_delete())
    }

    /// The item an answer carries, its prices kept for planning the next price change.
    fn remembered(&self, response: &Response) -> Result<Product, CatalogError> {
        let product = wire::decode_item(response.status, &response.body)?;
        if let Ok(mut known) = self.last_read.lock() {
            known.insert(product.summary.id.clone(), product.prices.clone());
        }
        Ok(product)
    }

    fn written(&self, response: &Response) -> Result<ProductId, CatalogError> {
        self.remembered(response).map(|product| product.summary.id)
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
                Err(error_for(response.status, &response.body))
            }
        });
        let result = result.map_err(|e| e.redacted(self.transport.redactor()));
        Traced::new(result, exchanges)
    }
}

fn no_create() -> CatalogError {
    CatalogError::Unsupported("UGAL's API cannot create items".to_owned())
}

fn no_delete() -> CatalogError {
    CatalogError::Unsupported("UGAL's API cannot delete items".to_owned())
}

fn read_first(id: &ProductId) -> CatalogError {
    CatalogError::Unsupported(format!(
        "read item {id} first: a price change is sent with its complete price list"
    ))
}

/// Refuses, before anything is sent, a patch that changes more than inventory and price.
fn check_patch(patch: &ProductPatch) -> Result<(), CatalogError> {
    let other = patch.name.is_some()
        || patch.sku.is_some()
        || patch.list_price.is_some()
        || patch.status.is_some()
        || patch.description.is_some();
    if other {
        return Err(CatalogError::Unsupported(
            ONLY_INVENTORY_AND_PRICES.to_owned(),
        ));
    }
    if patch.price.is_none() && patch.stock.is_none() {
        return Err(CatalogError::Unsupported(
            "nothing to change on this item".to_owned(),
        ));
    }
    Ok(())
}

fn list_request(query: &ListQuery) -> Request {
    let mut request =
        Request::new(Method::GET, format!("{ITEMS}.xml")).query("p", query.page.max(1));
    if let Some(catalog) = query.filters.category_id {
        request = request.query("catalogId", catalog);
    }
    // The API filters by catalog and product only: name, SKU, price, stock and status filters
    // are ignored, and so is the sort.
    request
}

fn get_request(id: &ProductId) -> Result<Request, CatalogError> {
    Ok(Request::new(Method::GET, item_path(id)?))
}

fn put_request(id: &ProductId, body: String) -> Result<Request, CatalogError> {
    Ok(Request::new(Method::PUT, item_path(id)?).xml(body))
}

fn raw_request(id: &ProductId, body: &Map<String, Value>) -> Result<Request, CatalogError> {
    let xml = schema::raw_body(body)
        .map_err(|problems| CatalogError::Unsupported(problems.join("; ")))?;
    put_request(id, xml)
}

/// `api/v1/items/{reference}.xml`; a reference that would change the path is refused.
fn item_path(id: &ProductId) -> Result<String, CatalogError> {
    let reference = id.0.as_str();
    let unsafe_char = |c: char| matches!(c, '/' | '\\' | '?' | '#' | '%') || c.is_control();
    if reference.trim().is_empty() || reference.contains(unsafe_char) {
        return Err(CatalogError::Unsupported(format!(
            "not a UGAL item reference: {reference:?}"
        )));
    }
    Ok(format!("{ITEMS}/{reference}.xml"))
}
