//! The audit trail: every change sent to a store, from the UI or a headless run, appended as
//! one JSON line to `audit/<profile>.jsonl` in the state directory (0600), with its outcome.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::basket::{Item, Outcome};
use crate::catalog::exchange::Exchange;
use crate::journal::clock;

pub mod change;

/// Who sent a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Ui,
    StockApply,
    JournalResume,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Ui => "ui",
            Source::StockApply => "stock apply",
            Source::JournalResume => "journal resume",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339, UTC.
    pub time: String,
    pub profile: String,
    /// The store's host (and port), without credentials, path or query.
    pub host: String,
    pub operation: String,
    pub sku: String,
    pub product_id: Option<String>,
    pub before: String,
    pub after: String,
    /// `sent`, `already applied`, `conflict`, `failed` or `uncertain`.
    pub outcome: String,
    /// The server's request id for the last request that carried one.
    pub debug_id: Option<String>,
    pub source: String,
    /// Why a change failed, was uncertain or conflicted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One profile's audit log, as one sender (the UI or a command) appends to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trail {
    path: PathBuf,
    profile: String,
    host: String,
    source: Source,
}

/// Where audit logs go: `audit/` in the state directory.
pub fn default_dir() -> Option<PathBuf> {
    crate::config::state_dir().map(|dir| dir.join("audit"))
}

/// `{dir}/{profile}.jsonl`; a name that is not safe in a file name is made so and suffixed
/// with a hash of the original, so two names never share a file.
pub fn file_for(dir: &Path, profile: &str) -> PathBuf {
    let safe = crate::journal::safe_name(profile);
    if safe == profile {
        dir.join(format!("{profile}.jsonl"))
    } else {
        let hash = crate::journal::name_hash(profile);
        dir.join(format!("{safe}-{hash:08x}.jsonl"))
    }
}

/// The host (and port) of a store's URL, with no credentials, path or query; the URL itself
/// (its credentials cut off) when it cannot be parsed.
pub fn host_of(base_url: &str) -> String {
    let parsed = url::Url::parse(base_url).ok();
    if let Some(host) = parsed.as_ref().and_then(|url| url.host_str()) {
        return match parsed.as_ref().and_then(url::Url::port) {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
    }
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let rest = rest.split(['/', '?', '#']).next().unwrap_or_default();
    rest.rsplit_once('@')
        .map_or(rest, |(_, host)| host)
        .to_owned()
}

impl Trail {
    /// The log of `profile` in `dir`, for changes `source` sends to the store at `base_url`.
    pub fn new(dir: &Path, profile: &str, base_url: &str, source: Source) -> Trail {
        Trail {
            path: file_for(dir, profile),
            profile: profile.to_owned(),
            host: host_of(base_url),
            source,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The line recording how sending `item` ended, at `now` (Unix seconds).
    pub fn entry(&self, item: &Item, outcome: &Outcome, exchanges: &[Exchange], now: u64) -> Entry {
        let written = match outcome {
            Outcome::Sent { sent, .. } => sent,
            _ => &item.change,
        };
        let (operation, before, after) = change::describe(written);
        let (word, error) = match outcome {
            Outcome::Sent { .. } => ("sent", None),
            Outcome::AlreadyApplied => ("already applied", None),
            Outcome::Conflict(mismatches) => {
                let found: Vec<String> = mismatches
                    .iter()
                    .map(|m| format!("{} was {}, is {}", m.field, m.expected, m.found))
                    .collect();
                ("conflict", Some(found.join("; ")))
            }
            Outcome::Failed(message) => ("failed", Some(message.clone())),
            Outcome::Uncertain(message) => ("uncertain", Some(message.clone())),
        };
        let product_id = match outcome {
            Outcome::Sent {
                created: Some(id), ..
            } => Some(id.0.clone()),
            _ => item.target.id.as_ref().map(|id| id.0.clone()),
        };
        Entry {
            time: clock::rfc3339(now),
            profile: self.profile.clone(),
            host: self.host.clone(),
            operation,
            sku: item.target.sku.clone(),
            product_id,
            before,
            after,
            outcome: word.to_owned(),
            debug_id: exchanges.iter().rev().find_map(|e| e.debug_id.clone()),
            source: self.source.as_str().to_owned(),
            error,
        }
    }

    /// Appends the line for `item`'s outcome now.
    pub fn record(
        &self,
        item: &Item,
        outcome: &Outcome,
        exchanges: &[Exchange],
    ) -> Result<(), String> {
        self.append(&self.entry(item, outcome, exchanges, clock::now_secs()))
    }

    /// Appends one line in one write to a file opened for appending, so lines of two
    /// processes never interleave; the file and its directory are private.
    pub fn append(&self, entry: &Entry) -> Result<(), String> {
        let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", self.path.display());
        let mut line = serde_json::to_string(entry).map_err(|e| failed(&e))?;
        line.push('\n');
        if let Some(dir) = self.path.parent() {
            crate::app::paths::private_dir(dir).map_err(|e| failed(&e))?;
        }
        let mut file = crate::app::paths::private_file(&self.path).map_err(|e| failed(&e))?;
        file.write_all(line.as_bytes()).map_err(|e| failed(&e))
    }
}

/// What an audit log holds: its entries in order, and how many lines could not be read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Read {
    pub entries: Vec<Entry>,
    pub unreadable: usize,
}

/// Reads an audit log; no file is an empty log.
pub fn read(path: &Path) -> Result<Read, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Read::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut read = Read::default();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        match serde_json::from_str(line) {
            Ok(entry) => read.entries.push(entry),
            Err(_) => read.unreadable += 1,
        }
    }
    Ok(read)
}

/// The Unix seconds `--since` names: a date (`2026-12-01`, from its midnight UTC), an RFC 3339
/// UTC time, or a span back from `now` (`90m`, `24h`, `7d`).
pub fn parse_since(text: &str, now: u64) -> Result<u64, String> {
    let text = text.trim();
    let span = |unit: u64, digits: &str| {
        digits
            .parse::<u64>()
            .ok()
            .map(|count| now.saturating_sub(count.saturating_mul(unit)))
    };
    let parsed = match text.char_indices().last() {
        Some((at, 'm')) => span(60, &text[..at]),
        Some((at, 'h')) => span(3600, &text[..at]),
        Some((at, 'd')) => span(86_400, &text[..at]),
        _ => clock::parse_date(text).or_else(|| clock::parse_rfc3339(text)),
    };
    parsed.ok_or_else(|| {
        format!(
            "--since {text:?} is neither a date (2026-12-01), a UTC time (2026-12-01T08:00:00Z) \
             nor a span (90m, 24h, 7d)"
        )
    })
}

/// Whether `entry` was written at or after `since` (Unix seconds); an entry whose time cannot
/// be read is kept, so nothing is hidden by a filter.
pub fn since(entry: &Entry, since: u64) -> bool {
    clock::parse_rfc3339(&entry.time).is_none_or(|time| time >= since)
}

#[cfg(test)]
mod tests;
