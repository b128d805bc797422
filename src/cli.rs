//! Command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "stockroom",
    version,
    about = "A terminal catalog browser for online stores"
)]
pub struct Cli {
    /// Profile to open (default: the config's default_profile, else the first one)
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Config file to use instead of the per-user one
    #[arg(long, env = "STOCKROOM_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Colour theme: dark, light, ansi16, mono, or a file's name in the config dir's themes/
    #[arg(long, global = true)]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the sandbox on loopback and open the UI on its demo stores
    Demo,
    /// Serve the platform simulators without the UI, for any client to use
    Sandbox {
        /// Address to listen on (use port 0 for any free port)
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Seed of the generated demo catalog
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Number of products per demo store
        #[arg(long, default_value_t = 1200)]
        products: usize,
        /// Milliseconds added to every answer, to feel a slow link
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
    },
    /// Show or check the config file
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path
    Path,
    /// Validate the config file and name every bad field
    Check,
}
