//! The runner's side of the list: the catalog loaded in the background (after the cached one
//! is shown, and written to the cache as it comes), the view computed off the UI loop, rows
//! read again after a batch.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::app::action::Action;
use crate::app::effect::RequestId;
use crate::app::rows::{RowRef, Snapshot};
use crate::app::view::{self, ViewSpec};
use crate::cache::worker::{CacheEvent, CacheHandle, CacheTarget};
use crate::catalog::Catalog;
use crate::catalog::error::CatalogError;
use crate::catalog::loader::{LoadEvent, LoadPlan, load_all};
use crate::catalog::model::{ListQuery, ProductId};

use super::exchange_log::log_exchanges;
use super::guard;

/// Products read at once after a batch.
const REFRESH_CONCURRENCY: usize = 4;

/// Each profile's catalog cache thread, started when the profile first loads.
pub struct Caches {
    /// Where the cache files live; `None`: no cache.
    dir: Option<std::path::PathBuf>,
    /// Per profile: its name and what ties its files to its store.
    names: Vec<(String, String)>,
    open: HashMap<usize, CacheHandle>,
    actions: UnboundedSender<Action>,
}

impl Caches {
    pub fn new(
        dir: Option<std::path::PathBuf>,
        names: Vec<(String, String)>,
        actions: UnboundedSender<Action>,
    ) -> Caches {
        Caches {
            dir,
            names,
            open: HashMap::new(),
            actions,
        }
    }

    pub fn set_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.dir = dir;
        self.open.clear();
    }

    /// The profile's cache thread, started on first use.
    pub fn handle(&mut self, profile: usize) -> Option<CacheHandle> {
        let dir = self.dir.as_ref()?;
        let (name, store) = self.names.get(profile)?;
        let target = CacheTarget {
            path: crate::cache::file_for(dir, name),
            profile: name.clone(),
            store: store.clone(),
        };
        let actions = self.actions.clone();
        let handle = self.open.entry(profile).or_insert_with(|| {
            let sink = move |event| {
                let _ = actions.send(cache_action(profile, event));
            };
            CacheHandle::start(target, std::sync::Arc::new(sink))
        });
        Some(handle.clone())
    }
}

fn cache_action(profile: usize, event: CacheEvent) -> Action {
    match event {
        CacheEvent::Pages {
            request,
            pages,
            written_at,
            last,
        } => Action::CacheLoaded {
            profile,
            request: RequestId(request),
            pages,
            written_at,
            last,
        },
        CacheEvent::Changed(ids) => Action::CacheChanged { profile, ids },
        CacheEvent::History { id, points } => Action::HistoryLoaded {
            profile,
            id,
            points,
        },
        CacheEvent::Notice(text) => Action::CacheNotice { profile, text },
    }
}

/// Opens the profile, then loads every page, `first_page` first, sending each as it arrives;
/// the handle stops it. With a cache, the first load of the whole catalog in a run shows the
/// cached one first, and every load of the whole catalog is written to it.
pub fn spawn_load(
    opening: impl Future<Output = Result<Catalog, CatalogError>> + Send + 'static,
    profile: usize,
    request: RequestId,
    query: ListQuery,
    first_page: u32,
    actions: UnboundedSender<Action>,
    cache: Option<CacheHandle>,
) -> AbortHandle {
    let cache = cache.filter(|_| crate::cache::is_whole_catalog(&query));
    let fallback = move || {
        vec![
            Action::PageFailed {
                profile,
                request,
                error: CatalogError::Setup(guard::INTERNAL.to_owned()),
                exchanges: vec![],
            },
            Action::LoadFinished {
                profile,
                request,
                failed: true,
            },
        ]
    };
    let task = guard::spawn_guarded(actions.clone(), fallback, async move {
        if let Some(cache) = &cache
            && cache.claim_first_read()
        {
            let _ = cache.read(request.0).await;
        }
        let catalog = match opening.await {
            Ok(catalog) => catalog,
            Err(error) => {
                tracing::warn!(%error, "profile could not be opened");
                let _ = actions.send(Action::PageFailed {
                    profile,
                    request,
                    error,
                    exchanges: vec![],
                });
                let _ = actions.send(Action::LoadFinished {
                    profile,
                    request,
                    failed: true,
                });
                return;
            }
        };
        let plan = LoadPlan::new(&catalog, query, first_page);
        if let Some(cache) = &cache {
            cache.begin_load();
        }
        let summary = load_all(&catalog, plan, |event| {
            let action = match event {
                LoadEvent::Page { page, exchanges } => {
                    log_exchanges(&exchanges);
                    if let Some(cache) = &cache {
                        cache.page(page.clone());
                    }
                    Action::PageLoaded {
                        profile,
                        request,
                        page,
                        exchanges,
                    }
                }
                LoadEvent::Failed {
                    error, exchanges, ..
                } => {
                    log_exchanges(&exchanges);
                    Action::PageFailed {
                        profile,
                        request,
                        error,
                        exchanges,
                    }
                }
            };
            let _ = actions.send(action);
        })
        .await;
        if let Some(cache) = &cache
            && !summary.failed
        {
            cache.finish_load();
        }
        let _ = actions.send(Action::LoadFinished {
            profile,
            request,
            failed: summary.failed,
        });
    });
    task.abort_handle()
}

/// Filters and sorts on a blocking thread: a hundred thousand rows take milliseconds.
pub fn spawn_view(
    profile: usize,
    generation: u64,
    snapshot: Snapshot,
    spec: ViewSpec,
    within: Option<Vec<RowRef>>,
    actions: UnboundedSender<Action>,
) {
    tokio::task::spawn_blocking(move || {
        let computed = std::panic::catch_unwind(AssertUnwindSafe(|| {
            view::compute_previewing(&snapshot, &spec, within.as_deref(), |rows| {
                let _ = actions.send(Action::ViewPreviewed {
                    profile,
                    generation,
                    rows,
                });
            })
        }));
        let rows = match computed {
            Ok(rows) => rows,
            Err(_) => {
                let _ = actions.send(Action::InspectFailed {
                    message: guard::INTERNAL.to_owned(),
                });
                None
            }
        };
        let _ = actions.send(Action::ViewComputed {
            profile,
            generation,
            rows,
        });
    });
}

/// Reads products again; the ones that fail to read keep their old rows (all of them when
/// the profile cannot be opened).
pub fn spawn_refresh(
    opening: impl Future<Output = Result<Catalog, CatalogError>> + Send + 'static,
    profile: usize,
    ids: Vec<ProductId>,
    actions: UnboundedSender<Action>,
    cache: Option<CacheHandle>,
) {
    let fallback = || {
        vec![Action::InspectFailed {
            message: guard::INTERNAL.to_owned(),
        }]
    };
    guard::spawn_guarded(actions.clone(), fallback, async move {
        let Ok(catalog) = opening.await else { return };
        let results: Vec<_> = futures::stream::iter(ids)
            .map(|id| {
                let catalog = catalog.clone();
                async move { catalog.get(&id).await }
            })
            .buffer_unordered(REFRESH_CONCURRENCY)
            .collect()
            .await;
        let mut products = Vec::new();
        let mut exchanges = Vec::new();
        for traced in results {
            log_exchanges(&traced.exchanges);
            exchanges.extend(traced.exchanges);
            if let Ok(product) = traced.result {
                products.push(product.summary);
            }
        }
        if let Some(cache) = &cache {
            cache.refreshed(products.clone());
        }
        let _ = actions.send(Action::RowsRefreshed {
            profile,
            products,
            exchanges,
        });
    });
}
