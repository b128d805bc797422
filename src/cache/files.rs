//! The cache's files on disk besides SQLite's own work: removing one with its WAL companions,
//! and moving an untrusted one aside under a timestamped name.

use std::path::{Path, PathBuf};

use crate::journal::clock;

use super::CacheError;

/// Removes a profile's cache file and its WAL companions; false when there was none.
pub fn remove(path: &Path) -> Result<bool, CacheError> {
    let existed = path.exists();
    for suffix in ["", "-wal", "-shm"] {
        let file = sibling(path, suffix);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&file, &e)),
        }
    }
    Ok(existed)
}

/// Moves the file (and its WAL companions) aside untouched as `{name}.set-aside-<timestamp>`.
pub(super) fn set_aside(path: &Path) -> Result<PathBuf, CacheError> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = format!("{name}.set-aside-{}", clock::stamp(clock::now_secs()));
    let mut kept = path.with_file_name(&base);
    let mut counter = 1;
    while kept.exists() {
        counter += 1;
        kept = path.with_file_name(format!("{base}-{counter}"));
    }
    std::fs::rename(path, &kept).map_err(|e| io_error(path, &e))?;
    for suffix in ["-wal", "-shm"] {
        let companion = sibling(path, suffix);
        if companion.exists() {
            let _ = std::fs::rename(&companion, sibling(&kept, suffix));
        }
    }
    Ok(kept)
}

pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(super) fn io_error(path: &Path, error: &std::io::Error) -> CacheError {
    CacheError::Io {
        path: path.to_owned(),
        message: error.to_string(),
    }
}
