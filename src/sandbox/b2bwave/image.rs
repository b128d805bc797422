//! The main image sent as base64 with a create or update: decoded, checked, stored.

use base64::Engine;
use serde_json::{Map, Value};

use super::edit::Errors;
use super::product::{Image, Product};

/// Decoded images above this are refused.
const MAX_BYTES: usize = 10 * 1024 * 1024;
const KEYS: [&str; 3] = ["image_file_name", "image_content_type", "image_data"];

/// The content types accepted, each with the signature its bytes must start with.
fn sniff(content_type: &str, bytes: &[u8]) -> Option<bool> {
    let ok = match content_type {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => bytes.starts_with(b"\xff\xd8\xff"),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        _ => return None,
    };
    Some(ok)
}

/// Base64, standard alphabet; line breaks and a `data:...;base64,` prefix are tolerated.
fn decode(data: &str) -> Option<Vec<u8>> {
    let data = match data.split_once(";base64,") {
        Some((prefix, rest)) if prefix.starts_with("data:") => rest,
        _ => data,
    };
    let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

/// Like Paperclip: the base name, with anything but letters, digits, `.`, `-` and `_` as `_`.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    base.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn string<'a>(fields: &'a Map<String, Value>, key: &str, errors: &mut Errors) -> Option<&'a str> {
    match fields.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::String(_) | Value::Null) | None => {
            errors.add(key, "can't be blank");
            None
        }
        Some(_) => {
            errors.add(key, "is invalid");
            None
        }
    }
}

/// judgment: the three image fields go together; sending any one (not null) requires all three.
pub fn apply(
    p: &mut Product,
    fields: &Map<String, Value>,
    errors: &mut Errors,
    now: u64,
    app_code: &str,
) {
    if KEYS
        .iter()
        .all(|k| fields.get(*k).is_none_or(Value::is_null))
    {
        return;
    }
    let name = string(fields, "image_file_name", errors).map(clean_name);
    let content_type =
        string(fields, "image_content_type", errors).map(|t| t.trim().to_ascii_lowercase());
    let data = string(fields, "image_data", errors);
    if let Some(t) = &content_type
        && sniff(t, &[]).is_none()
    {
        errors.add("image_content_type", "is invalid");
    }
    let bytes = data.and_then(|d| {
        let bytes = decode(d);
        if bytes.is_none() {
            errors.add("image_data", "is not valid base64");
        }
        bytes
    });
    let (Some(name), Some(content_type), Some(bytes)) = (name, content_type, bytes) else {
        return;
    };
    if bytes.len() > MAX_BYTES {
        errors.add("image_data", "must be less than 10 MB");
        return;
    }
    if sniff(&content_type, &bytes) == Some(false) {
        errors.add(
            "image_data",
            "has contents that are not what they are reported to be",
        );
        return;
    }
    if !errors.is_empty() {
        return;
    }
    let secs = now / 1000;
    p.image_url = Some(format!(
        "https://images.b2bwave.example/uploads/{app_code}/products/images/{}/original_{name}?{secs}",
        p.id
    ));
    p.image = Some(Image {
        file_name: name,
        content_type,
        file_size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        updated_at: now,
    });
}
