//! The service layer: platform clients behind one `Catalog`, knowing nothing of the terminal.

pub mod api;
pub mod b2bwave;
pub mod cscart;
pub mod error;
pub mod exchange;
pub mod fields;
pub mod http;
mod listings;
pub mod loader;
pub mod model;
pub mod pacer;
pub mod ratelimit;
pub mod raw_checks;
pub mod ugal;
pub mod valigara;
pub mod values;

use api::{Answer, Op};
use error::CatalogError;
use exchange::Exchange;
use http::PlannedRequest;
use model::{NewProduct, Product, ProductId, ProductPatch, ProductSummary, Sku};
use serde_json::{Map, Value};

/// What a write on a read-only profile answers, without sending anything.
pub const READ_ONLY_MESSAGE: &str = "this profile is read-only: nothing was sent";
/// judgment: CS-Cart documents no upper bound for `items_per_page`; 250 keeps one answer of
/// full product objects to a few hundred kilobytes.
const CSCART_BULK_PAGE: u32 = 250;
/// Valigara's pages are Stockroom's own (a `product_search`, then an export of at most 100
/// ids): one export a page, so the first batch is on screen as soon as it is parsed rather
/// than after ten; the pages of one load share their search (`search::SEARCH_REUSE`).
const VALIGARA_BULK_PAGE: u32 = valigara::search::EXPORT_BATCH as u32;
/// How many list pages `with_sku` reads before it gives up.
const SKU_SEARCH_PAGES: u32 = 10;

/// A call's result together with every exchange it made, success or failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced<T> {
    pub result: Result<T, error::CatalogError>,
    pub exchanges: Vec<Exchange>,
}

impl<T> Traced<T> {
    pub fn new(result: Result<T, error::CatalogError>, exchanges: Vec<Exchange>) -> Traced<T> {
        Traced { result, exchanges }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Traced<U> {
        Traced {
            result: self.result.map(f),
            exchanges: self.exchanges,
        }
    }
}

/// What it takes to reach one store, apart from its secret.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub platform: model::Platform,
    pub base_url: String,
    pub user: Option<String>,
    pub timeout: std::time::Duration,
    pub read_only: bool,
    /// The profile's own pace; `None` follows what the server announces.
    pub requests_per_second: Option<f64>,
}

/// What a platform allows, known before any client exists; a read-only profile loses every write.
pub fn capabilities(platform: model::Platform, read_only: bool) -> model::Capabilities {
    let all = match platform {
        model::Platform::Cscart => cscart::CAPABILITIES,
        model::Platform::Valigara => valigara::CAPABILITIES,
        model::Platform::B2bwave => b2bwave::CAPABILITIES,
        model::Platform::Ugal => ugal::CAPABILITIES,
    };
    if read_only { all.read_only() } else { all }
}

/// The part of a product's own JSON a person may edit in the raw editor.
pub fn raw_editable(platform: model::Platform, product: &Product) -> Map<String, Value> {
    match platform {
        model::Platform::Cscart => cscart::schema::raw_editable(product),
        model::Platform::Valigara => valigara::schema::raw_editable(product),
        model::Platform::B2bwave => b2bwave::schema::raw_editable(product),
        model::Platform::Ugal => ugal::schema::raw_editable(product),
    }
}

/// Every problem with an edited raw body, one message each; empty when it may be sent.
pub fn validate_raw(platform: model::Platform, body: &Map<String, Value>) -> Vec<String> {
    match platform {
        model::Platform::Cscart => cscart::schema::validate_raw(body),
        model::Platform::Valigara => valigara::schema::validate_raw(body),
        model::Platform::B2bwave => b2bwave::schema::validate_raw(body),
        model::Platform::Ugal => ugal::schema::validate_raw(body),
    }
}

/// One store's client, whatever its platform. Cheap to clone: clones share one HTTP pool.
#[derive(Debug, Clone)]
pub struct Catalog {
    client: PlatformClient,
    read_only: bool,
}

#[derive(Debug, Clone)]
enum PlatformClient {
    Cscart(cscart::CsCartClient),
    Valigara(valigara::ValigaraClient),
    B2bwave(b2bwave::B2bWaveClient),
    Ugal(ugal::UgalClient),
}

