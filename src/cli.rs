//! Command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::commands::export::Format as ExportFormat;
use crate::sandbox::{Fault, Variant};

#[derive(Debug, Parser)]
#[command(
    name = "stockroom",
    version,
    about = "A terminal catalog browser for online stores"
)]
pub struct Cli {
    /// Profile to open (default: the config's default_profile, else the first one)
    #[arg(long)]
    pub profile: Option<String>,
    /// Config file to use instead of the per-user one
    #[arg(long, env = "STOCKROOM_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colour theme: dark, light, ansi16, mono, or a file's name in the config dir's themes/
    #[arg(long)]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The config file of a command that reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct ConfigArg {
    /// Config file to use instead of the per-user one
    #[arg(
        long = "config",
        env = "STOCKROOM_CONFIG",
        value_name = "FILE",
        global = true
    )]
    pub path: Option<PathBuf>,
}

/// The profile and config file of a command that opens a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct ProfileArgs {
    /// Profile to use (default: the config's default_profile, else the only one)
    #[arg(long)]
    pub profile: Option<String>,
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the sandbox on loopback and open the UI on its demo stores
    Demo {
        #[command(flatten)]
        chosen: ProfileArgs,
        /// Colour theme: dark, light, ansi16, mono, or a file's name in the config dir's themes/
        #[arg(long)]
        theme: Option<String>,
        #[command(flatten)]
        stores: StoreArgs,
    },
    /// Serve the platform simulators without the UI, for any client to use
    Sandbox {
        /// Address to listen on (use port 0 for any free port)
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[command(flatten)]
        stores: StoreArgs,
    },
    /// Show or check the config file
    Config {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Apply a stock file (CSV or TSV of sku, stock and an optional price) to a profile's store
    Stock {
        #[command(subcommand)]
        action: StockAction,
    },
    /// Check the terminal, locale, tmux and config, and each profile's secret and a one-product
    /// read; print what to fix (exit 1 if a check failed). --profile checks only that profile
    Doctor {
        #[command(flatten)]
        chosen: ProfileArgs,
    },
    /// A profile's journal of unsent changes (what a failed or cut-short send left), managed
    /// without the UI: list, show, discard, resume
    #[command(after_help = crate::commands::journal::EXIT_CODES)]
    Journal {
        #[command(subcommand)]
        action: JournalAction,
    },
    /// Print a profile's audit log: every change sent to its store, from the UI or a headless
    /// run, with its values before and after and how it ended
    Audit {
        #[command(flatten)]
        chosen: ProfileArgs,
        /// Only changes from then on: a date (2026-12-01, UTC), a UTC time
        /// (2026-12-01T08:00:00Z) or a span back from now (90m, 24h, 7d)
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        /// One JSON object a line, as the log holds them, instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Write a profile's whole catalog as CSV, a JSON array or NDJSON, page by page
    Export {
        #[command(flatten)]
        chosen: ProfileArgs,
        /// Output format
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// File to write (default: stdout)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Write the stock and price history kept in the profile's catalog cache instead:
        /// time, sku, stock, price
        #[arg(long)]
        history: bool,
    },
    /// Show (info) or remove (clear) the local catalog cache: --profile P, else every cache
    /// (info) or the default profile's (clear)
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// Print each cache's path, size, products, history points and last full load
    Info {
        #[command(flatten)]
        chosen: ProfileArgs,
    },
    /// Remove the profile's cache; the next start loads the catalog from the store
    Clear {
        #[command(flatten)]
        chosen: ProfileArgs,
    },
}

impl CacheAction {
    /// The profile and config file the cache command was given.
    pub fn chosen(&self) -> &ProfileArgs {
        match self {
            CacheAction::Info { chosen } | CacheAction::Clear { chosen } => chosen,
        }
    }
}

/// The profile, config file and theme a command runs with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chosen {
    pub profile: Option<String>,
    pub config: Option<PathBuf>,
    pub theme: Option<String>,
}

impl Cli {
    /// Parses the command line; a `--profile`, `--config` or `--theme` given before a command
    /// that does not use it is refused (exit 2) rather than silently ignored.
    pub fn parse_chosen() -> (Cli, Chosen) {
        use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
        let matches = Cli::command().get_matches();
        let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        let typed = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
        match cli.chosen(typed) {
            Ok(chosen) => (cli, chosen),
            Err(message) => Cli::command()
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .exit(),
        }
    }

