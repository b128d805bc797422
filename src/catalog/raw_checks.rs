//! Checks shared by every platform's raw editor: each names the key and shows the bad value.

use serde_json::Value;

/// A value as the user wrote it, cut short so one bad array cannot flood the message.
pub fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

pub fn text(key: &str, value: &Value) -> Result<(), String> {
    match value {
        Value::String(_) => Ok(()),
        other => Err(format!("`{key}` must be a text, not {}", shown(other))),
    }
}

pub fn non_empty_text(key: &str, value: &Value) -> Result<(), String> {
    match value {
        Value::String(name) if !name.trim().is_empty() => Ok(()),
        other => Err(format!(
            "`{key}` must be a non-empty text, not {}",
            shown(other)
        )),
    }
}
