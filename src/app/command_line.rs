//! The `:` command line: its commands, and what Tab can complete the last word to.

use super::state::State;
use crate::catalog::model::SortField;

/// A command: its name, what it takes, and what it does (the help lists them).
pub struct CommandInfo {
    pub name: &'static str,
    pub takes: &'static str,
    pub does: &'static str,
}

pub const COMMANDS: [CommandInfo; 10] = [
    CommandInfo {
        name: "profile",
        takes: "NAME",
        does: "switch store",
    },
    CommandInfo {
        name: "theme",
        takes: "NAME",
        does: "switch theme",
    },
    CommandInfo {
        name: "sort",
        takes: "COLUMN [desc]",
        does: "sort the list",
    },
    CommandInfo {
        name: "filter",
        takes: "QUERY",
        does: "filter, as /",
    },
    CommandInfo {
        name: "columns",
        takes: "[warehouses]",
        does: "stock per warehouse",
    },
    CommandInfo {
        name: "goto",
        takes: "SKU",
        does: "jump to a product",
    },
    CommandInfo {
        name: "import",
        takes: "FILE",
        does: "stock CSV to basket",
    },
    CommandInfo {
        name: "export",
        takes: "WHAT [FILE]",
        does: "save ledger/catalog",
    },
    CommandInfo {
        name: "write",
        takes: "",
        does: "send the basket",
    },
    CommandInfo {
        name: "quit",
        takes: "",
        does: "quit",
    },
];

/// The columns `:sort` takes; `store` is the store's own order.
pub const SORT_COLUMNS: [(&str, Option<SortField>); 6] = [
    ("name", Some(SortField::Name)),
    ("sku", Some(SortField::Sku)),
    ("price", Some(SortField::Price)),
    ("stock", Some(SortField::Stock)),
    ("status", Some(SortField::Status)),
    ("store", None),
];

/// The column sets `:columns` takes: the stock as a total only, or per warehouse beside it.
pub const COLUMN_SETS: [&str; 2] = ["total", "warehouses"];

/// How many SKUs `:goto` offers at most: enough to choose from, few enough to read.
const MAX_SKUS: usize = 200;

/// What the last word of the command line can become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidates {
    /// Words known without looking anywhere else, sorted.
    Words(Vec<String>),
    /// A file name: the directory must be read (off the UI loop).
    Path,
}

/// Where the last word starts, and what it can become.
pub fn candidates(state: &State, text: &str) -> (usize, Candidates) {
    let start = text.rfind(' ').map_or(0, |space| space + 1);
    let word = &text[start..];
    let before: Vec<&str> = text[..start].split_whitespace().collect();
    let starting = |options: &mut dyn Iterator<Item = String>| -> Candidates {
        let mut words: Vec<String> = options.filter(|o| o.starts_with(word)).collect();
        words.sort();
        words.dedup();
        Candidates::Words(words)
    };
    let found = match before.as_slice() {
        [] => starting(&mut COMMANDS.iter().map(|c| c.name.to_owned())),
        ["profile"] => starting(&mut state.profiles.iter().map(|p| p.name.clone())),
        ["theme"] => starting(&mut state.themes.names().map(str::to_owned)),
        ["sort"] => starting(&mut SORT_COLUMNS.iter().map(|(name, _)| name.to_string())),
        ["columns"] => starting(&mut COLUMN_SETS.iter().map(|c| c.to_string())),
        ["sort", _] => starting(&mut ["asc", "desc"].iter().map(|c| c.to_string())),
        ["filter", ..] => {
            let platform = crate::app::search::platform_of(state);
            starting(&mut crate::app::search::completions(platform).into_iter())
        }
        ["goto"] => Candidates::Words(skus(state, word)),
        ["import"] | ["export", _] => Candidates::Path,
        ["export"] => starting(&mut ["ndjson", "har", "products"].iter().map(|c| c.to_string())),
        _ => Candidates::Words(vec![]),
    };
    (start, found)
}

/// Whether a completed word is done with, so a space follows it: a command that takes
/// something, or a word after which more may come.
pub fn space_after(text_before: &str, word: &str) -> bool {
    let first = text_before.split_whitespace().next();
    match first {
        None => COMMANDS
            .iter()
            .any(|c| c.name == word && !c.takes.is_empty()),
        Some("sort") => text_before.split_whitespace().count() == 1 && word != "store",
        Some("export") => text_before.split_whitespace().count() == 1,
        Some("filter") => !word.ends_with(':'),
        _ => false,
    }
}

/// Loaded SKUs starting with `word`, ignoring case, in order.
fn skus(state: &State, word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut found: Vec<String> = state
        .session
        .listing
        .rows
        .all()
        .filter(|summary| summary.sku.0.to_lowercase().starts_with(&lower))
        .map(|summary| summary.sku.0.clone())
        .collect();
    found.sort();
    found.dedup();
    found.truncate(MAX_SKUS);
    found
}

/// The longest start all the words share.
pub fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for word in &words[1..] {
        end = first
            .char_indices()
            .zip(word.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((at, a), _)| at + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_prefix_stops_where_words_part() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(common_prefix(&words(&["profile", "products"])), "pro");
        assert_eq!(common_prefix(&words(&["élan", "élite"])), "él");
        assert_eq!(common_prefix(&words(&["a", "b"])), "");
        assert_eq!(common_prefix(&words(&["same"])), "same");
        assert_eq!(common_prefix(&[]), "");
    }
}
