//! Carries out effects on tokio tasks and sends their results back as actions; never touches the terminal.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use tokio::sync::mpsc::UnboundedSender;

use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::{Catalog, Connection};
use crate::config::SecretSource;

use super::action::Action;
use super::effect::{Effect, RequestId};

/// How to reach a profile's store, before its secret has been read.
#[derive(Debug, Clone)]
pub struct ProfileTarget {
    pub connection: Connection,
    pub secret: SecretSource,
}

enum Slot {
    Unopened(ProfileTarget),
    Open(Catalog),
}

pub struct Runner {
    slots: Vec<Slot>,
    actions: UnboundedSender<Action>,
    sequence: Arc<AtomicU64>,
}

impl Runner {
    pub fn new(targets: Vec<ProfileTarget>, actions: UnboundedSender<Action>) -> Runner {
        Runner {
            slots: targets.into_iter().map(Slot::Unopened).collect(),
            actions,
            sequence: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Opens a profile now, reading its secret (a secret command may prompt on the terminal,
    /// so this runs before the UI takes the screen for the starting profile).
    pub fn open(&mut self, profile: usize) -> Result<Catalog, CatalogError> {
        let slot = self
            .slots
            .get_mut(profile)
            .ok_or_else(|| CatalogError::Setup(format!("no profile number {profile}")))?;
        let catalog = match slot {
            Slot::Open(catalog) => return Ok(catalog.clone()),
            Slot::Unopened(target) => {
                let secret = target
                    .secret
                    .resolve()
                    .map_err(|e| CatalogError::Setup(format!("cannot read the secret: {e}")))?;
                Catalog::connect(&target.connection, secret, self.sequence.clone())?
            }
        };
        *slot = Slot::Open(catalog.clone());
        Ok(catalog)
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::LoadPage {
                request,
                profile,
                query,
            } => {
                let catalog = match self.open(profile) {
                    Ok(catalog) => catalog,
                    Err(error) => return self.fail_page(request, error),
                };
                let actions = self.actions.clone();
                tokio::spawn(async move {
                    let traced = catalog.list(&query).await;
                    log_exchanges(&traced.exchanges);
                    let action = match traced.result {
                        Ok(page) => Action::PageLoaded {
                            request,
                            page,
                            exchanges: traced.exchanges,
                        },
                        Err(error) => Action::PageFailed {
                            request,
                            error,
                            exchanges: traced.exchanges,
                        },
                    };
                    let _ = actions.send(action);
                });
            }
            Effect::LoadProduct {
                request,
                profile,
                id,
            } => {
                let catalog = match self.open(profile) {
                    Ok(catalog) => catalog,
                    Err(error) => {
                        let _ = self.actions.send(Action::ProductFailed {
                            request,
                            error,
                            exchanges: vec![],
                        });
                        return;
                    }
                };
                let actions = self.actions.clone();
                tokio::spawn(async move {
                    let traced = catalog.get(&id).await;
                    log_exchanges(&traced.exchanges);
                    let action = match traced.result {
                        Ok(product) => Action::ProductLoaded {
                            request,
                            product: Box::new(product),
                            exchanges: traced.exchanges,
                        },
                        Err(error) => Action::ProductFailed {
                            request,
                            error,
                            exchanges: traced.exchanges,
                        },
                    };
                    let _ = actions.send(action);
                });
            }
            Effect::Quit => {}
        }
    }

    fn fail_page(&self, request: RequestId, error: CatalogError) {
        tracing::warn!(%error, "profile could not be opened");
        let _ = self.actions.send(Action::PageFailed {
            request,
            error,
            exchanges: vec![],
        });
    }
}

/// One log line per exchange; every field here is already redacted.
fn log_exchanges(exchanges: &[Exchange]) {
    for exchange in exchanges {
        tracing::info!(
            seq = exchange.seq,
            method = %exchange.method,
            path = %exchange.path,
            status = exchange.status.map_or_else(|| "none".to_owned(), |s| s.to_string()),
            latency_ms = exchange.latency.as_millis() as u64,
            debug_id = exchange.debug_id.as_deref().unwrap_or("-"),
            error = exchange.error.as_deref().unwrap_or("-"),
            "exchange"
        );
    }
}
