//! The thread that owns one profile's cache file while the UI runs: it reads the cache back,
//! writes each loaded page in its own transaction and answers history questions, so no SQLite
//! call ever runs on the UI loop. It reports through a sink, in the order it works.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::catalog::model::{Page, ProductId, ProductSummary};
use crate::journal::clock;

use super::store::{CatalogCache, HistoryPoint, Opened};

/// What the cache thread tells the runner.
#[derive(Debug, Clone, PartialEq)]
pub enum CacheEvent {
    /// Cached pages in catalog order, for the read `request`; `last` ends the read.
    Pages {
        request: u64,
        pages: Vec<Page<ProductSummary>>,
        written_at: Option<u64>,
        last: bool,
    },
    /// Products a load found different from the cached ones.
    Changed(Vec<ProductId>),
    History {
        id: ProductId,
        points: Vec<HistoryPoint>,
    },
    /// Something the user must know: a file set aside, or a cache that cannot be written.
    Notice(String),
}

pub type Sink = Arc<dyn Fn(CacheEvent) + Send + Sync>;

enum Command {
    Read {
        request: u64,
        done: tokio::sync::oneshot::Sender<()>,
    },
    BeginLoad,
    Page(Page<ProductSummary>),
    FinishLoad,
    Refreshed(Vec<ProductSummary>),
    History(ProductId),
}

/// Where one profile's cache is and whose it is.
#[derive(Debug, Clone)]
pub struct CacheTarget {
    pub path: PathBuf,
    pub profile: String,
    pub store: String,
}

/// The runner's end of a profile's cache thread; cheap to clone.
#[derive(Clone)]
pub struct CacheHandle {
    commands: mpsc::Sender<Command>,
    read_claimed: Arc<AtomicBool>,
}

impl CacheHandle {
    /// Starts the thread; it opens the file with its first command and ends with the last handle.
    pub fn start(target: CacheTarget, sink: Sink) -> CacheHandle {
        let (commands, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name(format!("cache-{}", target.profile))
            .spawn(move || run(target, receiver, sink));
        if let Err(error) = spawned {
            tracing::warn!(%error, "cache thread could not start");
        }
        CacheHandle {
            commands,
            read_claimed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// True the first time only: the cache is shown once a run, before the first load.
    pub fn claim_first_read(&self) -> bool {
        !self.read_claimed.swap(true, Ordering::SeqCst)
    }

    /// Reads the cache back; the receiver resolves once every page was handed to the sink.
    pub fn read(&self, request: u64) -> tokio::sync::oneshot::Receiver<()> {
        let (done, finished) = tokio::sync::oneshot::channel();
        self.send(Command::Read { request, done });
        finished
    }

    pub fn begin_load(&self) {
        self.send(Command::BeginLoad);
    }

    pub fn page(&self, page: Page<ProductSummary>) {
        self.send(Command::Page(page));
    }

    /// The load reached the catalog's end.
    pub fn finish_load(&self) {
        self.send(Command::FinishLoad);
    }

    /// Products read again after our own sends.
    pub fn refreshed(&self, products: Vec<ProductSummary>) {
        self.send(Command::Refreshed(products));
    }

    pub fn history(&self, id: ProductId) {
        self.send(Command::History(id));
    }

    fn send(&self, command: Command) {
        if self.commands.send(command).is_err() {
            tracing::debug!("cache thread gone; command dropped");
        }
    }
}

fn run(target: CacheTarget, commands: mpsc::Receiver<Command>, sink: Sink) {
    let Some(mut cache) = open(&target, &sink) else {
        // Commands are still drained so a waiting read is answered.
        for command in commands {
            if let Command::Read { request, done } = command {
                sink(CacheEvent::Pages {
                    request,
                    pages: vec![],
                    written_at: None,
                    last: true,
                });
                let _ = done.send(());
            }
        }
        return;
    };
    for command in commands {
        let outcome = match command {
            Command::Read { request, done } => {
                let written_at = cache.written_at().ok().flatten();
                let read = cache.read_pages(|pages, last| {
                    sink(CacheEvent::Pages {
                        request,
                        pages,
                        written_at,
                        last,
                    });
                });
                if let Err(error) = read {
                    sink(CacheEvent::Pages {
                        request,
                        pages: vec![],
                        written_at: None,
                        last: true,
                    });
                    drop(cache);
                    let _ = done.send(());
                    let reason = format!("corrupt: {error}");
                    match CatalogCache::set_aside_and_create(
                        &target.path,
                        &target.profile,
                        &target.store,
                        &reason,
                    ) {
                        Ok((fresh, notice)) => {
                            sink(CacheEvent::Notice(notice));
                            cache = fresh;
                            continue;
                        }
                        Err(error) => {
                            sink(CacheEvent::Notice(format!("Catalog cache: {error}")));
                            return;
                        }
                    }
                }
                let _ = done.send(());
                Ok(())
            }
            Command::BeginLoad => cache.begin_load(),
            Command::Page(page) => cache
                .write_page(&page, clock::now_secs())
                .map(|write| changed(&sink, write.changed)),
            Command::FinishLoad => cache.finish_load(clock::now_secs()).map(|_| ()),
            Command::Refreshed(products) => cache
                .write_refreshed(&products, clock::now_secs())
                .map(|_| ()),
            Command::History(id) => cache.history(&id).map(|points| {
                sink(CacheEvent::History { id, points });
            }),
        };
        if let Err(error) = outcome {
            tracing::warn!(%error, "catalog cache");
            sink(CacheEvent::Notice(format!("Catalog cache: {error}")));
        }
    }
}

fn changed(sink: &Sink, ids: Vec<ProductId>) {
    if !ids.is_empty() {
        sink(CacheEvent::Changed(ids));
    }
}

fn open(target: &CacheTarget, sink: &Sink) -> Option<CatalogCache> {
    match CatalogCache::open(&target.path, &target.profile, &target.store) {
        Ok(Opened::Ready(cache)) => Some(cache),
        Ok(Opened::SetAside {
            cache,
            kept,
            reason,
        }) => {
            sink(CacheEvent::Notice(super::set_aside_notice(&kept, &reason)));
            Some(cache)
        }
        Err(error) => {
            tracing::warn!(%error, "catalog cache not opened");
            sink(CacheEvent::Notice(format!(
                "Catalog cache not used: {error}"
            )));
            None
        }
    }
}
