//! Loads a whole catalog page by page, the page on screen first, with a bounded number of requests in flight.

use futures::StreamExt;
use futures::stream::FuturesUnordered;

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
/// reported; a load from another page asks for that page alone first. Nothing is spawned:
/// dropping the future cancels every request in flight. A failed first page ends the load at
/// once; another failed page stops new requests, and those in flight still finish and are
/// reported.
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

    let mut in_flight = FuturesUnordered::new();
    in_flight.push(fetch(catalog, &plan.query, first));
    let mut next = 1;
    // From page 1, the next pages are the ones asked for next anyway: ask now rather than one
    // latency later (past a small catalog's end they come back empty and are dropped). From
    // another page (a reload where the cursor was) that page is asked for alone first.
    if first == 1 {
        next = 2;
        while in_flight.len() < concurrency {
            in_flight.push(fetch(catalog, &plan.query, next));
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
    let mut end = Ending::after(&page, first);
    report(LoadEvent::Page { page, exchanges }, &mut summary);
    early.sort_by_key(|(number, _)| *number);
    for (number, traced) in early {
        if let Some(event) = settle(&mut end, number, traced) {
            report(event, &mut summary);
        }
    }

    loop {
        while !summary.failed && in_flight.len() < concurrency {
            if next == first {
                next += 1;
            }
            if !end.may_exist(next) {
                break;
            }
            in_flight.push(fetch(catalog, &plan.query, next));
            next += 1;
        }
        let Some((number, traced)) = in_flight.next().await else {
            break;
        };
        if let Some(event) = settle(&mut end, number, traced) {
            report(event, &mut summary);
        }
    }
    summary
}

/// What to report of page `number`'s answer, learning from it where the catalog ends.
fn settle(
    end: &mut Ending,
    number: u32,
    traced: Traced<Page<ProductSummary>>,
) -> Option<LoadEvent> {
    match traced.result {
        Ok(page) => {
            end.learn(&page, number);
            (end.may_exist(number) && !page.items.is_empty()).then(|| LoadEvent::Page {
                page,
                exchanges: traced.exchanges,
            })
        }
        Err(error) if end.may_exist(number) => Some(LoadEvent::Failed {
            page: number,
            error,
            exchanges: traced.exchanges,
        }),
        // A speculative page past a now-known end: not part of the catalog.
        Err(_) => None,
    }
}

async fn fetch(
    catalog: &Catalog,
    query: &ListQuery,
    page: u32,
) -> (u32, Traced<Page<ProductSummary>>) {
    let query = ListQuery {
        page,
        ..query.clone()
    };
    (page, catalog.list(&query).await)
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
