//! Carries out effects on tokio tasks and sends their results back as actions; never touches the terminal.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use tokio::sync::mpsc::UnboundedSender;

use crate::basket::{Item, Outcome, send};
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::{Catalog, Connection};
use crate::config::SecretSource;
use crate::journal::Journal;

use super::action::Action;
use super::clipboard::Clipboard;
use super::effect::{Effect, RequestId};
use super::export;
use super::products;

mod guard;
mod loading;

pub use guard::install_panic_hook;

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

enum Slot {
    Unopened(ProfileTarget),
    Open(Catalog),
}

pub struct Runner {
    slots: Vec<Slot>,
    names: Vec<(String, String)>,
    actions: UnboundedSender<Action>,
    sequence: Arc<AtomicU64>,
    journal_dir: Option<PathBuf>,
    /// Why the last journal write failed; no batch is sent while it is set.
    journal_broken: Option<String>,
    /// Where exports go when no path is given.
    export_dir: Option<PathBuf>,
    clipboard: Clipboard,
    /// The catalog load running in the background.
    load: Option<tokio::task::AbortHandle>,
}

impl Runner {
    /// `journal_dir` holds one journal of unsent changes per profile; without it nothing is sent.
    pub fn new(
        targets: Vec<ProfileTarget>,
        actions: UnboundedSender<Action>,
        journal_dir: Option<PathBuf>,
    ) -> Runner {
        Runner {
            names: targets
                .iter()
                .map(|t| (t.name.clone(), t.store.clone()))
                .collect(),
            slots: targets.into_iter().map(Slot::Unopened).collect(),
            actions,
            sequence: Arc::new(AtomicU64::new(0)),
            journal_dir,
            journal_broken: None,
            export_dir: crate::config::state_dir(),
            clipboard: Clipboard::Terminal,
            load: None,
        }
    }

    /// Sends clipboard sequences somewhere else than the terminal (tests capture them).
    pub fn with_clipboard(mut self, clipboard: Clipboard) -> Runner {
        self.clipboard = clipboard;
        self
    }

