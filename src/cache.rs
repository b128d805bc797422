//! The local catalog cache: one SQLite file per profile in the state directory, holding the
//! products of the last load and every observed change of their stock and price.
//!
//! `store.rs` is the file itself (opening, checking, reading, writing), `files.rs` removes a
//! file or moves it aside, `codec.rs` turns a summary into a row and back, `worker.rs` is the
//! thread the UI's runner hands its pages to, so no SQLite call ever runs on the UI loop, and
//! `marks.rs` is what the list keeps of the cache (when it was written, which rows changed).

use std::path::{Path, PathBuf};

mod codec;
mod files;
pub mod marks;
mod store;
pub mod worker;

pub use files::remove;
pub use marks::CacheMarks;
pub use store::{CacheInfo, CatalogCache, HistoryPoint, Opened, PageWrite};

/// Version of the file's tables; a file with another one is set aside, never read.
pub const SCHEMA_VERSION: i64 = 1;

/// Why the cache could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cache {path}: {message}")]
    Sqlite { path: PathBuf, message: String },
    #[error("cache {path}: {message}")]
    Io { path: PathBuf, message: String },
}

/// The directory every profile's cache file lives in: `cache/` in the state directory.
pub fn default_dir() -> Option<PathBuf> {
    crate::config::state_dir().map(|dir| dir.join("cache"))
}

/// `{dir}/{profile}.sqlite`, the name made safe for a file name (and told apart by a hash when
/// it had to be changed, so two profiles never share a file).
pub fn file_for(dir: &Path, profile: &str) -> PathBuf {
    let safe: String = profile
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe == profile && !safe.is_empty() {
        return dir.join(format!("{safe}.sqlite"));
    }
    let hash = profile
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    dir.join(format!("{safe}-{:08x}.sqlite", hash & 0xffff_ffff))
}

/// The sentence telling the user where an unusable cache went.
pub fn set_aside_notice(kept: &Path, reason: &str) -> String {
    format!(
        "The catalog cache could not be used ({reason}); it was kept as {} and a new one starts",
        kept.display()
    )
}

/// Whether a load of `query` is the whole catalog, the only load the cache is shown before
/// and written from: any server-side filter (category, vendor, a product's items, B2B Wave's
/// status) loads part of it, whose rows must neither replace, mark nor drop the cached ones.
pub fn is_whole_catalog(query: &crate::catalog::model::ListQuery) -> bool {
    query.filters.server_part().is_empty()
}

/// How long ago, in words for the status bar: `cached 12 min ago`.
pub fn age_words(written_at: u64, now: u64) -> String {
    let minutes = now.saturating_sub(written_at) / 60;
    match minutes {
        0 => "cached just now".to_owned(),
        1..=119 => format!("cached {minutes} min ago"),
        120..=2879 => format!("cached {} h ago", minutes / 60),
        _ => format!("cached {} days ago", minutes / 1440),
    }
}

#[cfg(test)]
mod tests;
