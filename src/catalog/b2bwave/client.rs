//! B2B Wave's `Api`: each operation's request to the products API, and its answer.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::{Value, json};

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
/// judgment: the page size asked for. The real cap is not documented (25, 50, 100 or none
/// are all plausible), so the size a page comes back with is never taken as the end: only
/// an empty page is.
pub const MAX_PER_PAGE: u32 = 100;

/// The VAT class of every documented sample.
const SAMPLE_VAT_CLASS: u64 = 1;

/// B2B Wave's requests and answers, and what it learned of the store from them.
#[derive(Debug, Clone, Default)]
pub struct B2bWave {
    /// How many products read so far carry each `vat_class_id`: a create uses the most
    /// common one, as there is no documented list of a store's VAT classes.
    vat_classes: Arc<Mutex<BTreeMap<u64, u64>>>,
    /// The class the first create planned or sent took, kept for every later one: what a
    /// basket's preview shows must be what its send sends, whatever was read in between.
    chosen_vat_class: Arc<Mutex<Option<u64>>>,
}

impl B2bWave {
    fn learn_vat_classes<'a>(&self, rows: impl IntoIterator<Item = &'a Value>) {
        self.learn_classes(rows.into_iter().filter_map(wire::vat_class_of));
    }

    fn learn_classes(&self, classes: impl IntoIterator<Item = u64>) {
        let mut counts = self
            .vat_classes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for class in classes {
            *counts.entry(class).or_default() += 1;
        }
    }

    /// The VAT class a create sends: the store's most common one among the products read
    /// before the first create was planned, then the same for the life of this client;
    /// judgment: before any product was read, the class of every documented sample, 1.
    pub fn vat_class(&self) -> u64 {
        let mut chosen = self
            .chosen_vat_class
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *chosen.get_or_insert_with(|| self.seen_vat_class().unwrap_or(SAMPLE_VAT_CLASS))
    }

    /// The store's most common VAT class among the products read so far.
    pub fn seen_vat_class(&self) -> Option<u64> {
        let counts = self
            .vat_classes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        counts
            .iter()
            .max_by_key(|(class, count)| (**count, std::cmp::Reverse(**class)))
            .map(|(class, _)| *class)
    }
}

/// A client for one B2B Wave store, rooted at the store's base URL.
pub type B2bWaveClient = Client<B2bWave>;

impl Client<B2bWave> {
    pub fn new(transport: Transport) -> B2bWaveClient {
        Client {
            transport,
            api: B2bWave::default(),
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        super::CAPABILITIES
    }

    /// One page; the body is a bare array with no total, so a full page means "maybe more".
    pub async fn list(&self, query: &ListQuery) -> Traced<Page<ProductSummary>> {
        self.execute(&Op::List(Box::new(query.clone())), None)
            .await
            .page()
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
        let op = Op::List(Box::default());
        let api = self.api.clone();
        self.send_decoding(&op, request, move |r| {
            let page = wire::decode_page(r.status, &r.body)?;
            api.learn_classes(page.classes);
            // The filter is documented; a row with another code is still never taken for it.
            Ok(page
                .summaries
                .into_iter()
                .filter(|row| row.sku == *sku)
                .collect())
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
            // judgment: there is no documented single-product GET, and `id_eq` is not in the
            // document's list of filters. The answer is searched for the id whatever it holds:
            // a server that ignores the filter answers every product (no `paginated`), and the
            // one asked for is still found among them.
            Op::Get(id) => Request::new(Method::GET, PRODUCTS).query("id_eq", numeric(id)?),
            Op::Create(product) => Request::new(Method::POST, PRODUCTS)
                .json(wire::create_body(product, Some(self.vat_class()))),
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
                let wire::ListPage {
                    summaries: items,
                    warehouses,
                    classes,
                } = wire::decode_page(r.status, &r.body)?;
                self.learn_classes(classes);
                // A short page may be the server's own cap, not the end: only an empty page
                // ends the catalog (one request more than a full-page rule, never a lost page).
                let more = !items.is_empty();
                Ok(Answer::Page(Page {
                    items,
                    page: query.page.max(1),
                    per_page,
                    total: None,
                    more,
                    warehouses,
                }))
            }
            Op::Get(id) => {
                let product = wire::decode_one(r.status, &r.body, id)?;
                self.learn_vat_classes([&product.raw]);
                Ok(Answer::Product(Box::new(product)))
            }
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
    if let Some(status) = filters.status_id {
        request = request.query("status_id_eq", status);
    }
    // Not supported by the API, so ignored: price and stock ranges, the active flag (it has no
    // filter; `status_id` above is a different thing), and any sort (the server orders by id).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vat_class_a_create_takes_stays_what_the_preview_showed() {
        let api = B2bWave::default();
        api.learn_vat_classes([&serde_json::json!({"vat_class_id": 2})]);
        assert_eq!(api.vat_class(), 2, "the class the products read carry");
        let others = vec![serde_json::json!({"vat_class_id": 3}); 5];
        api.learn_vat_classes(&others);
        assert_eq!(api.seen_vat_class(), Some(3));
        assert_eq!(api.vat_class(), 2, "reads after the preview change nothing");
    }
}
