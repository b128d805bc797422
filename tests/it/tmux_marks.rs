//! Marks in the real binary at 80x24: three rows marked with space, `5+` stages +5 on each
//! of them, the basket holds one item per product, and one `u` takes the change back.

use crate::tmux::{Tmux, binary};

/// The lines of the list that show a staged stock change (`old→new`).
fn staged_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|line| line.starts_with('│') && line.contains('→'))
        .collect()
}

#[test]
fn three_marked_rows_take_plus_five_each_and_one_undo_takes_it_back() {
    let tmux = Tmux::start("marks", 80, 24, &format!("{} demo", binary().display()));
    tmux.wait_for("the first store", |s| {
        s.contains("page 1/") || s.contains("row 1 of")
    });
    tmux.send(&["Space", "Space", "Space"]);
    let screen = tmux.wait_for("three marks", |s| s.contains("3 marked"));
    assert_eq!(
        screen.lines().filter(|line| line.contains('●')).count(),
        3,
        "{screen}"
    );
    tmux.type_text("5+");
    let screen = tmux.wait_for("the staged change", |s| s.contains("3 products staged +5"));
    let rows = staged_rows(&screen);
    assert_eq!(rows.len(), 3, "{screen}");
    for row in rows {
        let change = row
            .split_whitespace()
            .find(|cell| cell.contains('→'))
            .unwrap_or_default();
        let (from, to) = change.split_once('→').unwrap_or_default();
        let (from, to): (i64, i64) = (from.parse().unwrap(), to.parse().unwrap());
        assert_eq!(to - from, 5, "{row}");
    }
    assert!(
        screen.contains("3 staged") || screen.contains("+3"),
        "{screen}"
    );

    tmux.send(&["u"]);
    let screen = tmux.wait_for("the change taken back", |s| s.contains("Took back"));
    assert!(staged_rows(&screen).is_empty(), "{screen}");
    assert!(screen.contains("3 marked"), "the marks stay:\n{screen}");
    tmux.send(&["U"]);
    tmux.wait_for("the marks cleared", |s| s.contains("3 products unmarked"));
    tmux.send(&["q"]);
    tmux.wait_exit();
}
