//! The service layer: platform clients behind one `Catalog`, knowing nothing of the terminal.

pub mod cscart;
pub mod error;
pub mod exchange;
pub mod fields;
pub mod http;
pub mod model;
pub mod ratelimit;

use exchange::Exchange;

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
}

/// What a platform allows, known before any client exists; a read-only profile loses every write.
pub fn capabilities(platform: model::Platform, read_only: bool) -> model::Capabilities {
    let all = match platform {
        model::Platform::Cscart => cscart::CAPABILITIES,
        _ => model::Capabilities::default(),
    };
    if read_only { all.read_only() } else { all }
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
}

impl Catalog {
    /// Builds the client for a connection. `sequence` numbers exchanges across the run.
    pub fn connect(
        connection: &Connection,
        secret: crate::secret::Secret,
        sequence: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Result<Catalog, error::CatalogError> {
        let auth = match &connection.user {
            Some(user) => http::Auth::Basic {
                user: user.clone(),
                secret,
            },
            None => http::Auth::None,
        };
        let transport = http::Transport::new(&connection.base_url, auth, connection.timeout)?
            .with_sequence(sequence);
        let client = match connection.platform {
            model::Platform::Cscart => PlatformClient::Cscart(cscart::CsCartClient::new(transport)),
            other => {
                return Err(error::CatalogError::Setup(format!(
                    "{other} is not supported yet; supported: CS-Cart"
                )));
            }
        };
        Ok(Catalog {
            client,
            read_only: connection.read_only,
        })
    }

    /// What the UI may offer: the platform's operations, less every write on a read-only profile.
    pub fn capabilities(&self) -> model::Capabilities {
        let capabilities = match &self.client {
            PlatformClient::Cscart(client) => client.capabilities(),
        };
        if self.read_only {
            capabilities.read_only()
        } else {
            capabilities
        }
    }

    pub async fn list(
        &self,
        query: &model::ListQuery,
    ) -> Traced<model::Page<model::ProductSummary>> {
        match &self.client {
            PlatformClient::Cscart(client) => client.list(query).await,
        }
    }

    pub async fn get(&self, id: &model::ProductId) -> Traced<model::Product> {
        match &self.client {
            PlatformClient::Cscart(client) => client.get(id).await,
        }
    }
}
