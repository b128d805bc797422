//! A million products: the sandbox's catalog repeated with fresh ids and SKUs, the time to sort
//! it by each column, and what a `State` holding it keeps resident.

use std::hint::black_box;
use std::time::{Duration, Instant};

use stockroom::app::view::{ViewSpec, compute};
use stockroom::catalog::model::{Page, ProductId, ProductSummary, Sku, SortField, SortOrder};

use crate::report::{Row, grouped, quantile, ratio, time};
use crate::ui::loaded;

const SORT_RUNS: usize = 3;
const SORT_LIMIT: Duration = Duration::from_millis(250);
const MEMORY_LIMIT_MB: f64 = 600.0;

/// `pages` repeated `times` times, each copy with its own ids (`<id>-<copy>`), SKUs and page
/// numbers, the total telling the new size: names, prices and stock as the sandbox made them.
pub fn repeated(pages: &[Page<ProductSummary>], times: usize) -> Vec<Page<ProductSummary>> {
    let per_copy = pages.len() as u32;
    let total: usize = pages.iter().map(|page| page.items.len()).sum::<usize>() * times;
    let mut out = Vec::with_capacity(pages.len() * times);
    for copy in 0..times {
        for page in pages {
            let mut page = page.clone();
            if copy > 0 {
                for item in &mut page.items {
                    item.id = ProductId(format!("{}-{copy}", item.id.0));
                    item.sku = Sku(format!("{}-{copy}", item.sku.0));
                }
            }
            page.page += per_copy * copy as u32;
            page.total = Some(total as u64);
            page.more = copy + 1 < times || page.more;
            out.push(page);
        }
    }
    out
}

/// Sorting every loaded row by each column, against the store's order (no sort at all: the
/// time to copy the row references), as `view::compute` does it on the runner's thread.
pub fn sorts(pages: &[Page<ProductSummary>]) -> Row {
    let state = loaded(pages, 200, 50);
    let snapshot = state.session.listing.rows.snapshot();
    let products = state.session.listing.rows.loaded();
    let mut columns = Vec::new();
    for field in SortField::ALL {
        let spec = ViewSpec {
            filters: Default::default(),
            sort: Some((field, SortOrder::Ascending)),
        };
        let mut times: Vec<Duration> = (0..SORT_RUNS)
            .map(|_| {
                let start = Instant::now();
                black_box(compute(&snapshot, &spec));
                start.elapsed()
            })
            .collect();
        columns.push((field, quantile(&mut times, 0.5)));
    }
    let mut copies: Vec<Duration> = (0..SORT_RUNS)
        .map(|_| {
            let start = Instant::now();
            let all: Vec<&ProductSummary> = state.session.listing.rows.all().collect();
            black_box(all);
            start.elapsed()
        })
        .collect();
    let copy = quantile(&mut copies, 0.5);
    let (worst_field, worst) = columns
        .iter()
        .copied()
        .max_by_key(|(_, took)| *took)
        .unwrap_or((SortField::Name, Duration::ZERO));
    let each = columns
        .iter()
        .map(|(field, took)| format!("{} {}", field.label(), time(*took)))
        .collect::<Vec<_>>()
        .join(", ");
    let met = worst < SORT_LIMIT;
    Row {
        goal: format!(
            "sort {} products by any column, off the UI loop: < 250 ms",
            grouped(products as u64)
        ),
        baseline: format!("walking every row {}", time(copy)),
        result: format!("slowest ({}) {}", worst_field.label(), time(worst)),
        ratio: ratio(worst.as_secs_f64() / copy.as_secs_f64().max(1e-9)),
        met,
        how: format!(
            "`view::compute` with each column ascending over a snapshot of the loaded rows, as \
             the runner runs it on a blocking thread when the sort key is pressed (the loop only \
             sends `Effect::ComputeView`), median of {SORT_RUNS}: {each}; baseline: collecting a \
             reference to every loaded row in catalog order"
        ),
        miss: (!met).then(|| {
            format!(
                "sorting by {} takes {}, {:.0}% over 250 ms",
                worst_field.label(),
                time(worst),
                (worst.as_secs_f64() / SORT_LIMIT.as_secs_f64() - 1.0) * 100.0
            )
        }),
    }
}

/// This process's resident memory in kB.
fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// What a `State` holding every row of `pages` adds to the resident memory, against the bytes
/// the rows themselves hold: what the state keeps beside them (texts laid out for matching,
/// positions) is the difference. The release binary is measured on its own in `cache.rs`.
pub fn state_memory(pages: &[Page<ProductSummary>]) -> Row {
    let grown = |pages: &[Page<ProductSummary>]| {
        let before = resident_kb();
        let state = loaded(pages, 200, 50);
        let after = resident_kb();
        black_box(&state);
        drop(state);
        after.saturating_sub(before)
    };
    let big_kb = grown(pages);
    let products = pages.iter().map(|page| page.items.len()).sum::<usize>();
    let counted: usize = pages
        .iter()
        .flat_map(|page| page.items.iter())
        .map(heap_bytes)
        .sum();
    let mb = |kb: u64| kb as f64 / 1024.0;
    let per_row = big_kb as f64 * 1024.0 / products as f64;
    let met = mb(big_kb) < MEMORY_LIMIT_MB;
    Row {
        goal: format!(
            "memory of {} loaded products (in process): < 600 MB",
            grouped(products as u64)
        ),
        baseline: format!(
            "the rows' own bytes: {:.1} MB",
            counted as f64 / 1_048_576.0
        ),
        result: format!("{:.1} MB ({per_row:.0} B a product)", mb(big_kb)),
        ratio: ratio(big_kb as f64 * 1024.0 / counted.max(1) as f64),
        met,
        how: format!(
            "VmRSS of the bench process before and after building a `State` through \
             `update(PageLoaded)` from pages already in memory (the growth is the state's own \
             copy of the rows and everything it keeps per row), {} products; the release binary \
             is measured at a million in its own row. Baseline: the rows themselves hold {:.1} MB \
             ({:.0} B a product: the struct and each string's allocation as glibc rounds it)",
            grouped(products as u64),
            counted as f64 / 1_048_576.0,
            counted as f64 / products as f64
        ),
        miss: (!met).then(|| {
            format!(
                "a state holding {} products grows the process by {:.0} MB, {per_row:.0} B a \
                 product",
                grouped(products as u64),
                mb(big_kb)
            )
        }),
    }
}

/// A glibc allocation holding `capacity` bytes: 8 bytes of header, 16-byte steps, 32 at least.
fn allocation(capacity: usize) -> usize {
    if capacity == 0 {
        0
    } else {
        (capacity + 8).div_ceil(16).max(2) * 16
    }
}

/// What one summary costs on the heap: its struct in the page's vector and its strings.
fn heap_bytes(product: &ProductSummary) -> usize {
    let other = match &product.status {
        stockroom::catalog::model::Status::Other(text) => allocation(text.capacity()),
        _ => 0,
    };
    std::mem::size_of::<ProductSummary>()
        + allocation(product.id.0.capacity())
        + allocation(product.sku.0.capacity())
        + allocation(product.name.capacity())
        + other
}
