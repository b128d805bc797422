//! The keys of each screen that has its own (the basket, the ledger, an exchange, the
//! listings), as the config binds them: one table the hints line and the help both draw, so
//! neither names a key that does nothing.

use crate::app::state::Layer;
use crate::keys::{Bindings, Command};

/// One key of a screen: the key as typed, a word for the hints line, a sentence for the help,
/// and its rank (lower stays longest on a short hints line).
pub struct ScreenKey {
    pub key: String,
    pub short: &'static str,
    pub long: &'static str,
    pub rank: u8,
}

/// A key the layer reads itself, whatever the config binds.
fn fixed(key: &str) -> Option<String> {
    Some(key.to_owned())
}

/// The screen's title in the help, and its keys; `None` for the list and the layers drawn
/// with keys of their own (dialogs, editors, prompts).
pub fn screen_keys(
    layer: &Layer,
    bindings: &Bindings,
    sending: bool,
) -> Option<(&'static str, Vec<ScreenKey>)> {
    let first = |command: Command| bindings.first(command);
    let pair = |a: Command, b: Command| Some(format!("{}/{}", first(a)?, first(b)?));
    let moves = pair(Command::Down, Command::Up);
    type Wanted = (Option<String>, &'static str, &'static str, u8);
    let (title, wanted): (&'static str, Vec<Wanted>) = match layer {
        Layer::Basket(_) => (
            "Basket",
            vec![
                (fixed("y"), "send", "send every change (Enter too)", 0),
                (fixed("x"), "drop", "drop the selected change (Del too)", 1),
                (fixed("D"), "drop all", "drop every change", 3),
                (
                    fixed("a/o"),
                    "resolve",
                    "conflict: add my change to theirs / overwrite",
                    2,
                ),
                (moves, "move", "move", 1),
                (first(Command::Undo), "undo", "undo the last batch sent", 4),
                if sending {
                    (
                        fixed("Esc/c"),
                        "stop sending",
                        "stop after the request in flight",
                        0,
                    )
                } else {
                    (fixed("Esc"), "close", "close (b too)", 0)
                },
            ],
        ),
        Layer::Ledger(_) => (
            "Requests",
            vec![
                (moves, "move", "move", 1),
                (first(Command::Open), "open", "the request in full", 0),
                (
                    first(Command::Filter),
                    "filter",
                    "filter: words in any field or body",
                    1,
                ),
                (
                    first(Command::Copy),
                    "copy",
                    "copy: d debug id, b body, c curl",
                    2,
                ),
                (fixed("e"), "export", "export the ledger (NDJSON or HAR)", 3),
                (fixed("Esc"), "back", "clear the filter, then back", 0),
                (first(Command::Help), "help", "this help", 2),
            ],
        ),
        Layer::Exchange(_) => (
            "Request",
            vec![
                (moves, "scroll", "scroll", 1),
                (
                    first(Command::SwitchPane),
                    "request/response",
                    "request / response",
                    1,
                ),
                (first(Command::Filter), "search", "search the body", 2),
                (fixed("n/N"), "next/prev", "next / previous match", 3),
                (
                    first(Command::Copy),
                    "copy",
                    "copy: d debug id, b body, c curl",
                    2,
                ),
                (fixed("e"), "export", "export the ledger", 4),
                (fixed("Esc"), "back", "clear the search, then back", 0),
            ],
        ),
        Layer::Listings(_) => (
            "Listings",
            vec![
                (fixed("space"), "choose", "choose an account", 0),
                (fixed("a"), "all", "choose every account", 1),
                (
                    fixed("u"),
                    "update listings",
                    "update the chosen listings",
                    0,
                ),
                (moves, "move", "move", 2),
                (fixed("Esc"), "close", "close", 0),
            ],
        ),
        _ => return None,
    };
    let keys = wanted
        .into_iter()
        .filter_map(|(key, short, long, rank)| {
            Some(ScreenKey {
                key: key?,
                short,
                long,
                rank,
            })
        })
        .collect();
    Some((title, keys))
}
