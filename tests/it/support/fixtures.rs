//! The platforms' documented examples, copied into `tests/fixtures/` so a clone tests alone.

use serde_json::Value;

/// The text of `tests/fixtures/<name>`, without its final newline.
pub fn text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

/// The JSON example `tests/fixtures/<name>`, parsed.
pub fn json(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}
