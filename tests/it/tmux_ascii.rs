//! The real binary under a non-UTF-8 locale: `stockroom demo` draws plain ASCII borders.

use super::tmux::{Tmux, binary};

/// Box drawing (U+2500 to U+257F) and the other symbols the Unicode look uses.
fn unicode_symbols(screen: &str) -> Vec<char> {
    screen
        .chars()
        .filter(|c| ('\u{2500}'..='\u{257F}').contains(c) || "▶·→…▏✓✗±█░".contains(*c))
        .collect()
}

#[test]
fn a_c_locale_draws_ascii_borders() {
    let command = format!("LANG=C LC_ALL=C {} demo", binary().display());
    let tmux = Tmux::start("ascii", 100, 30, &command);
    let screen = tmux.wait_for("the first page", |s| {
        s.contains("page 1/") && s.contains("200 GET") && s.contains(" ms")
    });
    assert!(
        screen.contains("+---"),
        "ASCII corners and lines:\n{screen}"
    );
    assert!(screen.contains("| "), "ASCII sides:\n{screen}");
    assert_eq!(unicode_symbols(&screen), Vec::<char>::new(), "{screen}");

    tmux.send(&["?"]);
    let screen = tmux.wait_for("the help", |s| s.contains(" Keys "));
    assert_eq!(unicode_symbols(&screen), Vec::<char>::new(), "{screen}");
    tmux.send(&["Escape"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

#[test]
fn stockroom_ascii_0_keeps_unicode_under_a_c_locale() {
    let command = format!(
        "env STOCKROOM_ASCII=0 LANG=C LC_ALL=C {} demo",
        binary().display()
    );
    let tmux = Tmux::start("ascii-off", 100, 30, &command);
    let screen = tmux.wait_for("the first page", |s| {
        s.contains("page 1/") && s.contains("200 GET") && s.contains(" ms")
    });
    assert!(screen.contains('┌') && screen.contains('│'), "{screen}");
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}
