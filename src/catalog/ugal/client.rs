//! UGAL's `Api`: each operation's request to the items API (XML), and its answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::{Map, Value};

use super::reply::error_for;
use super::{schema, wire};
use crate::catalog::Traced;
use crate::catalog::api::{Answer, Api, Client, Op, lacks};
use crate::catalog::error::CatalogError;
use crate::catalog::http::{PlannedRequest, Request, Response, Transport};
use crate::catalog::model::{
    Capabilities, ListQuery, Page, Platform, PriceTier, Product, ProductId, ProductPatch,
    ProductSummary, Sku,
};
use crate::catalog::ratelimit::RateLimit;

pub use super::product::UgalProduct;

const ITEMS: &str = "api/v1/items";
const PRODUCTS: &str = "api/v1/products";
/// The server's fixed page size; a request cannot choose another.
pub const PER_PAGE: u32 = 25;
const ONLY_INVENTORY_AND_PRICES: &str = "UGAL items can change only inventory and prices";

/// UGAL's requests and answers, with each item's price list as last read or written: what a
/// planned price change is built from when no current item is given.
#[derive(Debug, Clone, Default)]
pub struct Ugal {
    last_read: Arc<Mutex<HashMap<ProductId, Vec<PriceTier>>>>,
}

/// A client for one UGAL site, rooted at the site's base URL.
pub type UgalClient = Client<Ugal>;

impl Client<Ugal> {
    pub fn new(transport: Transport) -> UgalClient {
        Client {
            transport,
            api: Ugal::default(),
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    /// Page N of Stockroom is page N of UGAL: 25 items, and a full page means "maybe more".
    pub async fn list(&self, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        self.execute(&Op::List(Box::new(query.clone())), None)
            .await
            .page()
    }

    /// The parent product of items: its title, catalog and items.
    pub async fn product(&self, id: u64) -> Traced<UgalProduct> {
        let request = Request::new(Method::GET, format!("{PRODUCTS}/{id}.xml"));
        let op = Op::Get(ProductId(id.to_string()));
        self.send_decoding(&op, request, |r| {
            super::product::decode_product(r.status, &r.body)
        })
        .await
    }

    pub async fn delete(&self, id: &ProductId) -> Traced<()> {
        self.execute(&delete(id), None).await.done()
    }

    pub fn plan_delete(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        self.plan(&delete(id), None)
    }

    /// Replaces the item's whole price list with `tiers`: the caller passes the complete list.
    pub async fn set_prices(&self, id: &ProductId, tiers: &[PriceTier]) -> Traced<()> {
        self.execute(&set_item(id, None, tiers), None).await.done()
    }

    pub fn plan_set_prices(
        &self,
        id: &ProductId,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&set_item(id, None, tiers), None)
    }

    /// Replaces the whole price list and, when given, sets the inventory: one PUT.
    pub async fn set_item(
        &self,
        id: &ProductId,
        inventory: Option<i64>,
        tiers: &[PriceTier],
    ) -> Traced<()> {
        self.execute(&set_item(id, inventory, tiers), None)
            .await
            .done()
    }

    pub fn plan_set_item(
        &self,
        id: &ProductId,
        inventory: Option<i64>,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&set_item(id, inventory, tiers), None)
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
}

fn delete(id: &ProductId) -> Op {
    Op::Delete {
        id: id.clone(),
        keep_channels: false,
    }
}

fn set_item(id: &ProductId, inventory: Option<i64>, tiers: &[PriceTier]) -> Op {
    Op::SetItem {
        id: id.clone(),
        inventory,
        tiers: tiers.to_vec(),
    }
}

impl Api for Ugal {
    fn platform(&self) -> Platform {
        Platform::Ugal
    }

    /// Stock becomes the inventory; a price change sends the complete price list with only the
    /// nominal amount replaced, so no tier is ever dropped: from `current`, else from the
    /// prices as last read or written (refused if never read).
    fn request(&self, op: &Op, current: Option<&Product>) -> Result<Request, CatalogError> {
        match op {
            Op::List(query) => Ok(list_request(query)),
            Op::Get(id) => Ok(Request::new(Method::GET, item_path(id)?)),
            Op::Update { id, patch } => {
                check_patch(patch)?;
                let tiers = match (patch.price, current) {
                    (None, _) => None,
                    (Some(price), Some(current)) => {
                        Some(wire::with_nominal(&current.prices, price))
                    }
                    (Some(price), None) => Some(wire::with_nominal(&self.known_prices(id)?, price)),
                };
                put_request(id, wire::item_body(patch.stock, tiers.as_deref()))
            }
            Op::UpdateRaw { id, body } => raw_request(id, body),
            Op::SetStock { id, amount } => put_request(id, wire::item_body(Some(*amount), None)),
            Op::SetItem {
                id,
                inventory,
                tiers,
            } => put_request(id, wire::item_body(*inventory, Some(tiers))),
            Op::Create(_) => Err(no_create()),
            Op::Delete {
                keep_channels: true,
                ..
            } => Err(lacks(Platform::Ugal, "listings to keep")),
            Op::Delete { .. } => Err(no_delete()),
            Op::SetWarehouseStock { .. } => Err(lacks(Platform::Ugal, "warehouses")),
            Op::MarkSold { .. } => Err(lacks(Platform::Ugal, "recorded sales")),
        }
    }

    fn decode(&self, op: &Op, r: &Response) -> Result<Answer, CatalogError> {
        match op {
            Op::List(query) => {
                let items = wire::decode_items(r.status, &r.body)?;
                let more = items.len() == PER_PAGE as usize;
                Ok(Answer::Page(Page {
                    items,
                    page: query.page.max(1),
                    per_page: PER_PAGE,
                    total: None,
                    more,
                    warehouses: None,
                }))
            }
            Op::Get(_) => self
                .remembered(r)
                .map(|product| Answer::Product(Box::new(product))),
            _ => self
                .remembered(r)
                .map(|product| Answer::Written(product.summary.id)),
        }
    }

    fn error(&self, _op: &Op, r: &Response, _rate: Option<&RateLimit>) -> CatalogError {
        error_for(r.status, &r.body)
    }

    /// A price change reads the item first, whatever was read before.
    fn reads_first(&self, op: &Op) -> bool {
        matches!(op, Op::Update { id, patch }
            if patch.price.is_some() && check_patch(patch).is_ok() && item_path(id).is_ok())
    }
}

impl Ugal {
    /// The item an answer carries, its prices kept for planning the next price change.
    fn remembered(&self, response: &Response) -> Result<Product, CatalogError> {
        let product = wire::decode_item(response.status, &response.body)?;
        if let Ok(mut known) = self.last_read.lock() {
            known.insert(product.summary.id.clone(), product.prices.clone());
        }
        Ok(product)
    }

    fn known_prices(&self, id: &ProductId) -> Result<Vec<PriceTier>, CatalogError> {
        self.last_read
            .lock()
            .map_err(|_| read_first(id))?
            .get(id)
            .cloned()
            .ok_or_else(|| read_first(id))
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
    if let Some(product) = query.filters.parent_id {
        request = request.query("productId", product);
    }
    // The API filters by catalog and product only: name, SKU, price, stock and status filters
    // are ignored, and so is the sort.
    request
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
