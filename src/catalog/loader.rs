//! Loads a whole catalog page by page, the page on screen first, with a bounded number of requests in flight.

use std::collections::{BTreeMap, HashMap};
use std::task::Poll;

use tokio::sync::oneshot;
use tokio::task::{Id, JoinSet};

use super::error::CatalogError;
use super::exchange::Exchange;
use super::model::{ListQuery, Page, ProductSummary};
use super::{Catalog, Traced};

/// Requests in flight at once while a catalog loads (the pacer spaces them further).
pub const CONCURRENCY: usize = 6;

/// What to load: the query (its `page` is ignored), the page fetched first, and how many
/// requests may be in flight at once.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadPlan {
    pub query: ListQuery,
    pub first_page: u32,
    pub concurrency: usize,
}

impl LoadPlan {
    /// Every page matching `query` at the catalog's bulk page size, `first_page` first.
    pub fn new(catalog: &Catalog, mut query: ListQuery, first_page: u32) -> LoadPlan {
        query.per_page = catalog.bulk_page_size();
        LoadPlan {
            query,
            first_page,
            concurrency: CONCURRENCY,
        }
    }

    /// The whole catalog, from page 1.
    pub fn whole(catalog: &Catalog) -> LoadPlan {
        LoadPlan::new(catalog, ListQuery::default(), 1)
    }
}

/// One page as it arrived, or the page that could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadEvent {
    Page {
        page: Page<ProductSummary>,
        exchanges: Vec<Exchange>,
    },
    Failed {
        page: u32,
        error: CatalogError,
        exchanges: Vec<Exchange>,
    },
}

/// What a load did: pages and items reported, and whether a page failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadSummary {
    pub pages: u32,
    pub items: u64,
    pub failed: bool,
}

/// Loads every page of `plan.query`, reporting each as it arrives: `plan.first_page` first,
/// then the others in ascending order of request. A load from page 1 asks for the next
/// `concurrency - 1` pages along with it (page 1 first) and holds them until page 1 is
/// reported; a load from another page asks for that page alone first. Each page is fetched
/// and read on a task of its own, so reading one page never holds back the next request;
/// dropping the future aborts every one. A failed first page ends the load at once; another
/// failed page stops new requests, and those in flight still finish and are reported.
pub async fn load_all(
    catalog: &Catalog,
    plan: LoadPlan,
    mut on_event: impl FnMut(LoadEvent),
) -> LoadSummary {
    let first = plan.first_page.max(1);
    let concurrency = plan.concurrency.max(1);
    let mut summary = LoadSummary::default();
    let mut report = |event: LoadEvent, summary: &mut LoadSummary| {
        match &event {
            LoadEvent::Page { page, .. } => {
                summary.pages += 1;
                summary.items += page.items.len() as u64;
            }
            LoadEvent::Failed { .. } => summary.failed = true,
        }
        on_event(event);
    };

    let mut in_flight = InFlight::default();
    in_flight.push(catalog, &plan.query, first);
    let mut next = 1;
    // From page 1, the next pages are the ones asked for next anyway: ask now rather than one
    // latency later (past a small catalog's end they come back empty and are dropped). From
    // another page (a reload where the cursor was) that page is asked for alone first.
    if first == 1 {
        next = 2;
        while in_flight.len() < concurrency {
            in_flight.push(catalog, &plan.query, next);
            next += 1;
        }
    }
    let mut early = Vec::new();
    let first_traced = loop {
        match in_flight.next().await {
            Some((number, traced)) if number == first => break traced,
            Some(arrived) => early.push(arrived),
            None => return summary,
        }
    };
    let (page, exchanges) = match first_traced.result {
        Ok(page) => (page, first_traced.exchanges),
        Err(error) => {
            let event = LoadEvent::Failed {
                page: first,
                error,
                exchanges: first_traced.exchanges,
            };
            report(event, &mut summary);
            return summary;
        }
    };
    let mut settling = Settling::new(Ending::after(&page, first));
    // Page 1 may wait for page 2, already asked for; a page other than 1 is reported at once.
    let events = if first == 1 {
        settling.settle(first, Ok(page), exchanges)
    } else {
        settling.answered.insert(first, !page.items.is_empty());
        vec![LoadEvent::Page { page, exchanges }]
    };
    for event in events {
        report(event, &mut summary);
    }
    early.sort_by_key(|(number, _)| *number);
    for (number, traced) in early {
        for event in settling.settle(number, traced.result, traced.exchanges) {
            report(event, &mut summary);
        }
    }

    loop {
        while !summary.failed && in_flight.len() < concurrency {
            if next == first {
                next += 1;
            }
            if !settling.end.may_exist(next) {
                break;
            }
            in_flight.push(catalog, &plan.query, next);
            next += 1;
        }
        let Some((number, traced)) = in_flight.next().await else {
            break;
        };
        for event in settling.settle(number, traced.result, traced.exchanges) {
            report(event, &mut summary);
        }
    }
    for event in settling.release_all() {
        report(event, &mut summary);
    }
    summary
}

