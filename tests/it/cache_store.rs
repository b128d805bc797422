//! The catalog cache with the real runner against the sandbox, across two runs: the second
//! run shows the cached catalog before the store answers, then marks the product a colleague
//! changed while Stockroom was closed and keeps a history point for it.

use std::path::Path;
use std::time::Duration;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::app::state::State;
use stockroom::app::update::{start, update};
use stockroom::cache::CatalogCache;
use stockroom::catalog::api::Op;
use stockroom::catalog::model::{ListQuery, Platform, ProductId, Stock};
use stockroom::config::SecretSource;
use stockroom::sandbox::Endpoint;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::support::{profiles, sandbox};

struct Run {
    state: State,
    runner: Runner,
    actions: UnboundedReceiver<Action>,
    /// Every action the runner sent, in order.
    seen: Vec<Action>,
    _journal: tempfile::TempDir,
}

impl Run {
    async fn start(endpoint: &Endpoint, cache_dir: &Path) -> Run {
        let connection = sandbox::connection(endpoint, Duration::from_secs(10), false);
        let target = ProfileTarget {
            name: "shop".into(),
            store: endpoint.base_url.clone(),
            connection,
            secret: SecretSource {
                value: Some(endpoint.key.clone()),
                ..Default::default()
            },
        };
        let (sender, actions) = unbounded_channel();
        let journal = tempfile::tempdir().unwrap();
        let runner = Runner::new(vec![target], sender, Some(journal.path().to_owned()))
            .with_cache_dir(Some(cache_dir.to_owned()));
        let mut run = Run {
            state: State::new(vec![profiles::shop(Platform::Cscart, false)], 0),
            runner,
            actions,
            seen: Vec::new(),
            _journal: journal,
        };
        for effect in start(&mut run.state) {
            run.runner.run(effect);
        }
        run
    }

    fn act(&mut self, action: Action) {
        for effect in update(&mut self.state, action) {
            self.runner.run(effect);
        }
    }

    async fn until(&mut self, what: &str, done: impl Fn(&Action) -> bool) {
        loop {
            let action = tokio::time::timeout(Duration::from_secs(30), self.actions.recv())
                .await
                .unwrap_or_else(|_| panic!("waited in vain for {what}"))
                .unwrap_or_else(|| panic!("the runner stopped before {what}"));
            let stop = done(&action);
            self.seen.push(action.clone());
            self.act(action);
            if stop {
                return;
            }
        }
    }

    /// Feeds the runner's results through `update` until the state is as `done` says.
    async fn until_state(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        while !done(&self.state) {
            self.until(what, |_| true).await;
        }
    }

    fn search(&mut self, text: &str) {
        self.act(Action::StartSearch);
        self.act(Action::SearchClear);
        for c in text.chars() {
            self.act(Action::SearchInput(c));
        }
        self.act(Action::SearchSubmit);
    }

    /// Waits until the cache thread has done everything asked of it before: it answers in order.
    async fn cache_settled(&mut self, id: &ProductId) {
        self.runner.run(Effect::LoadHistory {
            profile: 0,
            id: id.clone(),
        });
        self.until("the cache's answer", |a| {
            matches!(a, Action::HistoryLoaded { .. })
        })
        .await;
    }

