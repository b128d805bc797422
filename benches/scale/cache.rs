//! The catalog cache at a million products: the release binary's start to its first frame of
//! cached rows (tmux, the store never answering), and the whole cache read back into the list's
//! rows and filtered, in process.

use std::path::Path;
use std::time::{Duration, Instant};

use stockroom::app::rows::Rows;
use stockroom::app::view::{ViewSpec, compute};
use stockroom::cache::{CatalogCache, Opened};
use stockroom::catalog::model::{
    Filters, Money, Page, ProductId, ProductSummary, Sku, Status, Stock,
};

use crate::process::{stockroom_command, time_to_screen, whole_catalog_memory};
use crate::report::{Row, ratio, time};

pub const CACHED: usize = 1_000_000;
const SMALL_CACHE: usize = 1_000;
const PER_PAGE: u32 = 250;

fn product(n: usize) -> ProductSummary {
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!("SKU{n:07}")),
        name: format!("Product {n} in colour {}", n % 97),
        price: Money::parse(&format!("{}.{:02}", n % 500, n % 100)),
        stock: Stock::Quantity((n % 1000) as i64),
        status: Status::Active,
    }
}

/// Writes a cache of `count` products for profile `shop` at `store`; the time it took.
fn write_cache(path: &Path, store: &str, count: usize) -> Duration {
    let started = Instant::now();
    let Ok(Opened::Ready(mut cache)) = CatalogCache::open(path, "shop", store) else {
        panic!("a new cache at {}", path.display());
    };
    cache.begin_load().expect("a load begins");
    let pages = count.div_ceil(PER_PAGE as usize);
    for number in 0..pages {
        let first = number * PER_PAGE as usize;
        let page = Page {
            items: (first..(first + PER_PAGE as usize).min(count))
                .map(product)
                .collect(),
            page: number as u32 + 1,
            per_page: PER_PAGE,
            total: Some(count as u64),
            more: number + 1 < pages,
            warehouses: None,
        };
        cache
            .write_page(&page, 1_800_000_000)
            .expect("a page written");
    }
    cache.finish_load(1_800_000_000).expect("the load finished");
    started.elapsed()
}

