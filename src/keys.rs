//! The list's commands and the keys that run them: the defaults, the config's `[keys]` table
//! and the conflicts between them.

mod key;

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyModifiers};
use serde::{Deserialize, Serialize};

pub use key::Key;

/// What the config's `[keys]` table gives a command: one key or several; `[]` unbinds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn texts(&self) -> Vec<&str> {
        match self {
            KeyList::One(text) => vec![text.as_str()],
            KeyList::Many(texts) => texts.iter().map(String::as_str).collect(),
        }
    }
}

/// A command of the list and detail panes that a key can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Down,
    Up,
    First,
    Last,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    FirstPage,
    LastPage,
    Reload,
    Open,
    Back,
    SwitchPane,
    Sort,
    ReverseSort,
    Filter,
    Help,
    NextProfile,
    Quit,
    AddStock,
    RemoveStock,
    SetStock,
    CommandLine,
    Edit,
    EditRaw,
    New,
    Delete,
    MarkSold,
    Listings,
    Warehouse,
    WarehouseColumns,
    Basket,
    Undo,
    Ledger,
    InspectLast,
    InspectProduct,
    Copy,
    Mark,
    MarkRange,
    ClearMarks,
}

/// Every command, its name in the config and its default keys.
pub const COMMANDS: [(Command, &str, &[&str]); 41] = [
    (Command::Down, "down", &["j", "down"]),
    (Command::Up, "up", &["k", "up"]),
    (Command::First, "first", &["g", "home"]),
    (Command::Last, "last", &["G", "end"]),
    (Command::HalfPageDown, "half_page_down", &["ctrl-d"]),
    (Command::HalfPageUp, "half_page_up", &["ctrl-u"]),
    (Command::PageDown, "page_down", &["]", "pagedown", "ctrl-f"]),
    (Command::PageUp, "page_up", &["[", "pageup", "ctrl-b"]),
    (Command::FirstPage, "first_page", &["{"]),
    (Command::LastPage, "last_page", &["}"]),
    (Command::Reload, "reload", &["r", "ctrl-r"]),
    (Command::Open, "open", &["enter", "l"]),
    (Command::Back, "back", &["h"]),
    (Command::SwitchPane, "switch_pane", &["tab", "backtab"]),
    (Command::Sort, "sort", &["s"]),
    (Command::ReverseSort, "reverse_sort", &["S"]),
    (Command::Filter, "filter", &["/"]),
    (Command::Help, "help", &["?", "f1"]),
    (Command::NextProfile, "next_profile", &["P"]),
    (Command::Quit, "quit", &["q"]),
    (Command::AddStock, "add_stock", &["+"]),
    (Command::RemoveStock, "remove_stock", &["-"]),
    (Command::SetStock, "set_stock", &["="]),
    (Command::CommandLine, "command_line", &[":"]),
    (Command::Edit, "edit", &["e"]),
    (Command::EditRaw, "edit_raw", &["E"]),
    (Command::New, "new", &["n"]),
    (Command::Delete, "delete", &["X"]),
    (Command::MarkSold, "mark_sold", &["M"]),
    (Command::Listings, "listings", &["A"]),
    (Command::Warehouse, "warehouse", &["w"]),
    (Command::WarehouseColumns, "warehouse_columns", &["W"]),
    (Command::Basket, "basket", &["b"]),
    (Command::Undo, "undo", &["u"]),
    (Command::Ledger, "ledger", &["L"]),
    (Command::InspectLast, "inspect_last", &["I"]),
    (Command::InspectProduct, "inspect_product", &["R"]),
    (Command::Copy, "copy", &["y"]),
    (Command::Mark, "mark", &["space"]),
    (Command::MarkRange, "mark_range", &["V"]),
    (Command::ClearMarks, "clear_marks", &["U"]),
];

/// Keys no table can take: Ctrl-c always quits, Esc always goes back, digits are counts.
const RESERVED: &str = "Ctrl-c always quits, Esc always goes back and 0-9 type a count";

impl Command {
    pub fn name(self) -> &'static str {
        COMMANDS
            .iter()
            .find(|(command, ..)| *command == self)
            .map_or("", |(_, name, _)| name)
    }

    fn named(name: &str) -> Option<Command> {
        COMMANDS
            .iter()
            .find(|(_, known, _)| *known == name)
            .map(|(command, ..)| *command)
    }
}

/// One problem with the `[keys]` table, named by its field (`keys.quit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The keys of every command, after the config's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bindings {
    by_key: HashMap<Key, Command>,
    by_command: BTreeMap<Command, Vec<Key>>,
}

impl Default for Bindings {
    fn default() -> Bindings {
        // The defaults parse and never conflict; a test holds them to it.
        Bindings::build(&BTreeMap::new()).unwrap_or_else(|_| Bindings::empty())
    }
}

impl Bindings {
    fn empty() -> Bindings {
        Bindings {
            by_key: HashMap::new(),
            by_command: BTreeMap::new(),
        }
    }

