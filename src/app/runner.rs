//! Carries out effects on tokio tasks and sends their results back as actions; never touches the terminal.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::basket::{Item, Outcome, send};
use crate::catalog::Catalog;
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;

use super::action::Action;
use super::clipboard::Clipboard;
use super::effect::Effect;
use super::export;
use super::products;

mod exchange_log;
mod guard;
mod journaling;
mod loading;
mod profiles;

use exchange_log::log_exchanges;
use journaling::Journals;
pub use profiles::ProfileTarget;

pub use guard::install_panic_hook;

pub struct Runner {
    profiles: profiles::Profiles,
    names: Vec<(String, String)>,
    actions: UnboundedSender<Action>,
    journals: Journals,
    /// Where exports go when no path is given.
    export_dir: Option<PathBuf>,
    clipboard: Clipboard,
    /// The catalog load running in the background.
    load: Option<tokio::task::AbortHandle>,
    /// Per profile, the flag that stops its batch after the item in flight.
    stop_sending: HashMap<usize, Arc<AtomicBool>>,
    caches: loading::Caches,
}

impl Runner {
    /// `journal_dir` holds one journal of unsent changes per profile; without it nothing is sent.
    pub fn new(
        targets: Vec<ProfileTarget>,
        actions: UnboundedSender<Action>,
        journal_dir: Option<PathBuf>,
    ) -> Runner {
        let names: Vec<(String, String)> = targets
            .iter()
            .map(|t| (t.name.clone(), t.store.clone()))
            .collect();
        Runner {
            journals: Journals::new(names.clone(), journal_dir, actions.clone(), Duration::ZERO),
            caches: loading::Caches::new(None, names.clone(), actions.clone()),
            names,
            profiles: profiles::Profiles::new(targets),
            actions,
            export_dir: crate::config::state_dir(),
            clipboard: Clipboard::Terminal,
            load: None,
            stop_sending: HashMap::new(),
        }
    }

    /// Sends clipboard sequences somewhere else than the terminal (tests capture them).
    pub fn with_clipboard(mut self, clipboard: Clipboard) -> Runner {
        self.clipboard = clipboard;
        self
    }

    /// Keeps each profile's catalog cache in `dir` (none without it).
    pub fn with_cache_dir(mut self, dir: Option<PathBuf>) -> Runner {
        self.caches.set_dir(dir);
        self
    }

    pub fn with_export_dir(mut self, dir: Option<PathBuf>) -> Runner {
        self.export_dir = dir;
        self
    }

    /// Appends each sent item's outcome to an audit log in `dir` instead of the state
    /// directory's (`None`: no audit log).
    pub fn with_audit_dir(mut self, dir: Option<PathBuf>) -> Runner {
        self.journals = self.journals.with_audit_dir(dir);
        self
    }

    /// Gives a secret command `timeout` instead of `SecretSource::COMMAND_TIMEOUT` (tests).
    pub fn with_secret_timeout(mut self, timeout: Duration) -> Runner {
        self.profiles.secret_timeout = timeout;
        self
    }

    /// Writes each journal only after `delay`, like a slow disk (tests).
    pub fn with_slow_journal(mut self, delay: Duration) -> Runner {
        self.journals = self.journals.slowed(delay);
        self
    }

    /// Opens a profile, reading its secret (a secret command may prompt on the terminal, so
    /// the starting profile is opened before the UI takes the screen). Never call it from the
    /// UI loop: a secret command may take up to its timeout.
    pub async fn connect(&self, profile: usize) -> Result<Catalog, CatalogError> {
        self.profiles.catalog(profile).await
    }

    /// Resolves once every journal write queued so far is done: the loop awaits it on quitting.
    pub fn journal_written(&self) -> impl Future<Output = ()> + use<> {
        self.journals.all_written()
    }

