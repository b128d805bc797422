//! Logs to a file, never to the terminal the UI runs in.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

pub const LOG_FILE: &str = "stockroom.log";

/// Starts logging to `dir/stockroom.log` (level from `STOCKROOM_LOG`, default info).
/// Returns the file's path and a guard that flushes it on drop; `None` if the file cannot be made.
pub fn init(dir: &Path) -> Option<(PathBuf, WorkerGuard)> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join(LOG_FILE);
    // Opening it here surfaces a permission problem now instead of losing every line later.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let appender = tracing_appender::rolling::never(dir, LOG_FILE);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("STOCKROOM_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some((path, guard))
}
