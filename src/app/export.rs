//! Writes the ledger to a file as NDJSON or HAR; the path is returned for the UI to show.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::effect::ExportFormat;
use crate::catalog::exchange::Exchange;
use crate::inspect::export::{har, ndjson};

/// Writes `exchanges` (oldest first). Without a path the file goes to `default_dir`, named by time.
pub fn write(
    format: ExportFormat,
    path: Option<PathBuf>,
    default_dir: Option<&Path>,
    exchanges: &[Exchange],
) -> Result<PathBuf, String> {
    let extension = match format {
        ExportFormat::Ndjson => "ndjson",
        ExportFormat::Har => "har",
    };
    let text = match format {
        ExportFormat::Ndjson => ndjson(exchanges),
        ExportFormat::Har => {
            let log = har(exchanges, env!("CARGO_PKG_VERSION"));
            serde_json::to_string_pretty(&log).map_err(|e| e.to_string())?
        }
    };
    // A file the user names keeps their umask; one in the state directory is theirs alone.
    let path = match path {
        Some(path) => {
            let path = super::paths::expand_home(&path);
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            path
        }
        None => {
            let dir = default_dir
                .ok_or("no directory to export to: give a file name (export har FILE)")?;
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let path = dir.join(format!("stockroom-requests-{secs}.{extension}"));
            super::paths::write_private(dir, &path, &text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            path
        }
    };
    Ok(path)
}
