//! Loads a whole catalog page by page, the page on screen first, with a bounded number of requests in flight.

use futures::StreamExt;
use futures::stream::FuturesUnordered;

use super::error::CatalogError;
use super::exchange::Exchange;
use super::model::{ListQuery, Page, ProductSummary};
use super::{Catalog, Traced};

/// What to load: the query (its `page` is ignored), the page fetched first, and how many
/// requests may be in flight at once.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadPlan {
    pub query: ListQuery,
    pub first_page: u32,
    pub concurrency: usize,
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

/// Loads every page of `plan.query`, reporting each as it arrives: `plan.first_page` alone
/// first, then the others in ascending order of request. Nothing is spawned: dropping the
/// future cancels every request in flight. A failed page stops new requests; those in
/// flight still finish and are reported.
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

    let (_, first_traced) = fetch(catalog, &plan.query, first).await;
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

    let mut next = 1;
    let mut in_flight = FuturesUnordered::new();
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
        match traced.result {
            Ok(page) => {
                end.learn(&page, number);
                if end.may_exist(number) && !page.items.is_empty() {
                    let event = LoadEvent::Page {
                        page,
                        exchanges: traced.exchanges,
                    };
                    report(event, &mut summary);
                }
            }
            Err(error) if end.may_exist(number) => {
                let event = LoadEvent::Failed {
                    page: number,
                    error,
                    exchanges: traced.exchanges,
                };
                report(event, &mut summary);
            }
            // A speculative page past a now-known end: not part of the catalog.
            Err(_) => {}
        }
    }
    summary
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
