//! The real binary at 80x24 on each of the five demo stores: the status bar keeps the last
//! request's status and latency, with and without a staged change.

use crate::tmux::{Tmux, binary};

const STORES: [&str; 5] = [
    "cscart-demo",
    "valigara-demo",
    "b2bwave-demo",
    "ugal-demo",
    "ugal-vat-demo",
];

fn bar(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
}

/// `200 … 84 ms`: an HTTP status, then a latency.
fn shows_status_and_latency(bar: &str) -> bool {
    let Some(latency) = bar.find(" ms") else {
        return false;
    };
    bar[..latency]
        .split(['│', ' '])
        .any(|word| word.len() == 3 && word.chars().all(|c| c.is_ascii_digit()))
}

fn staged(bar: &str) -> bool {
    bar.contains("1 staged") || bar.contains("+1")
}

#[test]
fn every_demo_store_keeps_status_and_latency_at_80x24_with_and_without_a_staged_change() {
    let tmux = Tmux::start("status", 80, 24, &format!("{} demo", binary().display()));
    for (index, store) in STORES.into_iter().enumerate() {
        if index > 0 {
            tmux.send(&["P"]);
        }
        let screen = tmux.wait_for(store, |s| {
            let bar = bar(s);
            bar.contains(store) && bar.contains("row 1 of") && shows_status_and_latency(bar)
        });
        assert!(bar(&screen).chars().count() <= 80, "{screen}");
        tmux.send(&["+"]);
        let screen = tmux.wait_for(&format!("{store} with a staged change"), |s| {
            let bar = bar(s);
            // The store's name may be shortened in the middle now.
            bar.contains(&store[..6]) && staged(bar) && shows_status_and_latency(bar)
        });
        assert!(!bar(&screen).contains("CS-Cart"), "{screen}");
    }
}