    pub fn with_export_dir(mut self, dir: Option<PathBuf>) -> Runner {
        self.export_dir = dir;
        self
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
            Effect::LoadCatalog {
                request,
                profile,
                query,
                first_page,
            } => {
                if let Some(running) = self.load.take() {
                    running.abort();
                }
                let catalog = match self.open(profile) {
                    Ok(catalog) => catalog,
                    Err(error) => return self.fail_page(request, error),
                };
                let actions = self.actions.clone();
                let handle = loading::spawn_load(catalog, request, query, first_page, actions);
                self.load = Some(handle);
            }
            Effect::CancelLoad => {
                if let Some(running) = self.load.take() {
                    running.abort();
                }
            }
            Effect::ComputeView {
                generation,
                snapshot,
                spec,
                within,
            } => loading::spawn_view(generation, snapshot, spec, within, self.actions.clone()),
            Effect::RefreshRows { profile, ids } => {
                if let Ok(catalog) = self.open(profile) {
                    loading::spawn_refresh(catalog, ids, self.actions.clone());
                }
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
                let fallback = move || {
                    vec![Action::ProductFailed {
                        request,
                        error: CatalogError::Setup(guard::INTERNAL.to_owned()),
                        exchanges: vec![],
                    }]
                };
                guard::spawn_guarded(self.actions.clone(), fallback, async move {
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
            Effect::LoadJournal { profile } => self.load_journal(profile),
            Effect::SaveJournal { profile, items } => self.save_journal(profile, &items),
            Effect::PlanRequests { profile, items } => {
                let catalog = self.open(profile).map_err(|error| error.to_string());
                let actions = self.actions.clone();
                tokio::spawn(async move {
                    let mut plans = Vec::new();
                    for item in items {
                        let plan = match &catalog {
                            Ok(catalog) => send::plan(catalog, &item).await,
                            Err(error) => Err(error.clone()),
                        };
                        plans.push((item.id, plan));
                    }
                    let _ = actions.send(Action::RequestsPlanned { plans });
                });
            }
            Effect::SendBatch { profile, items } => self.send_batch(profile, items),
            Effect::FormatBodies {
                seq,
                request,
                response,
            } => {
                let actions = self.actions.clone();
                tokio::task::spawn_blocking(move || {
                    let format = |(body, kind): (bytes::Bytes, Option<String>)| {
                        Arc::new(crate::inspect::body::format(&body, kind.as_deref()))
                    };
                    let request = format(request.unwrap_or_default());
                    let response = format(response);
                    let _ = actions.send(Action::BodiesFormatted {
                        seq,
                        request,
                        response,
                    });
                });
            }
            Effect::Copy { text, what } => {
                let action = match self.clipboard.copy(&text) {
                    Ok(()) => Action::Copied { what },
                    Err(message) => Action::InspectFailed {
                        message: format!("Could not copy {what}: {message}"),
                    },
                };
                let _ = self.actions.send(action);
            }
            Effect::Export {
                format,
                path,
                exchanges,
            } => {
                let action =
                    match export::write(format, path, self.export_dir.as_deref(), &exchanges) {
                        Ok(path) => Action::Exported {
                            path,
                            what: crate::wording::count(exchanges.len(), "request", "requests"),
                        },
                        Err(message) => Action::InspectFailed { message },
                    };
                let _ = self.actions.send(action);
            }
            Effect::LoadFormFields { profile } => {
                self.spawn_with(profile, move |catalog, actions| async move {
                    let traced = catalog.form_fields().await;
                    log_exchanges(&traced.exchanges);
                    let _ = actions.send(Action::FormFieldsLoaded {
                        profile,
                        fields: traced.result,
                        exchanges: traced.exchanges,
                    });
                })
            }
            Effect::LoadListings { profile } => {
                self.spawn_with(profile, |catalog, actions| async move {
                    let traced = catalog.listings_accounts().await;
                    log_exchanges(&traced.exchanges);
                    let budget = catalog.listings_budget();
                    let _ = actions.send(Action::ListingsLoaded {
                        accounts: traced.result,
                        budget,
                        exchanges: traced.exchanges,
                    });
                })
            }
            Effect::UpdateListings {
                profile,
                id,
                accounts,
            } => {
                self.spawn_with(profile, |catalog, actions| async move {
                    let traced = catalog.update_listings(&[id], accounts).await;
                    log_exchanges(&traced.exchanges);
                    let budget = catalog.listings_budget();
                    let result = traced.result.map(|outcome| {
                        let failed = outcome
                            .failed
                            .into_iter()
                            .map(|(id, why)| format!("{id}: {why}"))
                            .collect();
                        (outcome.done.len(), failed)
                    });
                    let _ = actions.send(Action::ListingsUpdated {
                        result,
                        budget,
                        exchanges: traced.exchanges,
                    });
                });
            }
            Effect::ExportProducts {
                profile,
                query,
                path,
            } => {
                let dir = self.export_dir.clone();
                self.spawn_with(profile, |catalog, actions| async move {
                    let (result, exchanges) =
                        products::export(&catalog, query, path, dir.as_deref()).await;
                    log_exchanges(&exchanges);
                    let action = match result {
                        Ok((path, count)) => Action::Exported {
                            path,
                            what: crate::wording::count(count, "product", "products"),
                        },
                        Err(message) => Action::InspectFailed { message },
                    };
                    let _ = actions.send(action);
                });
            }
            Effect::ListPaths { text, start } => {
                let actions = self.actions.clone();
                tokio::task::spawn_blocking(move || {
                    let word = text.get(start..).unwrap_or_default();
                    let home = std::env::var_os("HOME").map(PathBuf::from);
                    let candidates = super::paths::completions(word, home);
                    let _ = actions.send(Action::PathsListed {
                        text,
                        start,
                        candidates,
                    });
                });
            }
            Effect::ReadImport { path } => {
                let actions = self.actions.clone();
                tokio::task::spawn_blocking(move || {
                    let result = super::import::read(&path);
                    let _ = actions.send(Action::ImportRead { path, result });
                });
            }
            Effect::Quit => {}
        }
    }

    /// Runs `work` on a task with the profile's catalog; a profile that cannot open says why.
    fn spawn_with<F, Fut>(&mut self, profile: usize, work: F)
    where
        F: FnOnce(Catalog, UnboundedSender<Action>) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        match self.open(profile) {
            Ok(catalog) => {
                let fallback = || {
                    vec![Action::InspectFailed {
                        message: guard::INTERNAL.to_owned(),
                    }]
                };
                guard::spawn_guarded(
                    self.actions.clone(),
                    fallback,
                    work(catalog, self.actions.clone()),
                );
            }
            Err(error) => {
                let _ = self.actions.send(Action::InspectFailed {
                    message: error.to_string(),
                });
            }
        }
    }

    fn journal(&self, profile: usize) -> Result<(Journal, String, String), String> {
        let dir = self
            .journal_dir
            .as_ref()
            .ok_or_else(|| "no data directory for the journal (is HOME set?)".to_owned())?;
        let (name, base_url) = self
            .names
            .get(profile)
            .ok_or_else(|| format!("no profile number {profile}"))?;
        Ok((
            Journal::for_profile(dir, name),
            name.clone(),
            base_url.clone(),
        ))
    }

    fn load_journal(&mut self, profile: usize) {
        let action = match self.journal(profile) {
            Err(message) => Action::JournalFailed { message },
            Ok((journal, name, base_url)) => match journal.load_entries::<Vec<Item>>() {
                Ok(None) => Action::JournalLoaded {
                    profile,
                    items: vec![],
                },
                Ok(Some(envelope)) if envelope.belongs_to(&name, &base_url) => {
                    Action::JournalLoaded {
                        profile,
                        items: envelope.entries,
                    }
                }
                Ok(Some(envelope)) => Action::JournalFailed {
                    message: format!(
                        "{} holds changes for {} at {}, not this store; it was left as it is",
                        journal.path().display(),
                        envelope.profile,
                        envelope.base_url
                    ),
                },
                Err(error) => Action::JournalFailed {
                    message: error.to_string(),
                },
            },
        };
        let _ = self.actions.send(action);
    }

    /// Written here, before any later effect runs: a batch is on disk before it is sent.
    fn save_journal(&mut self, profile: usize, items: &[Item]) {
        let result = self.journal(profile).and_then(|(journal, name, base_url)| {
            if items.is_empty() {
                journal.clear()
            } else {
                journal.save_entries(&name, &base_url, &items.to_vec())
            }
            .map_err(|e| e.to_string())
        });
        match result {
            Ok(()) => self.journal_broken = None,
            Err(message) => {
                tracing::error!(%message, "journal write failed");
                self.journal_broken = Some(message.clone());
                let _ = self.actions.send(Action::JournalFailed { message });
            }
        }
    }

    fn send_batch(&mut self, profile: usize, items: Vec<Item>) {
        let catalog = match self.journal_broken.clone() {
            Some(message) => Err(format!(
                "not sent: the journal could not be written ({message})"
            )),
            None => self.open(profile).map_err(|error| error.to_string()),
        };
        let actions = self.actions.clone();
        let catalog = match catalog {
            Ok(catalog) => catalog,
            Err(message) => {
                for item in items {
                    let outcome = Outcome::Failed(message.clone());
                    let _ = actions.send(Action::ItemSettled {
                        item: item.id,
                        outcome,
                        exchanges: vec![],
                    });
                }
                let _ = actions.send(Action::BatchFinished);
                return;
            }
        };
        let ids: Vec<_> = items.iter().map(|item| item.id).collect();
        // Items a panic leaves unsettled stay staged (journaled as being sent: re-read first).
        let fallback = move || {
            let mut settle: Vec<Action> = ids
                .into_iter()
                .map(|item| Action::ItemSettled {
                    item,
                    outcome: Outcome::Failed(guard::INTERNAL.to_owned()),
                    exchanges: vec![],
                })
                .collect();
            settle.push(Action::BatchFinished);
            settle
        };
        guard::spawn_guarded(self.actions.clone(), fallback, async move {
            for item in items {
                let (outcome, exchanges) = send::send(&catalog, &item).await;
                log_exchanges(&exchanges);
                tracing::info!(item = item.id.0, sku = %item.target.sku, ?outcome, "item settled");
                let _ = actions.send(Action::ItemSettled {
                    item: item.id,
                    outcome,
                    exchanges,
                });
            }
            let _ = actions.send(Action::BatchFinished);
        });
    }

    fn fail_page(&self, request: RequestId, error: CatalogError) {
        tracing::warn!(%error, "profile could not be opened");
        let _ = self.actions.send(Action::PageFailed {
            request,
            error,
            exchanges: vec![],
        });
        let _ = self.actions.send(Action::LoadFinished {
            request,
            failed: true,
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