/// Start to the first frame drawn from a million-product cache, and the cache read back and
/// filtered; both against their goals.
pub fn rows() -> Vec<Row> {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a port");
    let base_url = format!(
        "http://127.0.0.1:{}",
        silent.local_addr().expect("an address").port()
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = dir.path().join("shop.sqlite");
    let written = write_cache(&source, &base_url, CACHED);
    let small_source = dir.path().join("small.sqlite");
    write_cache(&small_source, &base_url, SMALL_CACHE);
    let bytes = std::fs::metadata(&source).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote a {CACHED}-product cache ({:.0} MB) in {}",
        bytes as f64 / 1e6,
        time(written)
    );

    let baseline = time_to_screen(
        "shell",
        |_| "printf ready; exec sleep 5".to_owned(),
        "ready",
    );
    let with_cache = |source: &Path, home: &Path| {
        let cache_dir = home.join("state/stockroom/cache");
        std::fs::create_dir_all(&cache_dir).expect("the cache directory");
        std::fs::copy(source, cache_dir.join("shop.sqlite")).expect("copying the cache");
        let config = home.join("config.toml");
        std::fs::write(
            &config,
            format!(
                "default_profile = \"shop\"\n[profiles.shop]\nplatform = \"cscart\"\n\
                 base_url = \"{base_url}\"\nuser = \"admin@example.com\"\n\
                 secret = {{ env = \"SHOP_KEY\" }}\n"
            ),
        )
        .expect("writing the config");
        stockroom_command(&config, "unused-key")
    };
    let first_frame = time_to_screen("cached", |home| with_cache(&source, home), "cached");
    let (rss, peak, took) = whole_catalog_memory(CACHED, |home| with_cache(&source, home));
    let (small_rss, small_peak, _) =
        whole_catalog_memory(SMALL_CACHE, |home| with_cache(&small_source, home));
    drop(silent);
    let memory_limit_kb = 600 * 1024;
    let memory_met = rss < memory_limit_kb;
    let mb = |kb: u64| format!("{:.1} MB", kb as f64 / 1024.0);
    let frame_limit = Duration::from_millis(300);
    let frame_met = first_frame < frame_limit;

    let (read, filtered, matched) = read_and_filter(&source);
    let whole = read + filtered;
    let whole_limit = Duration::from_millis(1500);
    let whole_met = whole < whole_limit;
    vec![
        Row {
            goal: "resident memory of the release binary, 1,000,000 products: < 600 MB".into(),
            baseline: format!(
                "1,000 products: {} (peak {})",
                mb(small_rss),
                mb(small_peak)
            ),
            result: format!("{} (peak {})", mb(rss), mb(peak)),
            ratio: ratio(rss as f64 / small_rss as f64),
            met: memory_met,
            how: format!(
                "the release binary in tmux at 200x50 started on a 1,000,000-product cache (the \
                 baseline: a 1,000-product one) whose store never answers, `G` pressed until the status bar says `row 1,000,000 of` \
                 (every row in the list, {} after spawning); VmRSS (and VmHWM, the peak) from \
                 /proc/<pid>/status half a second later. The rows come from the cache, not the \
                 network: a network load of a million products takes minutes, and the rows the \
                 list keeps are the same either way",
                time(took)
            ),
            miss: (!memory_met).then(|| format!("{} resident", mb(rss))),
        },
        Row {
            goal: "start to first frame from a 1,000,000-product cache: < 300 ms".into(),
            baseline: format!("`printf ready` {}", time(baseline)),
            result: format!(
                "{} ({} over the shell)",
                time(first_frame),
                time(first_frame.saturating_sub(baseline))
            ),
            ratio: ratio(first_frame.as_secs_f64() / baseline.as_secs_f64()),
            met: frame_met,
            how: "from spawning the release binary in `tmux new-session -d -x 200 -y 50` until \
                  `capture-pane` shows the status bar's `cached`, median of 7; the profile's store \
                  never answers, so every row on screen comes from the cache"
                .into(),
            miss: (!frame_met).then(|| {
                format!(
                    "{} over 300 ms",
                    time(first_frame.saturating_sub(frame_limit))
                )
            }),
        },
        Row {
            goal: "1,000,000 cached products read and filtered: < 1.5 s".into(),
            baseline: format!("read {}", time(read)),
            result: format!("{} ({matched} rows match `sku:SKU00000`)", time(whole)),
            ratio: ratio(whole.as_secs_f64() / whole_limit.as_secs_f64()),
            met: whole_met,
            how: "in process: `CatalogCache::read_pages` into the list's `Rows` page by page, \
                  as the UI inserts them, then `view::compute` with `sku:` over every row"
                .into(),
            miss: (!whole_met)
                .then(|| format!("{} over 1.5 s", time(whole.saturating_sub(whole_limit)))),
        },
    ]
}

/// Reads the whole cache into `Rows` and filters it once: the two times and the matches.
fn read_and_filter(path: &Path) -> (Duration, Duration, usize) {
    let started = Instant::now();
    let cache = CatalogCache::inspect(path).expect("the cache opens");
    let mut rows = Rows::default();
    cache
        .read_pages(|pages, _| {
            for page in pages {
                rows.insert(page);
            }
        })
        .expect("the cache reads");
    let read = started.elapsed();
    assert_eq!(rows.loaded(), CACHED);
    let started = Instant::now();
    let spec = ViewSpec {
        filters: Filters {
            sku: Some("SKU00000".into()),
            ..Filters::default()
        },
        sort: None,
    };
    let matched = compute(&rows.snapshot(), &spec).map_or(0, |view| view.len());
    (read, started.elapsed(), matched)
}