    /// The command's own flags, else those given before it; `typed_before(id)` says whether a
    /// flag before the command was typed (not taken from the environment). A typed flag the
    /// command does not use is an error naming it.
    pub fn chosen(&self, typed_before: impl Fn(&str) -> bool) -> Result<Chosen, String> {
        let top = Chosen {
            profile: self.profile.clone(),
            config: self.config.clone(),
            theme: self.theme.clone(),
        };
        let (name, own, uses_theme) = match &self.command {
            None => return Ok(top),
            Some(Command::Demo { chosen, theme, .. }) => ("demo", Some(chosen), Some(theme)),
            Some(Command::Sandbox { .. }) => ("sandbox", None, None),
            Some(Command::Config { config, .. }) => {
                let merged = ProfileArgs {
                    profile: None,
                    config: config.clone(),
                };
                return self.merge("config", &merged, false, None, &top, typed_before);
            }
            Some(Command::Stock {
                action: StockAction::Apply { chosen, .. },
            }) => ("stock apply", Some(chosen), None),
            Some(Command::Doctor { chosen }) => ("doctor", Some(chosen), None),
            Some(Command::Export { chosen, .. }) => ("export", Some(chosen), None),
            Some(Command::Journal { action }) => ("journal", Some(action.chosen()), None),
            Some(Command::Audit { chosen, .. }) => ("audit", Some(chosen), None),
            Some(Command::Cache { action }) => ("cache", Some(action.chosen()), None),
        };
        match own {
            Some(own) => self.merge(name, own, true, uses_theme, &top, typed_before),
            None => {
                let unused = ["profile", "config", "theme"]
                    .into_iter()
                    .find(|id| typed_before(id));
                match unused {
                    Some(id) => Err(format!("`{name}` does not use --{id}")),
                    None => Ok(Chosen::default()),
                }
            }
        }
    }

