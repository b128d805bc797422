//! `stockroom cache info|clear` and `stockroom export --history`: the catalog cache from the
//! command line, without connecting to any store.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::UserError;
use super::export::Format;
use super::output::say;
use crate::cache::{self, CatalogCache, HistoryPoint};
use crate::journal::clock;
use crate::wording::thousands;

/// The directory the caches are in, or why there is none.
fn dir() -> Result<PathBuf, UserError> {
    cache::default_dir()
        .ok_or_else(|| UserError("no state directory on this system for the cache".to_owned()))
}

/// The profile named with --profile, else the config's default, else its only one.
fn profile_name(config_path: &Path, wanted: Option<&str>) -> Result<String, UserError> {
    if let Some(name) = wanted {
        return Ok(name.to_owned());
    }
    let config = crate::config::load(config_path)
        .map_err(|e| UserError(e.to_string()))?
        .ok_or_else(|| UserError("name a profile with --profile".to_owned()))?;
    match (&config.default_profile, config.profiles.len()) {
        (Some(name), _) => Ok(name.clone()),
        (None, 1) => Ok(config.profiles.keys().next().cloned().unwrap_or_default()),
        (None, _) => Err(UserError("name a profile with --profile".to_owned())),
    }
}

/// `stockroom cache info|clear`.
pub fn run(
    action: crate::cli::CacheAction,
    config_path: &Path,
    wanted: Option<&str>,
) -> Result<(), UserError> {
    match action {
        crate::cli::CacheAction::Info { .. } => info(wanted),
        crate::cli::CacheAction::Clear { .. } => clear(config_path, wanted),
    }
}

/// Prints one profile's cache, or every cache in the directory without --profile.
pub fn info(wanted: Option<&str>) -> Result<(), UserError> {
    let dir = dir()?;
    let files = match wanted {
        Some(name) => vec![cache::file_for(&dir, name)],
        None => every_cache(&dir),
    };
    if files.is_empty() {
        say(&format!("No catalog cache in {}", dir.display()));
        return Ok(());
    }
    for path in files {
        if !path.exists() {
            say(&format!("No catalog cache at {}", path.display()));
            continue;
        }
        match CatalogCache::inspect(&path).and_then(|cache| cache.info()) {
            Ok(info) => {
                say(&format!("{}", info.path.display()));
                say(&format!(
                    "  {} · {} products · {} history points",
                    size(info.bytes),
                    thousands(info.products),
                    thousands(info.history)
                ));
                let when = |secs: Option<u64>| secs.map_or("never".to_owned(), clock::minute);
                say(&format!(
                    "  last full load {} · written {}",
                    when(info.last_full_load),
                    when(info.written_at)
                ));
            }
            Err(error) => say(&format!(
                "{}: unreadable ({error}); it is set aside when the profile next opens",
                path.display()
            )),
        }
    }
    Ok(())
}

/// Removes the profile's cache file; the next start loads the catalog from the store.
pub fn clear(config_path: &Path, wanted: Option<&str>) -> Result<(), UserError> {
    let name = profile_name(config_path, wanted)?;
    let path = cache::file_for(&dir()?, &name);
    match cache::remove(&path) {
        Ok(true) => say(&format!(
            "Removed the catalog cache of {name} ({})",
            path.display()
        )),
        Ok(false) => say(&format!("{name} has no catalog cache ({})", path.display())),
        Err(error) => return Err(UserError(error.to_string())),
    }
    Ok(())
}

/// Writes every stock and price the cache observed, oldest first: (time, sku, stock, price).
pub fn export_history(
    config_path: &Path,
    wanted: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), UserError> {
    let name = profile_name(config_path, wanted)?;
    let path = cache::file_for(&dir()?, &name);
    if !path.exists() {
        return Err(UserError(format!(
            "{name} has no catalog cache yet ({}): open the profile once",
            path.display()
        )));
    }
    let cache = CatalogCache::inspect(&path).map_err(|e| UserError(e.to_string()))?;
    let out: Box<dyn Write> = match output {
        Some(file) => Box::new(
            crate::app::paths::private_file(file)
                .and_then(|f| f.set_len(0).map(|()| f))
                .map_err(|e| UserError(format!("cannot write {}: {e}", file.display())))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let fail = |e: io::Error| UserError(format!("cannot write the history: {e}"));
    match format {
        Format::Csv => out.write_all(b"time,sku,stock,price\n").map_err(fail)?,
        Format::Json => out.write_all(b"[").map_err(fail)?,
        Format::Ndjson => {}
    }
    let mut first = true;
    cache
        .each_history(|sku, point| {
            let line = history_line(format, sku, point)?;
            if format == Format::Json && !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(line.as_bytes())
        })
        .map_err(|e| UserError(e.to_string()))?;
    if format == Format::Json {
        out.write_all(b"]\n").map_err(fail)?;
    }
    out.flush().map_err(fail)
}

fn history_line(format: Format, sku: &str, point: &HistoryPoint) -> io::Result<String> {
    let time = iso_time(point.at);
    let price = point.price.map(|p| p.to_string());
    Ok(match format {
        Format::Csv => {
            let stock = point.stock.map(|n| n.to_string()).unwrap_or_default();
            let mut row = csv::Writer::from_writer(Vec::new());
            row.write_record([time.as_str(), sku, &stock, price.as_deref().unwrap_or("")])
                .map_err(io::Error::other)?;
            let bytes = row
                .into_inner()
                .map_err(|e| io::Error::other(e.to_string()))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Format::Json | Format::Ndjson => {
            let value = serde_json::json!({
                "time": time, "sku": sku, "stock": point.stock, "price": price,
            });
            let end = if format == Format::Ndjson { "\n" } else { "" };
            format!("{value}{end}")
        }
    })
}

/// `2026-12-06T12:01:02Z`.
fn iso_time(secs: u64) -> String {
    let stamp = clock::stamp(secs);
    let (date, time) = stamp.split_at(8.min(stamp.len()));
    let part = |text: &str, from: usize, to: usize| text.get(from..to).unwrap_or("").to_owned();
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(date, 0, 4),
        part(date, 4, 6),
        part(date, 6, 8),
        part(time, 1, 3),
        part(time, 3, 5),
        part(time, 5, 7)
    )
}

fn every_cache(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "sqlite"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn size(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_written_as_iso_8601() {
        assert_eq!(super::iso_time(1_800_000_000), "2027-01-15T08:00:00Z");
    }
}