impl Catalog {
    /// Builds the client for a connection. `sequence` numbers exchanges across the run.
    pub fn connect(
        connection: &Connection,
        secret: crate::secret::Secret,
        sequence: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Result<Catalog, error::CatalogError> {
        let auth = match (connection.platform, &connection.user) {
            // Valigara's key travels as `auth=` in the form body or query; there is no user.
            (model::Platform::Valigara, _) => http::Auth::QueryKey {
                name: "auth".to_owned(),
                secret,
            },
            // UGAL's Basic user is always `website`; the token is the password.
            (model::Platform::Ugal, user) => http::Auth::Basic {
                user: user.clone().unwrap_or_else(|| "website".to_owned()),
                secret,
            },
            (_, Some(user)) => http::Auth::Basic {
                user: user.clone(),
                secret,
            },
            (_, None) => http::Auth::None,
        };
        let transport = http::Transport::new(&connection.base_url, auth, connection.timeout)?
            .with_sequence(sequence)
            .with_rate(connection.requests_per_second);
        let client = match connection.platform {
            model::Platform::Cscart => PlatformClient::Cscart(cscart::CsCartClient::new(transport)),
            model::Platform::Valigara => {
                PlatformClient::Valigara(valigara::ValigaraClient::new(transport))
            }
            model::Platform::B2bwave => {
                PlatformClient::B2bwave(b2bwave::B2bWaveClient::new(transport))
            }
            model::Platform::Ugal => PlatformClient::Ugal(ugal::UgalClient::new(transport)),
        };
        Ok(Catalog {
            client,
            read_only: connection.read_only,
        })
    }

    /// What the UI may offer: the platform's operations, less every write on a read-only profile.
    pub fn capabilities(&self) -> model::Capabilities {
        capabilities(self.platform(), self.read_only)
    }

    pub fn platform(&self) -> model::Platform {
        match &self.client {
            PlatformClient::Cscart(_) => model::Platform::Cscart,
            PlatformClient::Valigara(_) => model::Platform::Valigara,
            PlatformClient::B2bwave(_) => model::Platform::B2bwave,
            PlatformClient::Ugal(_) => model::Platform::Ugal,
        }
    }

    /// The request `execute` would send for `op`, exactly, with secrets redacted; `current`
    /// is the product as it is now, for an operation built from it.
    pub fn plan(&self, op: &Op, current: Option<&Product>) -> Result<PlannedRequest, CatalogError> {
        if op.is_write() {
            self.writable()?;
        }
        match &self.client {
            PlatformClient::Cscart(client) => client.plan(op, current),
            PlatformClient::Valigara(client) => client.plan(op, current),
            PlatformClient::B2bwave(client) => client.plan(op, current),
            PlatformClient::Ugal(client) => client.plan(op, current),
        }
    }

    /// Sends `op` as `plan` shows it; a write on a read-only profile is refused unsent.
    pub async fn execute(&self, op: &Op, current: Option<&Product>) -> Traced<Answer> {
        if op.is_write()
            && let Err(e) = self.writable()
        {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::Cscart(client) => client.execute(op, current).await,
            PlatformClient::Valigara(client) => client.execute(op, current).await,
            PlatformClient::B2bwave(client) => client.execute(op, current).await,
            PlatformClient::Ugal(client) => client.execute(op, current).await,
        }
    }

    /// One page; Valigara's is a search, then exports of the page's ids.
    pub async fn list(
        &self,
        query: &model::ListQuery,
    ) -> Traced<model::Page<model::ProductSummary>> {
        match &self.client {
            PlatformClient::Valigara(client) => return client.list(query).await,
            PlatformClient::Cscart(client) => return client.list(query).await,
            _ => {}
        }
        self.execute(&Op::List(Box::new(query.clone())), None)
            .await
            .page()
    }

    pub async fn get(&self, id: &ProductId) -> Traced<Product> {
        self.execute(&Op::Get(id.clone()), None).await.product()
    }

    /// The largest page the platform serves: what a whole-catalog load asks for.
    pub fn bulk_page_size(&self) -> u32 {
        match &self.client {
            PlatformClient::Cscart(_) => CSCART_BULK_PAGE,
            PlatformClient::Valigara(_) => VALIGARA_BULK_PAGE,
            PlatformClient::B2bwave(_) => b2bwave::client::MAX_PER_PAGE,
            PlatformClient::Ugal(_) => ugal::client::PER_PAGE,
        }
    }

    pub async fn create(&self, product: &NewProduct) -> Traced<ProductId> {
        self.execute(&Op::Create(product.clone()), None)
            .await
            .written()
    }

    /// Writes the patch's fields; on UGAL a price change reads the item first.
    pub async fn update(&self, id: &ProductId, patch: &ProductPatch) -> Traced<ProductId> {
        let op = Op::Update {
            id: id.clone(),
            patch: patch.clone(),
        };
        self.execute(&op, None).await.written()
    }

    pub async fn update_raw(&self, id: &ProductId, body: &Map<String, Value>) -> Traced<ProductId> {
        let op = Op::UpdateRaw {
            id: id.clone(),
            body: body.clone(),
        };
        self.execute(&op, None).await.written()
    }

    pub async fn set_stock(&self, id: &ProductId, amount: i64) -> Traced<()> {
        let op = Op::SetStock {
            id: id.clone(),
            amount,
        };
        self.execute(&op, None).await.done()
    }

    /// Deletes a product, and on Valigara its channel listings too.
    pub async fn delete(&self, id: &ProductId) -> Traced<()> {
        self.delete_with(id, false).await
    }

    /// Deletes a product; `keep_channels` leaves its marketplace listings (Valigara only).
    pub async fn delete_with(&self, id: &ProductId, keep_channels: bool) -> Traced<()> {
        let op = Op::Delete {
            id: id.clone(),
            keep_channels,
        };
        self.execute(&op, None).await.done()
    }

    /// The product whose code is exactly `sku` (case-sensitive), if there is one.
    pub async fn find_by_sku(&self, sku: &Sku) -> Traced<Option<ProductSummary>> {
        let traced = self.with_sku(sku).await;
        Traced::new(
            traced.result.map(|found| found.into_iter().next()),
            traced.exchanges,
        )
    }

    /// Every product whose code is exactly `sku` (case-sensitive): how an interrupted create
    /// is told from products that had its code before. CS-Cart's code filter matches parts of
    /// codes, so the pages it returns are searched for the exact code.
    pub async fn with_sku(&self, sku: &Sku) -> Traced<Vec<ProductSummary>> {
        match &self.client {
            PlatformClient::Valigara(client) => return client.with_sku(sku).await,
            PlatformClient::B2bwave(client) => return client.with_sku(sku).await,
            PlatformClient::Ugal(client) => {
                let traced = client.find_by_sku(sku).await;
                let found = traced.result.map(|found| found.into_iter().collect());
                return Traced::new(found, traced.exchanges);
            }
            PlatformClient::Cscart(_) => {}
        }
        if sku.0.trim().is_empty() {
            return Traced::new(Ok(Vec::new()), Vec::new());
        }
        let mut exchanges = Vec::new();
        let mut found = Vec::new();
        for page in 1..=SKU_SEARCH_PAGES {
            let query = model::ListQuery {
                page,
                per_page: 100,
                sort: model::SortField::Sku,
                filters: model::Filters {
                    sku: Some(sku.0.clone()),
                    ..model::Filters::default()
                },
                ..model::ListQuery::default()
            };
            let traced = self.list(&query).await;
            exchanges.extend(traced.exchanges);
            let listed = match traced.result {
                Ok(listed) => listed,
                Err(e) => return Traced::new(Err(e), exchanges),
            };
            found.extend(listed.items.into_iter().filter(|p| p.sku == *sku));
            if !listed.more {
                return Traced::new(Ok(found), exchanges);
            }
        }
        let error = CatalogError::Unsupported(format!(
            "more than {} products have codes containing {:?}; cannot tell whether {:?} exists",
            SKU_SEARCH_PAGES * 100,
            sku.0,
            sku.0
        ));
        Traced::new(Err(error), exchanges)
    }

    pub fn plan_get(&self, id: &ProductId) -> Result<PlannedRequest, CatalogError> {
        self.plan(&Op::Get(id.clone()), None)
    }

    pub fn plan_set_stock(
        &self,
        id: &ProductId,
        amount: i64,
    ) -> Result<PlannedRequest, CatalogError> {
        let op = Op::SetStock {
            id: id.clone(),
            amount,
        };
        self.plan(&op, None)
    }

    /// Refuses a write on a read-only profile; a write is planned and sent only when this passes.
    fn writable(&self) -> Result<(), CatalogError> {
        if self.read_only {
            Err(CatalogError::ReadOnly(READ_ONLY_MESSAGE.to_owned()))
        } else {
            Ok(())
        }
    }
}
