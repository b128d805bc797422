//! `stockroom cache info|clear` and `stockroom export --history`, the real binary run headless
//! on a cache written by the library.

use std::path::{Path, PathBuf};
use std::process::Command;

use stockroom::cache::{CatalogCache, Opened};
use stockroom::catalog::model::{Money, Page, ProductId, ProductSummary, Sku, Status, Stock};

use crate::tmux::binary;

fn product(id: u32, stock: i64) -> ProductSummary {
    ProductSummary {
        id: ProductId(id.to_string()),
        sku: Sku(format!("SKU-{id}")),
        name: format!("Product {id}"),
        price: Money::parse("2.50"),
        stock: Stock::Quantity(stock),
        status: Status::Active,
    }
}

/// A cache for profile `shop` in `state/stockroom/cache`: three products loaded at one time,
/// then product 2's stock seen again changed.
fn write_cache(state: &Path) -> PathBuf {
    let path = state.join("stockroom").join("cache").join("shop.sqlite");
    let Opened::Ready(mut cache) = CatalogCache::open(&path, "shop", "http://shop.test").unwrap()
    else {
        panic!("a new cache is ready");
    };
    for (now, stock) in [(1_800_000_000, 5), (1_800_003_600, 9)] {
        cache.begin_load().unwrap();
        let page = Page {
            items: vec![product(1, 1), product(2, stock), product(3, 3)],
            page: 1,
            per_page: 100,
            total: Some(3),
            more: false,
            warehouses: None,
        };
        cache.write_page(&page, now).unwrap();
        cache.finish_load(now).unwrap();
    }
    path
}

fn stockroom(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(binary())
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(args)
        .env_remove("STOCKROOM_CONFIG")
        .env("HOME", dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn cache_info_tells_what_the_cache_holds_and_clear_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_cache(&dir.path().join("state"));
    let (ok, text) = stockroom(dir.path(), &["cache", "info", "--profile", "shop"]);
    assert!(ok, "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("3 products"), "{text}");
    assert!(text.contains("4 history points"), "{text}");
    assert!(
        text.contains("last full load 2027-01-15 09:00 UTC"),
        "{text}"
    );

    let (ok, text) = stockroom(dir.path(), &["cache", "info"]);
    assert!(
        ok && text.contains("shop.sqlite"),
        "every cache without --profile: {text}"
    );

    let (ok, text) = stockroom(dir.path(), &["cache", "clear", "--profile", "shop"]);
    assert!(ok, "{text}");
    assert!(text.contains("Removed the catalog cache of shop"), "{text}");
    assert!(!path.exists());
    let (ok, text) = stockroom(dir.path(), &["cache", "info", "--profile", "shop"]);
    assert!(ok && text.contains("No catalog cache"), "{text}");
}

#[test]
fn export_history_writes_every_observed_stock_and_price() {
    let dir = tempfile::tempdir().unwrap();
    write_cache(&dir.path().join("state"));
    let args = ["export", "--history", "--profile", "shop"];
    let (ok, text) = stockroom(dir.path(), &args);
    assert!(ok, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "time,sku,stock,price",
            "2027-01-15T08:00:00Z,SKU-1,1,2.50",
            "2027-01-15T08:00:00Z,SKU-2,5,2.50",
            "2027-01-15T08:00:00Z,SKU-3,3,2.50",
            "2027-01-15T09:00:00Z,SKU-2,9,2.50",
        ]
    );
    let (ok, text) = stockroom(dir.path(), &[&args[..], &["--format", "ndjson"]].concat());
    assert!(ok, "{text}");
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        last,
        serde_json::json!({"time": "2027-01-15T09:00:00Z", "sku": "SKU-2", "stock": 9, "price": "2.50"})
    );
}

#[test]
fn a_profile_without_a_cache_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, text) = stockroom(dir.path(), &["export", "--history", "--profile", "shop"]);
    assert!(!ok);
    assert!(text.contains("shop has no catalog cache yet"), "{text}");
}