    fn merge(
        &self,
        name: &str,
        own: &ProfileArgs,
        uses_profile: bool,
        theme: Option<&Option<String>>,
        top: &Chosen,
        typed_before: impl Fn(&str) -> bool,
    ) -> Result<Chosen, String> {
        if !uses_profile && typed_before("profile") {
            return Err(format!("`{name}` does not use --profile"));
        }
        if theme.is_none() && typed_before("theme") {
            return Err(format!("`{name}` does not use --theme"));
        }
        Ok(Chosen {
            profile: own.profile.clone().or_else(|| top.profile.clone()),
            config: if typed_before("config") {
                top.config.clone()
            } else {
                own.config.path.clone().or_else(|| top.config.clone())
            },
            theme: theme.and_then(|own| own.clone().or_else(|| top.theme.clone())),
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum StockAction {
    /// Show every change and problem, then send the changes one by one (exit 1 if any failed)
    Apply {
        #[command(flatten)]
        chosen: ProfileArgs,
        /// The stock file: a header naming sku (or code, product_code), stock (or quantity,
        /// qty, amount, inventory) and optionally price
        file: PathBuf,
        /// Only show the changes and problems; send nothing
        #[arg(long)]
        dry_run: bool,
        /// While another Stockroom holds the profile (exit 3), wait for it to let go, up to
        /// SECONDS (60 by default): `--wait` or `--wait=300`
        #[arg(long, value_name = "SECONDS", num_args = 0..=1, require_equals = true, default_missing_value = "60")]
        wait: Option<u64>,
        /// On a `production = true` profile, send without typing the profile's name first;
        /// without a terminal (cron, a pipe) nothing is sent to production without it
        #[arg(long)]
        yes: bool,
        /// Print only the summary and the problems (the first 20 of them, then how many more)
        #[arg(long, short)]
        quiet: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum JournalAction {
    /// Every profile's journal (or --profile's): its changes by state, and who holds it
    #[command(after_help = crate::commands::journal::EXIT_CODES)]
    List {
        #[command(flatten)]
        chosen: ProfileArgs,
    },
    /// Each change in the profile's journal: SKU, product id, state, change, last error
    #[command(after_help = crate::commands::journal::EXIT_CODES)]
    Show {
        #[command(flatten)]
        chosen: ProfileArgs,
    },
    /// Remove changes from the profile's journal, unsent, holding the profile as the UI does
    #[command(after_help = crate::commands::journal::EXIT_CODES)]
    Discard {
        #[command(flatten)]
        chosen: ProfileArgs,
        /// The changes to remove, by SKU or product id as `journal show` prints them
        #[arg(value_name = "ITEM", required_unless_present = "all")]
        items: Vec<String>,
        /// Remove every change
        #[arg(long, conflicts_with = "items")]
        all: bool,
        /// While another Stockroom holds the profile (exit 3), wait for it to let go, up to
        /// SECONDS (60 by default): `--wait` or `--wait=300`
        #[arg(long, value_name = "SECONDS", num_args = 0..=1, require_equals = true, default_missing_value = "60")]
        wait: Option<u64>,
        /// On a `production = true` profile, discard without typing the profile's name first;
        /// without a terminal nothing is discarded from production without it
        #[arg(long)]
        yes: bool,
    },
    /// Send what the profile's journal holds, as `stock apply` resumes it (exit 1 if any failed)
    #[command(after_help = crate::commands::journal::EXIT_CODES)]
    Resume {
        #[command(flatten)]
        chosen: ProfileArgs,
        /// While another Stockroom holds the profile (exit 3), wait for it to let go, up to
        /// SECONDS (60 by default): `--wait` or `--wait=300`
        #[arg(long, value_name = "SECONDS", num_args = 0..=1, require_equals = true, default_missing_value = "60")]
        wait: Option<u64>,
        /// On a `production = true` profile, send without typing the profile's name first;
        /// without a terminal (cron, a pipe) nothing is sent to production without it
        #[arg(long)]
        yes: bool,
    },
}

impl JournalAction {
    /// The profile and config file the journal command was given.
    pub fn chosen(&self) -> &ProfileArgs {
        match self {
            JournalAction::List { chosen }
            | JournalAction::Show { chosen }
            | JournalAction::Discard { chosen, .. }
            | JournalAction::Resume { chosen, .. } => chosen,
        }
    }
}

/// The simulated stores, as `demo` and `sandbox` both start them.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct StoreArgs {
    /// Seed of the generated demo catalog
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Number of products per demo store (items per UGAL site)
    #[arg(long, default_value_t = 1200)]
    pub products: usize,
    /// Milliseconds added to every answer, to feel a slow link
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Requests per second each store answers (a burst of as many), then 429; off by default
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Arm a fault (repeatable): KIND[@STORE][/OP][xN], e.g. `timeout-after-apply@cscart/stock x1`
    #[arg(long = "fault", value_name = "SPEC", long_help = FAULT_HELP)]
    pub faults: Vec<Fault>,
    /// Play an alternative to an undocumented detail (repeatable), e.g. `b2bwave-page-cap-50`
    #[arg(long = "variant", value_name = "NAME", long_help = crate::sandbox::variants::help())]
    pub variants: Vec<Variant>,
}

const FAULT_HELP: &str = "\
Arm a fault (repeatable): KIND[@STORE][/OP][xN]. Off by default.

KIND: latency:MS, timeout (no answer, the request held), timeout-after-apply (the write is
applied, then no answer), reset (connection closed, no answer), status:CODE (the
platform's error body), 429, 429-retry-after:SECS, malformed (200, a body that does not
parse), truncated (the real body cut in half), html[:CODE] (a proxy's HTML page, 502 by
default), oversized[:MB] (a 64 MB answer by default), invalid-utf8, hostile-data (terminal
escapes, bidi overrides and 10,000-character strings in some products).
STORE: cscart, valigara, b2bwave, ugal, ugal-vat or all (default).
OP: list, get, stock, edit, create, delete or any (default).
xN: spoil only the next N matching requests (default: every one).

Example: --fault 'timeout-after-apply@cscart/stock x1' --fault latency:800@ugal
While it runs: GET /_faults lists, POST /_faults arms (a spec or JSON), DELETE /_faults
disarms all, DELETE /_faults/ID one.";

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path
    Path,
    /// Validate the config file and name every bad field
    Check,
    /// Print every command of the list with its keys, the config's [keys] applied
    Keys,
}