    /// The defaults with the table's commands rebound; every problem at once, or the bindings.
    pub fn build(table: &BTreeMap<String, KeyList>) -> Result<Bindings, Vec<KeyProblem>> {
        let mut problems = Vec::new();
        let mut by_command: BTreeMap<Command, Vec<Key>> = COMMANDS
            .iter()
            .map(|(command, _, defaults)| {
                let keys = defaults.iter().filter_map(|k| Key::parse(k).ok()).collect();
                (*command, keys)
            })
            .collect();
        for (name, list) in table {
            let field = format!("keys.{name}");
            let Some(command) = Command::named(name) else {
                let known: Vec<&str> = COMMANDS.iter().map(|(_, name, _)| *name).collect();
                problems.push(KeyProblem {
                    field,
                    message: format!("no such command (commands: {})", known.join(", ")),
                });
                continue;
            };
            let mut keys = Vec::new();
            for text in list.texts() {
                match Key::parse(text) {
                    Ok(key) if reserved(key) => problems.push(KeyProblem {
                        field: field.clone(),
                        message: format!("`{text}` cannot be rebound: {RESERVED}"),
                    }),
                    Ok(key) if !keys.contains(&key) => keys.push(key),
                    Ok(_) => {}
                    Err(message) => problems.push(KeyProblem {
                        field: field.clone(),
                        message,
                    }),
                }
            }
            by_command.insert(command, keys);
        }
        let mut by_key: HashMap<Key, Command> = HashMap::new();
        for (command, keys) in &by_command {
            for key in keys {
                if let Some(other) = by_key.insert(*key, *command) {
                    let rebound = |c: Command| table.contains_key(c.name());
                    // Name the command the user rebound, so the fix is in the line shown.
                    let (field, other) = if rebound(*command) || !rebound(other) {
                        (*command, other)
                    } else {
                        (other, *command)
                    };
                    problems.push(KeyProblem {
                        field: format!("keys.{}", field.name()),
                        message: format!(
                            "`{key}` is also the key of {}; give one of them another key",
                            other.name()
                        ),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(Bindings { by_key, by_command })
        } else {
            Err(problems)
        }
    }

    /// The command a key runs, if any. A key with Alt, or an arrow or page key with Shift,
    /// that is not bound as such runs what the plain key runs, as it did before keys could
    /// be bound.
    pub fn command(&self, key: Key) -> Option<Command> {
        self.by_key.get(&key).copied().or_else(|| {
            let mut plain = key.modifiers() - KeyModifiers::ALT;
            if !matches!(key.code(), KeyCode::Char(_) | KeyCode::BackTab) {
                plain.remove(KeyModifiers::SHIFT);
            }
            (plain != key.modifiers())
                .then(|| self.by_key.get(&Key::new(key.code(), plain)).copied())
                .flatten()
        })
    }

    /// A command's keys, the first one being the one the hints show.
    pub fn keys(&self, command: Command) -> &[Key] {
        self.by_command.get(&command).map_or(&[], Vec::as_slice)
    }

    /// The key the hints line shows for a command, or `None` when it has none.
    pub fn first(&self, command: Command) -> Option<String> {
        self.keys(command).first().map(ToString::to_string)
    }

    /// Every key of a command, space-separated, for the help.
    pub fn all(&self, command: Command) -> String {
        let keys: Vec<String> = self.keys(command).iter().map(ToString::to_string).collect();
        keys.join(" ")
    }
}

fn reserved(key: Key) -> bool {
    match (key.code(), key.modifiers()) {
        (KeyCode::Char('c'), m) if m.contains(KeyModifiers::CONTROL) => true,
        (KeyCode::Esc, _) => true,
        (KeyCode::Char('0'..='9'), m) => m.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(entries: &[(&str, &[&str])]) -> BTreeMap<String, KeyList> {
        entries
            .iter()
            .map(|(name, keys)| {
                let keys = keys.iter().map(|k| k.to_string()).collect();
                (name.to_string(), KeyList::Many(keys))
            })
            .collect()
    }

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_defaults_parse_and_do_not_conflict() {
        let bindings = Bindings::build(&BTreeMap::new());
        assert!(bindings.is_ok(), "{bindings:?}");
        for (command, _, defaults) in COMMANDS {
            let bindings = Bindings::default();
            assert_eq!(
                bindings.keys(command).len(),
                defaults.len(),
                "{}",
                command.name()
            );
        }
    }

    #[test]
    fn a_rebound_command_loses_its_default_keys() {
        let bindings = Bindings::build(&table(&[("quit", &["ctrl-q"])])).unwrap_or_else(|p| {
            panic!("{p:?}");
        });
        assert_eq!(bindings.command(key("ctrl-q")), Some(Command::Quit));
        assert_eq!(bindings.command(key("q")), None);
        assert_eq!(bindings.first(Command::Quit).as_deref(), Some("Ctrl-q"));
    }

    #[test]
    fn a_key_taken_by_a_default_is_a_conflict_named_on_the_rebound_command() {
        let problems = Bindings::build(&table(&[("quit", &["e"])])).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "keys.quit");
        assert!(
            problems[0].message.contains("`e` is also the key of edit"),
            "{problems:?}"
        );
        // Moving edit elsewhere resolves it.
        let fixed = table(&[("quit", &["e"]), ("edit", &["ctrl-e"])]);
        assert!(Bindings::build(&fixed).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = table(&[
            ("frobnicate", &["z"]),
            ("quit", &["ctrl-c"]),
            ("help", &["ctrl-"]),
            ("sort", &["1"]),
            ("reload", &["esc"]),
        ]);
        let problems = Bindings::build(&bad).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "keys.frobnicate",
                "keys.help",
                "keys.quit",
                "keys.reload",
                "keys.sort"
            ]
        );
        assert!(problems[0].message.contains("commands: down, up"));
        assert!(problems[2].message.contains("Ctrl-c always quits"));
    }

    #[test]
    fn an_empty_list_unbinds_and_one_string_is_one_key() {
        let mut entries = table(&[("delete", &[])]);
        entries.insert("help".into(), KeyList::One("f2".into()));
        let bindings = Bindings::build(&entries).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(bindings.command(key("X")), None);
        assert_eq!(bindings.first(Command::Delete), None);
        assert_eq!(bindings.all(Command::Help), "F2");
    }
}
