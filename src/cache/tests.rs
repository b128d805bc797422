//! The cache file on its own: a round trip, changed rows, history, and every file that must
//! be set aside rather than trusted.

use std::path::Path;

use super::*;
use crate::catalog::model::{Money, Page, ProductId, ProductSummary, Sku, Status, Stock};

fn product(id: u32, stock: i64, price: &str) -> ProductSummary {
    ProductSummary {
        id: ProductId(id.to_string()),
        sku: Sku(format!("SKU-{id}")),
        name: format!("Product {id}"),
        price: Money::parse(price),
        stock: Stock::Quantity(stock),
        status: Status::Active,
    }
}

fn page(number: u32, items: Vec<ProductSummary>) -> Page<ProductSummary> {
    Page {
        items,
        page: number,
        per_page: 2,
        total: None,
        more: true,
        warehouses: None,
    }
}

fn open(path: &Path) -> CatalogCache {
    match CatalogCache::open(path, "shop", "http://shop.test").unwrap() {
        Opened::Ready(cache) => cache,
        Opened::SetAside { reason, .. } => panic!("set aside: {reason}"),
    }
}

fn read_all(cache: &CatalogCache) -> Vec<Page<ProductSummary>> {
    let mut pages = Vec::new();
    cache.read_pages(|batch, _| pages.extend(batch)).unwrap();
    pages
}

fn load(cache: &mut CatalogCache, pages: &[Page<ProductSummary>], now: u64) -> Vec<ProductId> {
    cache.begin_load().unwrap();
    let mut changed = Vec::new();
    for page in pages {
        changed.extend(cache.write_page(page, now).unwrap().changed);
    }
    cache.finish_load(now).unwrap();
    changed
}

#[test]
fn a_load_reads_back_in_catalog_order_as_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache").join("shop.sqlite");
    let mut cache = open(&path);
    let pages = [
        page(2, vec![product(3, 1, "3.00")]),
        page(1, vec![product(1, 5, "1.50"), product(2, 0, "2")]),
    ];
    assert!(
        load(&mut cache, &pages, 1000).is_empty(),
        "a first load changes nothing"
    );
    drop(cache);
    let cache = open(&path);
    let read = read_all(&cache);
    assert_eq!(read.len(), 2);
    assert_eq!((read[0].page, read[1].page), (1, 2));
    assert_eq!(
        read[0].items,
        vec![product(1, 5, "1.50"), product(2, 0, "2")]
    );
    assert_eq!(read[1].items, vec![product(3, 1, "3.00")]);
    assert_eq!(read[1].total, Some(3));
    assert!(!read[1].more);
    assert_eq!(cache.written_at().unwrap(), Some(1000));
}

#[test]
fn a_revalidation_reports_changed_rows_records_history_and_drops_gone_products() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    let mut cache = open(&path);
    load(
        &mut cache,
        &[
            page(1, vec![product(1, 5, "1.50"), product(2, 0, "2")]),
            page(2, vec![product(3, 1, "3")]),
        ],
        1000,
    );
    let mut renamed = product(2, 0, "2");
    renamed.name = "Renamed".into();
    let changed = load(
        &mut cache,
        &[
            page(1, vec![product(1, 7, "1.50"), renamed]),
            page(2, vec![product(4, 1, "4")]),
        ],
        2000,
    );
    let ids: Vec<&str> = changed.iter().map(|id| id.0.as_str()).collect();
    assert_eq!(ids, ["1", "2", "4"], "stock, name and a new product");
    let history = cache.history(&ProductId("1".into())).unwrap();
    let stocks: Vec<_> = history.iter().map(|p| (p.at, p.stock)).collect();
    assert_eq!(stocks, [(1000, Some(5)), (2000, Some(7))]);
    assert_eq!(
        cache.history(&ProductId("2".into())).unwrap().len(),
        1,
        "a rename is no point"
    );
    let info = cache.info().unwrap();
    assert_eq!(info.products, 3, "product 3 is gone from the store");
    assert_eq!(info.last_full_load, Some(2000));
    assert_eq!(info.history, 5);
}