    async fn loaded(&mut self) {
        self.until("the end of the load", |a| {
            matches!(a, Action::LoadFinished { failed: false, .. })
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_changed_while_stockroom_was_closed_shows_cached_then_marked() {
    let sandbox = sandbox::start(sandbox::stores_of(120)).await;
    let endpoint = sandbox::endpoint(&sandbox, Platform::Cscart).clone();
    let cache_dir = tempfile::tempdir().unwrap();

    let mut first = Run::start(&endpoint, cache_dir.path()).await;
    first.loaded().await;
    assert!(
        !first
            .seen
            .iter()
            .any(|a| matches!(a, Action::CacheLoaded { pages, .. } if !pages.is_empty())),
        "nothing was cached before the first run"
    );
    assert_eq!(first.state.session.listing.rows.loaded(), 120);
    let id = first.state.session.listing.rows.get(4).unwrap().id.clone();
    let before = first.state.session.listing.rows.get(4).unwrap().stock;
    drop(first);

    // A colleague sells while Stockroom is closed.
    let connection = sandbox::connection(&endpoint, Duration::from_secs(10), false);
    let (colleague, _) = sandbox::connect(&connection, &endpoint.key);
    let after = match before {
        Stock::Quantity(n) => n + 17,
        Stock::NotTracked => 17,
    };
    let op = Op::SetStock {
        id: id.clone(),
        amount: after,
    };
    colleague.execute(&op, None).await.result.unwrap();
    assert!(colleague.list(&ListQuery::default()).await.result.is_ok());

    let mut second = Run::start(&endpoint, cache_dir.path()).await;
    second
        .until("the cached catalog", |a| {
            matches!(a, Action::CacheLoaded { last: true, .. })
        })
        .await;
    assert!(
        !second
            .seen
            .iter()
            .any(|a| matches!(a, Action::PageLoaded { .. })),
        "the cache comes before the store's first page"
    );
    let listing = &second.state.session.listing;
    assert_eq!(
        listing.rows.loaded(),
        120,
        "the whole catalog, from the cache"
    );
    assert!(listing.rows.cache.cached_at.is_some());
    second.loaded().await;
    // The cache thread marks the change once it has written its page: before or after the
    // load's end.
    second
        .until_state("the changed row", |state| {
            state.session.listing.rows.cache.is_changed(&id)
        })
        .await;
    let rows = &second.state.session.listing.rows;
    assert!(rows.cache.cached_at.is_none(), "revalidated");
    assert!(rows.cache.is_changed(&id));
    assert_eq!(rows.cache.changed.len(), 1, "{:?}", rows.cache.changed);
    let changed: Vec<ProductId> = rows
        .all()
        .filter(|p| rows.cache.is_changed(&p.id))
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(changed, vec![id.clone()]);

    // Opening the product reads its history: the first run's stock, then the new one.
    let position = rows.position_of(&id).unwrap();
    second.state.session.listing.selected = position;
    second.act(Action::Open);
    second
        .until("the history", |a| matches!(a, Action::HistoryLoaded { .. }))
        .await;
    let history = second.state.history.clone().unwrap();
    assert_eq!(history.id, id);
    let stocks: Vec<Option<i64>> = history.points.iter().map(|p| p.stock).collect();
    let before = match before {
        Stock::Quantity(n) => Some(n),
        Stock::NotTracked => None,
    };
    assert_eq!(stocks, vec![before, Some(after)]);

    // Our own send is observed too: the product read again after it adds a point.
    second.act(Action::AdjustStock { sign: 1 });
    second.act(Action::SendBasket);
    second.act(Action::Confirm);
    second
        .until_state("the sent stock in the list", |state| {
            let rows = &state.session.listing.rows;
            rows.position_of(&id)
                .and_then(|at| rows.get(at))
                .is_some_and(|p| p.stock == Stock::Quantity(after + 1))
        })
        .await;
    second.act(Action::Open);
    second
        .until_state("the history after the send", |state| {
            state.history.as_ref().is_some_and(|h| h.points.len() == 3)
        })
        .await;
    let last = second
        .state
        .history
        .as_ref()
        .and_then(|h| h.points.last().cloned());
    assert_eq!(last.and_then(|p| p.stock), Some(after + 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_side_filter_neither_replaces_nor_marks_the_cached_catalog() {
    let sandbox = sandbox::start(sandbox::stores_of(120)).await;
    let endpoint = sandbox::endpoint(&sandbox, Platform::Cscart).clone();
    let cache_dir = tempfile::tempdir().unwrap();
    let file = stockroom::cache::file_for(cache_dir.path(), "shop");

    let mut run = Run::start(&endpoint, cache_dir.path()).await;
    run.loaded().await;
    let id = run.state.session.listing.rows.get(0).unwrap().id.clone();
    run.cache_settled(&id).await;
    let whole = CatalogCache::inspect(&file).unwrap().info().unwrap();
    assert_eq!(whole.products, 120);

    // One vendor's products: part of the catalog, loaded to its end.
    run.search("vendor:2");
    run.loaded().await;
    let shown = run.state.session.listing.rows.loaded();
    assert!(shown > 0 && shown < 120, "{shown} products of vendor 2");
    run.cache_settled(&id).await;
    let after = CatalogCache::inspect(&file).unwrap().info().unwrap();
    assert_eq!(
        after.products, 120,
        "the filtered load dropped cached products"
    );
    assert_eq!(after.last_full_load, whole.last_full_load);
    assert_eq!(after.history, whole.history);
    assert!(
        !run.seen
            .iter()
            .any(|a| matches!(a, Action::CacheChanged { .. })),
        "nothing was marked changed"
    );
}
