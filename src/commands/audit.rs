//! `stockroom audit`: a profile's audit log, as a table a person reads or as JSON lines.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::{UserError, say};
use crate::audit::{self, Entry};
use crate::journal::clock;

/// The widest a free-text column is drawn; longer text is cut with `…`.
const MAX_COLUMN: usize = 40;

/// Prints the chosen profile's audit log since `since` (a date, a UTC time or a span back
/// from now): a table, or with `json` one ASCII-only JSON object a line. Without a config
/// file, the profile is the one named.
pub fn print(
    config_path: &Path,
    wanted: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<(), UserError> {
    let config = crate::config::load_checked(config_path).map_err(|e| UserError(e.to_string()))?;
    let name = super::journal::to_read(config.as_ref(), config_path, wanted)?;
    let since = since
        .map(|text| audit::parse_since(text, clock::now_secs()))
        .transpose()
        .map_err(UserError)?;
    let dir = audit::default_dir()
        .ok_or_else(|| UserError("no state directory for the audit log (is HOME set?)".into()))?;
    let read = audit::read(&audit::file_for(&dir, &name)).map_err(UserError)?;
    if read.unreadable > 0 {
        super::output::warn(&format!(
            "warning: {} line(s) of the audit log could not be read and are not shown",
            read.unreadable
        ));
    }
    let entries: Vec<&Entry> = read
        .entries
        .iter()
        .filter(|entry| since.is_none_or(|since| audit::since(entry, since)))
        .collect();
    if json {
        for entry in entries {
            let line = serde_json::to_string(entry).map_err(|e| UserError(e.to_string()))?;
            say(&ascii_json(&line));
        }
        return Ok(());
    }
    if entries.is_empty() {
        say(&format!("{name}  no changes recorded"));
        return Ok(());
    }
    for line in table(&entries) {
        say(&line);
    }
    Ok(())
}

/// The entries as aligned columns under a header: time, source, operation, SKU,
/// before → after, outcome, debug id (and the error, last, when there is one).
fn table(entries: &[&Entry]) -> Vec<String> {
    let header = [
        "time",
        "source",
        "operation",
        "sku",
        "change",
        "outcome",
        "debug id",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for entry in entries {
        let change = if entry.before.is_empty() {
            cut(&entry.after, MAX_COLUMN)
        } else {
            format!(
                "{} → {}",
                cut(&entry.before, MAX_COLUMN / 2),
                cut(&entry.after, MAX_COLUMN / 2)
            )
        };
        let outcome = match &entry.error {
            Some(error) => format!("{}: {}", entry.outcome, cut(error, MAX_COLUMN)),
            None => entry.outcome.clone(),
        };
        rows.push(vec![
            entry.time.clone(),
            entry.source.clone(),
            entry.operation.clone(),
            cut(&entry.sku, MAX_COLUMN),
            change,
            outcome,
            entry.debug_id.clone().unwrap_or_else(|| "-".to_owned()),
        ]);
    }
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            row.iter()
                .map(|cell| crate::sanitize::clean(cell).into_owned())
                .collect()
        })
        .collect();
    let columns = header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (column, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if column + 1 < columns {
                    let pad = widths[column].saturating_sub(cell.width()) + 2;
                    line.push_str(&" ".repeat(pad));
                }
            }
            line.trim_end().to_owned()
        })
        .collect()
}

/// `text` cut to `max` characters, the cut marked with `…`.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// JSON text with every character past ASCII written as a `\u` escape: still the same JSON,
/// and no byte of it can be a terminal control, bidi override or invisible mark.
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() && c != '\u{7f}' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_stay_json_and_carry_no_control_or_bidi_character() {
        let text = "A\u{202e}B\u{1b}[2J\u{9b}é😀";
        let line = serde_json::to_string(&serde_json::json!({ "sku": text })).unwrap_or_default();
        let shown = ascii_json(&line);
        assert!(
            shown.is_ascii() && !shown.chars().any(|c| c.is_control()),
            "{shown}"
        );
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap_or_default();
        assert_eq!(back["sku"], text);
    }
}