/// What the load knows of the pages answered so far, and the pages it holds back.
///
/// Without a total, a page that says `more` may still be the last (a full last page, or
/// B2B Wave's short page that may be the server's own cap): it is held until the next page
/// answers, asked for already, and reported then with `more` false if that one was empty,
/// so a finished load never counts a page that does not exist. No page is reported before
/// a lower page that is held, so the first page is still reported first.
struct Settling {
    end: Ending,
    /// Page numbers answered, and whether they had items.
    answered: BTreeMap<u32, bool>,
    /// Pages waiting for the next page's answer.
    held: BTreeMap<u32, (Page<ProductSummary>, Vec<Exchange>)>,
    /// Events waiting only for a lower held page to be reported.
    ready: BTreeMap<u32, LoadEvent>,
}

impl Settling {
    fn new(end: Ending) -> Settling {
        Settling {
            end,
            answered: BTreeMap::new(),
            held: BTreeMap::new(),
            ready: BTreeMap::new(),
        }
    }

    /// A page that says there is more without a total to prove it.
    fn open_ended(page: &Page<ProductSummary>) -> bool {
        page.more && page.total.is_none() && !page.items.is_empty()
    }

    /// What can be reported once page `number` answered, learning from it where the catalog
    /// ends; a page past a known end, or empty, is not part of the catalog.
    fn settle(
        &mut self,
        number: u32,
        result: Result<Page<ProductSummary>, CatalogError>,
        exchanges: Vec<Exchange>,
    ) -> Vec<LoadEvent> {
        match result {
            Err(error) => {
                if self.end.may_exist(number) {
                    let failed = LoadEvent::Failed {
                        page: number,
                        error,
                        exchanges,
                    };
                    self.ready.insert(number, failed);
                }
                self.promote(number.saturating_sub(1));
            }
            Ok(mut page) => {
                self.end.learn(&page, number);
                self.answered.insert(number, !page.items.is_empty());
                self.promote(number.saturating_sub(1));
                if self.end.may_exist(number) && !page.items.is_empty() {
                    if self.end.last == Some(number) {
                        page.more = false;
                    }
                    if Settling::open_ended(&page) && !self.answered.contains_key(&(number + 1)) {
                        self.held.insert(number, (page, exchanges));
                    } else {
                        self.ready
                            .insert(number, LoadEvent::Page { page, exchanges });
                    }
                }
            }
        }
        self.drain()
    }

    /// The held page `number`, now that the page after it answered.
    fn promote(&mut self, number: u32) {
        if let Some((mut page, exchanges)) = self.held.remove(&number) {
            if self.end.last == Some(number) {
                page.more = false;
            }
            self.ready
                .insert(number, LoadEvent::Page { page, exchanges });
        }
    }

