//! The catalog cache in a real terminal: `stockroom demo --products 100000` run twice in one
//! home; the second start draws the list from the cache at once, marked `cached`, with the
//! store's count, while the store is read again behind it.

use std::time::{Duration, Instant};

use crate::tmux::{Tmux, binary};

/// Products the first run caches before it quits (a few pages: a debug build loads a
/// 100,000-product store slowly).
const CACHED: u64 = 500;

#[test]
fn a_second_demo_start_shows_the_cached_list_at_once() {
    let home = tempfile::tempdir().unwrap();
    let command = format!("{} demo --products 100000", binary().display());

    let first = Tmux::start_in("cache-first", home.path(), 120, 30, &command);
    let screen = first.wait_for("the first page", |s| s.contains("100,000"));
    assert!(
        !screen.contains("cached"),
        "nothing is cached yet:\n{screen}"
    );
    let cache = home.path().join("state/stockroom/cache/cscart-demo.sqlite");
    let deadline = Instant::now() + Duration::from_secs(60);
    while cache_rows(&cache) < CACHED {
        assert!(
            Instant::now() < deadline,
            "the cache never held {CACHED} products"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    first.send(&["q"]);
    first.wait_exit();
    drop(first);

    let second = Tmux::start_in("cache-second", home.path(), 120, 30, &command);
    let screen = second.wait_for("the cached list", |s| s.contains("cached"));
    assert!(
        screen.contains("row 1 of 100,000"),
        "the store's count, from the cache:\n{screen}"
    );
    assert!(screen.contains("100g Pants"), "the cached rows:\n{screen}");
    assert!(
        screen.contains("cached just now") || screen.contains("min ago"),
        "{screen}"
    );
    second.send(&["q"]);
    second.wait_exit();
}

fn cache_rows(path: &std::path::Path) -> u64 {
    if !path.exists() {
        return 0;
    }
    stockroom::cache::CatalogCache::inspect(path)
        .and_then(|cache| cache.product_count())
        .unwrap_or(0)
}
