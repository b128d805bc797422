//! What each command does: open the UI, run the demo, serve the sandbox, check the config.

pub mod config;
pub mod demo;
pub mod doctor;
pub mod export;
pub mod sandbox;
pub mod stock;
pub mod tui;

/// A failure the user can fix, printed as one clear message with no backtrace.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// Prints a line to stdout; a closed pipe (`stockroom sandbox | head -1`) is not an error.
pub fn say(line: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(line.as_bytes())
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
}