    /// The profile's catalog if it is already open. If not, it starts opening on a task
    /// (reporting a failure) and this says so: it never waits for a secret command.
    fn open(&mut self, profile: usize) -> Result<Catalog, CatalogError> {
        if let Some(catalog) = self.profiles.open_now(profile) {
            return Ok(catalog);
        }
        let opening = self.profiles.catalog(profile);
        let actions = self.actions.clone();
        tokio::spawn(async move {
            if let Err(error) = opening.await {
                let message = error.to_string();
                let _ = actions.send(Action::InspectFailed { message });
            }
        });
        let name = self
            .names
            .get(profile)
            .map_or("", |(name, _)| name.as_str());
        Err(CatalogError::Setup(format!(
            "profile {name} is still opening (its secret is being read); try again in a moment"
        )))
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
                let opening = self.profiles.catalog(profile);
                let actions = self.actions.clone();
                let cache = self.caches.handle(profile);
                let handle = loading::spawn_load(
                    opening, profile, request, query, first_page, actions, cache,
                );
                self.load = Some(handle);
            }
            Effect::CancelLoad => {
                if let Some(running) = self.load.take() {
                    running.abort();
                }
            }
            Effect::ComputeView {
                profile,
                generation,
                snapshot,
                spec,
                within,
            } => loading::spawn_view(
                profile,
                generation,
                snapshot,
                spec,
                within,
                self.actions.clone(),
            ),
            Effect::RefreshRows { profile, ids } => {
                let opening = self.profiles.catalog(profile);
                let cache = self.caches.handle(profile);
                loading::spawn_refresh(opening, profile, ids, self.actions.clone(), cache);
            }
            Effect::LoadHistory { profile, id } => {
                if let Some(cache) = self.caches.handle(profile) {
                    cache.history(id);
                }
            }
            Effect::LoadProduct {
                request,
                profile,
                id,
            } => {
                let opening = self.profiles.catalog(profile);
                let actions = self.actions.clone();
                let fallback = move || {
                    vec![Action::ProductFailed {
                        profile,
                        request,
                        error: CatalogError::Setup(guard::INTERNAL.to_owned()),
                        exchanges: vec![],
                    }]
                };
                guard::spawn_guarded(self.actions.clone(), fallback, async move {
                    let catalog = match opening.await {
                        Ok(catalog) => catalog,
                        Err(error) => {
                            let _ = actions.send(Action::ProductFailed {
                                profile,
                                request,
                                error,
                                exchanges: vec![],
                            });
                            return;
                        }
                    };
                    let traced = catalog.get(&id).await;
                    log_exchanges(&traced.exchanges);
                    let action = match traced.result {
                        Ok(product) => Action::ProductLoaded {
                            profile,
                            request,
                            product: Box::new(product),
                            exchanges: traced.exchanges,
                        },
                        Err(error) => Action::ProductFailed {
                            profile,
                            request,
                            error,
                            exchanges: traced.exchanges,
                        },
                    };
                    let _ = actions.send(action);
                });
            }
            Effect::LoadJournal { profile } => self.journals.load(profile),
            Effect::SaveJournal { profile, items } => self.journals.save(profile, items),
            Effect::PlanRequests { profile, items } => {
                let opening = self.profiles.catalog(profile);
                let actions = self.actions.clone();
                tokio::spawn(async move {
                    let catalog = opening.await.map_err(|error| error.to_string());
                    let mut plans = Vec::new();
                    for item in items {
                        let plan = match &catalog {
                            Ok(catalog) => send::plan(catalog, &item).await,
                            Err(error) => Err(error.clone()),
                        };
                        plans.push((item.id, plan));
                    }
                    let _ = actions.send(Action::RequestsPlanned { profile, plans });
                });
            }
            Effect::SendBatch { profile, items } => self.send_batch(profile, items),
            Effect::CancelSend { profile } => {
                if let Some(stop) = self.stop_sending.get(&profile) {
                    stop.store(true, Ordering::SeqCst);
                }
            }
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
                let dir = self.export_dir.clone();
                let actions = self.actions.clone();
                tokio::task::spawn_blocking(move || {
                    let action = match export::write(format, path, dir.as_deref(), &exchanges) {
                        Ok(path) => Action::Exported {
                            path,
                            what: crate::wording::count(exchanges.len(), "request", "requests"),
                        },
                        Err(message) => Action::InspectFailed { message },
                    };
                    let _ = actions.send(action);
                });
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
                self.spawn_with(profile, move |catalog, actions| async move {
                    let traced = catalog.listings_accounts().await;
                    log_exchanges(&traced.exchanges);
                    let budget = catalog.listings_budget();
                    let _ = actions.send(Action::ListingsLoaded {
                        profile,
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
                self.spawn_with(profile, move |catalog, actions| async move {
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
                        profile,
                        result,
                        budget,
                        exchanges: traced.exchanges,
                    });
                });
            }
            Effect::PushStock { profile, ids } => {
                self.spawn_with(profile, move |catalog, actions| async move {
                    let traced = catalog.revise_inventory(&ids).await;
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
                    let _ = actions.send(Action::StockPushed {
                        profile,
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
                self.spawn_with(profile, move |catalog, actions| async move {
                    let (result, exchanges) = products::export(&catalog, query, path, dir).await;
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
        F: FnOnce(Catalog, UnboundedSender<Action>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let opening = self.profiles.catalog(profile);
        let actions = self.actions.clone();
        let fallback = || {
            vec![Action::InspectFailed {
                message: guard::INTERNAL.to_owned(),
            }]
        };
        guard::spawn_guarded(self.actions.clone(), fallback, async move {
            match opening.await {
                Ok(catalog) => work(catalog, actions).await,
                Err(error) => {
                    let _ = actions.send(Action::InspectFailed {
                        message: error.to_string(),
                    });
                }
            }
        });
    }

    fn send_batch(&mut self, profile: usize, mut items: Vec<Item>) {
        // `update` does not know the SKU owners noted before a create's first send.
        self.journals.fill_owners(profile, &mut items);
        // The snapshot holding these items was queued just before: the task sends nothing
        // until the writer says it is on disk.
        let journaled = self.journals.written(profile);
        let catalog = self.open(profile).map_err(|error| error.to_string());
        let actions = self.actions.clone();
        let catalog = match catalog {
            Ok(catalog) => catalog,
            Err(message) => return fail_all(&actions, profile, &items, &message),
        };
        let creates = self.journals.create_journal(profile);
        let stop = Arc::new(AtomicBool::new(false));
        self.stop_sending.insert(profile, Arc::clone(&stop));
        let ids: Vec<_> = items.iter().map(|item| item.id).collect();
        // Items a panic leaves unsettled stay staged (journaled as being sent: re-read first).
        let fallback = move || {
            let mut settle: Vec<Action> = ids
                .into_iter()
                .map(|item| Action::ItemSettled {
                    profile,
                    item,
                    outcome: Outcome::Failed(guard::INTERNAL.to_owned()),
                    exchanges: vec![],
                })
                .collect();
            settle.push(Action::BatchFinished { profile });
            settle
        };
        guard::spawn_guarded(self.actions.clone(), fallback, async move {
            if let Err(message) = journaled.await {
                let message = format!("not sent: the journal could not be written ({message})");
                return fail_all(&actions, profile, &items, &message);
            }
            for mut item in items {
                // Checked between items only: the request in flight is never abandoned.
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let (noted, mut exchanges) = note_create(&catalog, &creates, &mut item).await;
                let (outcome, sent) = match noted {
                    Ok(()) => send::send(&catalog, &item).await,
                    Err(message) => (Outcome::Failed(message), vec![]),
                };
                exchanges.extend(sent);
                creates.audit(&item, &outcome, &exchanges);
                log_exchanges(&exchanges);
                tracing::info!(item = item.id.0, sku = %item.target.sku, ?outcome, "item settled");
                let _ = actions.send(Action::ItemSettled {
                    profile,
                    item: item.id,
                    outcome,
                    exchanges,
                });
            }
            let _ = actions.send(Action::BatchFinished { profile });
        });
    }
}

/// Before a create's first send: notes which products have its SKU already and journals that,
/// so a retry after a lost answer can tell the product it made from those.
async fn note_create(
    catalog: &Catalog,
    creates: &journaling::CreateJournal,
    item: &mut Item,
) -> (Result<(), String>, Vec<Exchange>) {
    if !send::needs_sku_owners(item) {
        return (Ok(()), vec![]);
    }
    let (noted, exchanges) = send::note_sku_owners(catalog, item).await;
    if noted.is_err() {
        return (noted, exchanges);
    }
    let journaled = creates
        .record(item)
        .await
        .map_err(|message| format!("not sent: the journal could not be written ({message})"));
    (journaled, exchanges)
}

/// Settles every item of a batch that cannot be sent as failed, then ends the batch.
fn fail_all(actions: &UnboundedSender<Action>, profile: usize, items: &[Item], message: &str) {
    for item in items {
        let _ = actions.send(Action::ItemSettled {
            profile,
            item: item.id,
            outcome: Outcome::Failed(message.to_owned()),
            exchanges: vec![],
        });
    }
    let _ = actions.send(Action::BatchFinished { profile });
}
