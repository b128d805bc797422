//! What each command does: open the UI, run the demo, serve the sandbox, check the config,
//! apply stock files, manage a profile's journal and read its audit log.

pub mod audit;
pub mod cache;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod export;
pub mod journal;
pub mod output;
pub mod sandbox;
pub mod stock;
pub mod tui;

/// A failure the user can fix, printed as one clear message with no backtrace.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

pub use output::say;
