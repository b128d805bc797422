//! The Valigara demo store in the real binary: browse, search, mark one sold, see the stock drop
//! and the server's debug id in the status bar.

use crate::tmux::{Tmux, binary};

/// The stock column of the selected row (the one marked ▶), as shown.
fn selected_stock(screen: &str) -> Option<String> {
    let row = screen.lines().find(|line| line.contains('▶'))?;
    let cells: Vec<&str> = row.split_whitespace().collect();
    // … Price Stock Status │: the stock is the second to last cell before the status.
    let status = cells
        .iter()
        .rposition(|c| ["active", "disabled", "inactive", "draft", "sold"].contains(c))?;
    cells.get(status.checked_sub(1)?).map(|s| (*s).to_owned())
}

#[test]
fn valigara_demo_search_mark_sold_and_see_the_stock_drop() {
    let tmux = Tmux::start("valigara", 140, 35, &format!("{} demo", binary().display()));
    tmux.wait_for("the first store", |s| s.contains("page 1/"));
    tmux.send(&["P"]);
    // The list shows from the first batch on; the status bar has room once the load ends.
    let screen = tmux.wait_for("the Valigara store loaded", |s| {
        s.contains("valigara-demo") && s.contains("row 1 of ") && !s.contains("loading")
    });
    assert!(screen.contains("Valigara"), "{screen}");
    assert!(
        screen.contains(" id "),
        "the status bar shows the X-DEBUG-UID:\n{screen}"
    );

    tmux.send(&["/"]);
    tmux.type_text("ring stock:2..");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the search", |s| s.contains("filter: ring"));
    let before: i64 = selected_stock(&screen)
        .and_then(|s| s.parse().ok())
        .expect("a stock on the selected row");

    tmux.send(&["M"]);
    tmux.wait_for("the sale dialog", |s| {
        s.contains("Mark sold") && s.contains("no_action")
    });
    tmux.send(&["Tab"]);
    tmux.wait_for("the explained action", |s| {
        s.contains("revise —") && s.contains("pushes the new quantity")
    });
    tmux.send(&["Tab", "Tab"]);
    tmux.wait_for("back to no_action", |s| s.contains("no_action"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the staged sale", |s| {
        s.contains(&format!("{before}→{}", before - 1))
    });
    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| {
        s.contains("Basket") && s.contains("product_sold")
    });
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    let screen = tmux.wait_for("the result", |s| s.contains("Sent 1 change"));
    let after = tmux.wait_for("the stock read back", |s| {
        selected_stock(s).is_some_and(|stock| stock == (before - 1).to_string())
    });
    assert!(after.contains(" id "), "{screen}");
    tmux.wait_for("the offer to push the stock to the channels", |s| {
        s.contains("Push the new stock of 1 product")
    });
    tmux.send(&["n"]);
    tmux.wait_for("the offer declined", |s| !s.contains("Push the new stock"));

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}