#[test]
fn our_own_sends_add_history_points() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    let mut cache = open(&path);
    load(&mut cache, &[page(1, vec![product(1, 5, "1.50")])], 1000);
    cache
        .write_refreshed(&[product(1, 2, "1.75")], 1500)
        .unwrap();
    let points = cache.history(&ProductId("1".into())).unwrap();
    assert_eq!(
        points.last().map(|p| (p.stock, p.price)),
        Some((Some(2), Money::parse("1.75")))
    );
    assert_eq!(read_all(&cache)[0].items, vec![product(1, 2, "1.75")]);
}

fn set_aside_reason(path: &Path, profile: &str, store: &str) -> (String, std::path::PathBuf) {
    match CatalogCache::open(path, profile, store).unwrap() {
        Opened::Ready(_) => panic!("the file was trusted"),
        Opened::SetAside {
            kept,
            reason,
            cache,
        } => {
            assert_eq!(
                cache.product_count().unwrap(),
                0,
                "a new cache starts empty"
            );
            (reason, kept)
        }
    }
}

#[test]
fn a_corrupt_file_is_set_aside_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    std::fs::write(&path, b"this is not a database, it is a shopping list").unwrap();
    let (reason, kept) = set_aside_reason(&path, "shop", "http://shop.test");
    assert!(
        reason.contains("corrupt") || reason.contains("unreadable"),
        "{reason}"
    );
    assert!(kept.to_string_lossy().contains("shop.sqlite.set-aside-"));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        b"this is not a database, it is a shopping list"
    );
}

#[test]
fn a_newer_schema_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    drop(open(&path));
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute("UPDATE meta SET value = '99' WHERE key = 'schema'", [])
        .unwrap();
    drop(connection);
    let (reason, _) = set_aside_reason(&path, "shop", "http://shop.test");
    assert!(reason.contains("newer"), "{reason}");
}

#[test]
fn another_stores_file_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    let mut cache = open(&path);
    load(&mut cache, &[page(1, vec![product(1, 5, "1.50")])], 1000);
    drop(cache);
    let (reason, _) = set_aside_reason(&path, "shop", "http://other.test");
    assert!(reason.contains("http://shop.test"), "{reason}");
}

#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache").join("shop.sqlite");
    let mut cache = open(&path);
    load(&mut cache, &[page(1, vec![product(1, 5, "1.50")])], 1000);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let wal = path.with_file_name("shop.sqlite-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
    drop(cache);
    assert!(remove(&path).unwrap());
    assert!(!path.exists());
}

#[test]
fn profile_names_become_safe_distinct_file_names() {
    let dir = Path::new("/state/cache");
    assert_eq!(file_for(dir, "shop"), dir.join("shop.sqlite"));
    assert_ne!(file_for(dir, "a/b"), file_for(dir, "a_b"));
    assert!(!file_for(dir, "../x").to_string_lossy().contains(".."));
}

#[test]
fn the_age_reads_as_words() {
    assert_eq!(age_words(1000, 1000 + 12 * 60 + 5), "cached 12 min ago");
    assert_eq!(age_words(1000, 1010), "cached just now");
    assert_eq!(age_words(0, 3 * 3600), "cached 3 h ago");
}

#[test]
fn the_worker_sets_a_corrupt_file_aside_with_a_notice_and_reads_nothing_from_it() {
    use std::sync::{Arc, Mutex};
    use worker::{CacheEvent, CacheHandle, CacheTarget};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    std::fs::write(&path, vec![0xAB; 8192]).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    let handle = CacheHandle::start(
        CacheTarget {
            path: path.clone(),
            profile: "shop".into(),
            store: "http://shop.test".into(),
        },
        Arc::new(move |event| sink_events.lock().unwrap().push(event)),
    );
    assert!(handle.claim_first_read());
    assert!(!handle.claim_first_read(), "the cache is shown once a run");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(handle.read(7)).unwrap();
    let events = events.lock().unwrap().clone();
    let notice = events.iter().find_map(|event| match event {
        CacheEvent::Notice(text) => Some(text.clone()),
        _ => None,
    });
    let notice = notice.unwrap_or_else(|| panic!("a notice: {events:?}"));
    assert!(notice.contains("shop.sqlite.set-aside-"), "{notice}");
    assert!(events.iter().any(|event| matches!(
        event,
        CacheEvent::Pages { request: 7, pages, last: true, .. } if pages.is_empty()
    )));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains("set-aside"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), vec![0xAB; 8192]);
}
