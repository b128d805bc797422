//! The runner's side of the list: the catalog loaded in the background, the view computed
//! off the UI loop, rows read again after a batch.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::app::action::Action;
use crate::app::effect::RequestId;
use crate::app::rows::{RowRef, Snapshot};
use crate::app::view::{self, ViewSpec};
use crate::catalog::Catalog;
use crate::catalog::error::CatalogError;
use crate::catalog::loader::{LoadEvent, LoadPlan, load_all};
use crate::catalog::model::{ListQuery, ProductId};

use super::exchange_log::log_exchanges;
use super::guard;

/// Products read at once after a batch.
const REFRESH_CONCURRENCY: usize = 4;

/// Opens the profile, then loads every page, `first_page` first, sending each as it arrives;
/// the handle stops it.
pub fn spawn_load(
    opening: impl Future<Output = Result<Catalog, CatalogError>> + Send + 'static,
    profile: usize,
    request: RequestId,
    query: ListQuery,
    first_page: u32,
    actions: UnboundedSender<Action>,
) -> AbortHandle {
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
        let summary = load_all(&catalog, plan, |event| {
            let action = match event {
                LoadEvent::Page { page, exchanges } => {
                    log_exchanges(&exchanges);
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
        let _ = actions.send(Action::RowsRefreshed {
            profile,
            products,
            exchanges,
        });
    });
}
