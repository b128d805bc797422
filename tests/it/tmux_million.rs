//! A million-product demo in a real terminal: the status bar counts the store's 1,000,000
//! products, the list opens on the catalog's first names, and the program quits cleanly.

use std::time::{Duration, Instant};

use crate::tmux::{Tmux, binary};

/// The codes of the first rows of the seed-42 catalog in CS-Cart's default (name) order: the
/// two documented products, then two 4K 50mm Lenses by id, the second beyond a default
/// store's 1,200 products.
const FIRST_ROWS: [&str; 4] = ["U0012O5AF0", "G0017HS88V", "W8248YFZ2E", "K22255F8WXB"];

/// Waits like `Tmux::wait_for`, but as long as a debug build needs to seed a million products.
fn wait_long(tmux: &Tmux, what: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(50);
    loop {
        let screen = tmux.screen();
        if ready(&screen) {
            std::thread::sleep(Duration::from_millis(60));
            if tmux.screen() == screen {
                return screen;
            }
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_million_product_demo_opens_on_the_first_rows_with_the_total() {
    let command = format!("{} demo --products 1000000", binary().display());
    let tmux = Tmux::start("million", 120, 35, &command);
    let screen = wait_long(&tmux, "the first CS-Cart page", |s| {
        s.contains("cscart-demo") && s.contains("row 1 of 1,000,000")
    });
    let rows: Vec<usize> = FIRST_ROWS
        .iter()
        .map(|code| {
            screen
                .find(&format!("▶  {code} "))
                .or_else(|| screen.find(&format!("   {code} ")))
                .unwrap_or_else(|| panic!("{code} on the first page:\n{screen}"))
        })
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "the first rows in name order:\n{screen}"
    );
    assert!(screen.contains("100g Pants"), "{screen}");

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0", "the program quits cleanly");
}