    /// The ready events below the lowest held page, in page order.
    fn drain(&mut self) -> Vec<LoadEvent> {
        let limit = self.held.keys().next().copied();
        let releasable: Vec<u32> = self
            .ready
            .keys()
            .copied()
            .filter(|number| limit.is_none_or(|held| *number < held))
            .collect();
        releasable
            .into_iter()
            .filter_map(|number| self.ready.remove(&number))
            .collect()
    }

    /// Everything still held or waiting, in page order: the load is over.
    fn release_all(&mut self) -> Vec<LoadEvent> {
        for (number, (page, exchanges)) in std::mem::take(&mut self.held) {
            self.ready
                .insert(number, LoadEvent::Page { page, exchanges });
        }
        self.drain()
    }
}

/// The pages being fetched, each on a task of its own; dropped, it aborts them all.
#[derive(Default)]
struct InFlight {
    tasks: JoinSet<(u32, Traced<Page<ProductSummary>>)>,
    pages: HashMap<Id, u32>,
    /// Fires once the page pushed last has made its first step.
    last_started: Option<oneshot::Receiver<()>>,
}

impl InFlight {
    /// Starts fetching `page` once the page pushed before it has made its first step: each
    /// takes its place in the profile's pace (and goes out) in the order asked, so page 1 is
    /// sent first and a refusal of a later page can never hold page 1 back.
    fn push(&mut self, catalog: &Catalog, query: &ListQuery, page: u32) {
        let catalog = catalog.clone();
        let query = ListQuery {
            page,
            ..query.clone()
        };
        let previous = self.last_started.take();
        let (started, next) = oneshot::channel();
        self.last_started = Some(next);
        let task = self.tasks.spawn(async move {
            if let Some(previous) = previous {
                let _ = previous.await;
            }
            let mut listing = std::pin::pin!(catalog.list(&query));
            let first_step = futures::poll!(listing.as_mut());
            let _ = started.send(());
            let traced = match first_step {
                Poll::Ready(traced) => traced,
                Poll::Pending => listing.await,
            };
            (page, traced)
        });
        self.pages.insert(task.id(), page);
    }

    fn len(&self) -> usize {
        self.tasks.len()
    }

    /// The next page to arrive; a task that stopped without one is that page's failure.
    async fn next(&mut self) -> Option<(u32, Traced<Page<ProductSummary>>)> {
        Some(match self.tasks.join_next_with_id().await? {
            Ok((id, arrived)) => {
                self.pages.remove(&id);
                arrived
            }
            Err(stopped) => {
                let page = self.pages.remove(&stopped.id()).unwrap_or_default();
                let error = CatalogError::Setup(format!("reading page {page} stopped: {stopped}"));
                (page, Traced::new(Err(error), Vec::new()))
            }
        })
    }
}

/// The last page there is, as far as it is known: from the total, or from a short or empty page.
#[derive(Debug, Clone, Copy)]
struct Ending {
    last: Option<u32>,
}

impl Ending {
    fn after(page: &Page<ProductSummary>, number: u32) -> Ending {
        let mut ending = Ending { last: None };
        if let Some(total) = page.total {
            let per_page = u64::from(page.per_page.max(1));
            let count = total.div_ceil(per_page);
            ending.last = Some(u32::try_from(count).unwrap_or(u32::MAX));
        } else {
            ending.learn(page, number);
        }
        ending
    }

    /// A page without `more` ends the catalog: at itself when it has items, before it when empty.
    fn learn(&mut self, page: &Page<ProductSummary>, number: u32) {
        if page.more {
            return;
        }
        let last = if page.items.is_empty() {
            number.saturating_sub(1)
        } else {
            number
        };
        self.last = Some(self.last.map_or(last, |known| known.min(last)));
    }

    fn may_exist(&self, number: u32) -> bool {
        self.last.is_none_or(|last| number <= last)
    }
}
