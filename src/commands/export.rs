//! `stockroom export`: the whole catalog as CSV, a JSON array or NDJSON, written page by page.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::UserError;
use crate::bulk::connect::{load_pages, open_profile, progress_bar};
use crate::catalog::loader;
use crate::catalog::model::{ProductSummary, Stock};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Ndjson,
}

/// Writes products in one format, one at a time.
struct Writer {
    format: Format,
    out: Box<dyn Write>,
    written: u64,
}

impl Writer {
    fn start(&mut self) -> io::Result<()> {
        match self.format {
            Format::Csv => self.out.write_all(b"id,sku,name,price,stock,status\n"),
            Format::Json => self.out.write_all(b"["),
            Format::Ndjson => Ok(()),
        }
    }

    fn product(&mut self, product: &ProductSummary) -> io::Result<()> {
        let price = product.price.map(|m| m.to_string());
        let stock = match product.stock {
            Stock::Quantity(n) => Some(n),
            Stock::NotTracked => None,
        };
        match self.format {
            Format::Csv => {
                let stock = stock.map(|n| n.to_string()).unwrap_or_default();
                // A CSV file is read on a terminal (`cat`, `less`) as often as in a
                // spreadsheet: a server's control characters never reach it, file or not.
                let text = |field: &str| -> String { crate::sanitize::clean(field).into_owned() };
                let (id, sku, name) = (
                    text(&product.id.0),
                    text(&product.sku.0),
                    text(&product.name),
                );
                let mut row = csv::Writer::from_writer(Vec::new());
                row.write_record([
                    id.as_str(),
                    sku.as_str(),
                    name.as_str(),
                    price.as_deref().unwrap_or(""),
                    stock.as_str(),
                    product.status.label(),
                ])
                .map_err(io::Error::other)?;
                let bytes = row
                    .into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                self.out.write_all(&bytes)?;
            }
            Format::Json | Format::Ndjson => {
                let value = crate::app::products::summary_json(product);
                if self.format == Format::Json {
                    self.out
                        .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
                }
                serde_json::to_writer(&mut self.out, &value).map_err(io::Error::other)?;
                if self.format == Format::Ndjson {
                    self.out.write_all(b"\n")?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// Runs `export`: every product of the profile's catalog, in page order, to `output` or stdout.
pub async fn run(
    config_path: &Path,
    profile: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), UserError> {
    let opened = open_profile(config_path, profile)
        .await
        .map_err(UserError)?;
    let catalog = opened.catalog;
    // A file is written under a temporary name beside it and renamed only once the export is
    // whole: a failed export leaves nothing at FILE (and an older FILE as it was).
    let temporary = match output {
        Some(path) => Some(temporary_beside(path)?),
        None => None,
    };
    let out: Box<dyn Write> = match &temporary {
        Some(file) => {
            let handle = file
                .reopen()
                .map_err(|e| UserError(format!("cannot write {}: {e}", file.path().display())))?;
            Box::new(BufWriter::new(handle))
        }
        None => Box::new(BufWriter::new(io::stdout())),
    };
    let mut writer = Writer {
        format,
        out,
        written: 0,
    };
    // Rows going to the terminal the bar would draw on: no bar between them.
    let bar = if output.is_none() && io::IsTerminal::is_terminal(&io::stdout()) {
        indicatif::ProgressBar::hidden()
    } else {
        progress_bar(None, "{spinner} exported {pos} products")
    };
    let mut write_error: Option<io::Error> = writer.start().err();
    // Pages may arrive out of order; each waits here only until the ones before it are written.
    let mut waiting: BTreeMap<(u32, u64), Vec<ProductSummary>> = BTreeMap::new();
    let mut next = 1;
    let mut arrived: u64 = 0;
    let mut write_ready = |waiting: &mut BTreeMap<(u32, u64), Vec<ProductSummary>>,
                           next: &mut u32,
                           all: bool,
                           write_error: &mut Option<io::Error>| {
        // A page that never comes (or a server numbering pages its own way) holds back no
        // more than a few pages: past that the oldest is written anyway.
        while let Some(first) = waiting.first_key_value().map(|(key, _)| *key) {
            let crowded = waiting.len() > 2 * loader::CONCURRENCY;
            if !all && first.0 != *next && !crowded {
                break;
            }
            let Some(items) = waiting.remove(&first) else {
                break;
            };
            *next = first.0.saturating_add(1);
            if write_error.is_some() {
                continue;
            }
            for product in &items {
                if let Err(e) = writer.product(product) {
                    *write_error = Some(e);
                    break;
                }
            }
            bar.inc(items.len() as u64);
        }
    };
    let failure = load_pages(&catalog, |page| {
        // Keyed by arrival too, so a page number sent twice loses nothing.
        arrived += 1;
        waiting.insert((page.page, arrived), page.items);
        write_ready(&mut waiting, &mut next, false, &mut write_error);
    })
    .await
    .err();
    if failure.is_none() {
        write_ready(&mut waiting, &mut next, true, &mut write_error);
    }
    bar.finish_and_clear();
    if let Some(failure) = failure {
        // A JSON array is left open, so no reader takes what came before for the catalog.
        let _ = writer.out.flush();
        let kept = match output {
            Some(path) => format!("; nothing was written to {}", path.display()),
            None => " (what came before it is incomplete)".to_owned(),
        };
        return Err(UserError(format!(
            "the export stopped after {} products: {failure}{kept}",
            writer.written
        )));
    }
    if write_error.is_none()
        && let Err(e) = writer.finish()
    {
        write_error = Some(e);
    }
    drop(writer);
    match write_error {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Some(e) => Err(UserError(format!("cannot write the export: {e}"))),
        None => match (temporary, output) {
            (Some(file), Some(path)) => file
                .persist(path)
                .map(|_| ())
                .map_err(|e| UserError(format!("cannot write {}: {}", path.display(), e.error))),
            _ => Ok(()),
        },
    }
}

/// An empty temporary file in `path`'s directory, removed unless it is renamed to `path`.
fn temporary_beside(path: &Path) -> Result<tempfile::NamedTempFile, UserError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".stockroom-export-");
    // A file the user names gets the mode a new file gets there (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
        .tempfile_in(dir)
        .map_err(|e| UserError(format!("cannot write {}: {e}", path.display())))
}
