//! The runner's profiles: each opened on first use, its secret read on a task so the UI
//! loop never waits for a secret command.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use tokio::sync::OnceCell;

use crate::catalog::error::CatalogError;
use crate::catalog::{Catalog, Connection};
use crate::config::SecretSource;

/// How to reach a profile's store, before its secret has been read.
#[derive(Debug, Clone)]
pub struct ProfileTarget {
    pub name: String,
    /// What ties a journal to this store: its base URL, or a stable name for the demo's
    /// sandbox, whose port changes at every start.
    pub store: String,
    pub connection: Connection,
    pub secret: SecretSource,
}

struct Slot {
    target: ProfileTarget,
    /// Filled by the first opening that succeeds; a failed one leaves it empty to try again.
    catalog: Arc<OnceCell<Catalog>>,
}

pub struct Profiles {
    slots: Vec<Slot>,
    sequence: Arc<AtomicU64>,
    /// How long a secret command may take (`SecretSource::COMMAND_TIMEOUT`; tests shorten it).
    pub secret_timeout: Duration,
}

impl Profiles {
    pub fn new(targets: Vec<ProfileTarget>) -> Profiles {
        Profiles {
            slots: targets
                .into_iter()
                .map(|target| Slot {
                    target,
                    catalog: Arc::new(OnceCell::new()),
                })
                .collect(),
            sequence: Arc::new(AtomicU64::new(0)),
            secret_timeout: SecretSource::COMMAND_TIMEOUT,
        }
    }

    /// The profile's catalog, opening it (reading its secret) if no one has yet. Awaiting it
    /// may take up to the secret timeout: await it on a task, never on the UI loop. Tasks
    /// that ask while it is opening wait for the same opening. Call it inside a runtime.
    pub fn catalog(
        &self,
        profile: usize,
    ) -> impl Future<Output = Result<Catalog, CatalogError>> + Send + 'static {
        let slot = self
            .slots
            .get(profile)
            .map(|slot| (slot.target.clone(), slot.catalog.clone()));
        let sequence = self.sequence.clone();
        let timeout = self.secret_timeout;
        // On its own task, so an opening goes on when the load that started it is cancelled.
        let opening = tokio::spawn(async move {
            let Some((target, cell)) = slot else {
                return Err(CatalogError::Setup(format!("no profile number {profile}")));
            };
            let opened = cell
                .get_or_try_init(|| async {
                    let secret = target
                        .secret
                        .resolve(&target.name, timeout)
                        .await
                        .map_err(|e| CatalogError::Setup(e.for_profile(&target.name)))?;
                    Catalog::connect(&target.connection, secret, sequence)
                })
                .await?;
            Ok(opened.clone())
        });
        async move {
            opening
                .await
                .unwrap_or_else(|_| Err(CatalogError::Setup(super::guard::INTERNAL.to_owned())))
        }
    }

    /// The catalog if the profile is already open, without waiting.
    pub fn open_now(&self, profile: usize) -> Option<Catalog> {
        self.slots.get(profile)?.catalog.get().cloned()
    }
}
