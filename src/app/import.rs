//! `:import FILE`: reading the stock file (in the runner) and the report shown once it is staged.

use std::io::Read;
use std::path::Path;

/// The largest stock file `:import` reads.
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// What an import staged and what it could not use, shown until `Esc`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    /// The file as the user named it.
    pub path: String,
    pub staged: usize,
    pub unchanged: usize,
    /// Each staged row: its line and `SKU  stock 10 → 15, price 9.99 → 12.00`.
    pub changes: Vec<(usize, String)>,
    /// Rows that match nothing or do not parse: their line and why.
    pub problems: Vec<(usize, String)>,
    /// The first line on screen.
    pub scroll: usize,
}

impl ImportReport {
    /// The lines below the counts, as drawn and scrolled.
    pub fn body_len(&self) -> usize {
        let section = |len: usize| if len == 0 { 0 } else { len + 2 };
        section(self.problems.len()) + section(self.changes.len())
    }
}

/// Reads a stock file as UTF-8 text, refusing one over `MAX_IMPORT_BYTES`. A leading `~/`
/// is the home directory, as in a shell.
pub fn read(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let file = std::fs::File::open(super::paths::expand_home(path))
        .map_err(|e| format!("cannot open {shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(format!(
            "{shown} is larger than {} MB: split it",
            MAX_IMPORT_BYTES / 1024 / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown} is not UTF-8 text (byte {}): save it as UTF-8 CSV",
            e.utf8_error().valid_up_to()
        )
    })
}
