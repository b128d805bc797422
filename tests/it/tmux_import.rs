//! `:import FILE` with the real binary on `stockroom demo`: the report, the basket, the send
//! and the stock read back in the list.

use crate::tmux::{Tmux, binary};

/// The list's rows as (SKU, stock): the first word after the selection marker and the stock
/// column, for rows whose stock is a number.
fn rows(screen: &str) -> Vec<(String, i64)> {
    screen
        .lines()
        .filter_map(|line| {
            let inside = line.strip_prefix('│')?.split('│').next()?;
            let words: Vec<&str> = inside
                .trim_start_matches(['▶', '±', ' '])
                .split_whitespace()
                .collect();
            let sku = words.first()?;
            let stock = words.get(words.len().checked_sub(2)?)?.parse().ok()?;
            sku.chars()
                .all(|c| c.is_ascii_alphanumeric())
                .then(|| (sku.to_string(), stock))
        })
        .collect()
}

#[test]
fn import_a_stock_file_review_send_and_read_back() {
    let tmux = Tmux::start("import", 120, 35, &format!("{} demo", binary().display()));
    let screen = tmux.wait_for("the whole catalog", |s| {
        s.contains("/1,200 ┘") && !s.contains("loading")
    });
    let listed = rows(&screen);
    assert!(listed.len() >= 3, "{screen}");
    let good: Vec<(String, i64)> = listed[..3]
        .iter()
        .map(|(sku, stock)| (sku.clone(), stock + 7))
        .collect();
    let csv = format!(
        "sku,stock\n{},{}\n{},{}\nNO-SUCH-SKU,4\n{},{}\n{},seven\n",
        good[0].0, good[0].1, good[1].0, good[1].1, good[2].0, good[2].1, good[0].0
    );
    let path = tmux.home().join("stock.csv");
    std::fs::write(&path, csv).unwrap();

    tmux.send(&[":"]);
    tmux.type_text(&format!("import {}", path.display()));
    tmux.send(&["Enter"]);
    let report = tmux.wait_for("the import report", |s| s.contains("3 staged"));
    assert!(report.contains("0 unchanged · 2 problems"), "{report}");
    assert!(
        report.contains("line 4     no product with SKU NO-SUCH-SKU"),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "line 6     stock \"seven\" for SKU {} is not a whole number",
            good[0].0
        )),
        "{report}"
    );
    let first = format!(
        "line 2     {}  stock {} → {}",
        good[0].0, listed[0].1, good[0].1
    );
    assert!(report.contains(&first), "{report}");

    tmux.send(&["b"]);
    let basket = tmux.wait_for("the basket with its requests", |s| {
        s.contains("Basket · 3 changes") && s.contains("PUT")
    });
    assert!(
        basket.contains(&format!("Stock  {} → {}", listed[2].1, good[2].1)),
        "{basket}"
    );
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 3 changes?"));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 3 changes"));
    tmux.send(&["Escape"]);
    let screen = tmux.wait_for("the list read back", |s| {
        !s.contains("Basket") && !s.contains('→') && rows(s).len() >= 3
    });
    let after = rows(&screen);
    assert_eq!(after[..3], good[..], "{screen}");

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}
