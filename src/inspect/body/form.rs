//! A URL-encoded form body made readable: its fields decoded and shown as a JSON object, a
//! field that holds JSON (Valigara's `data=`) nested as JSON.

use super::{FormattedBody, format};

const FORM: &str = "application/x-www-form-urlencoded";

/// The form's fields in order, decoded (`+` and `%XX`), when the body is a form: declared so,
/// or, with no content type, text of `name=value` pairs and nothing else.
pub fn fields(body: &[u8], content_type: Option<&str>) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(body).ok()?;
    let declared = content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case(FORM));
    if !declared && (content_type.is_some() || !looks_like_a_form(text)) {
        return None;
    }
    let pairs = text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    Some(pairs)
}

/// The value of the first field called `name`, when the body is a form.
pub fn field(body: &[u8], content_type: Option<&str>, name: &str) -> Option<String> {
    fields(body, content_type)?
        .into_iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// The form as pretty JSON, `None` when the body is not a form.
pub fn pretty(body: &[u8], content_type: Option<&str>) -> Option<FormattedBody> {
    let fields = fields(body, content_type)?;
    let members: Vec<String> = fields
        .iter()
        .map(|(name, value)| {
            let trimmed = value.trim_start();
            let nested = (trimmed.starts_with('{') || trimmed.starts_with('['))
                && serde_json::from_str::<serde::de::IgnoredAny>(value).is_ok();
            let value = if nested { value.clone() } else { quoted(value) };
            format!("{}:{value}", quoted(name))
        })
        .collect();
    let json = format!("{{{}}}", members.join(","));
    let mut formatted = format(json.as_bytes(), Some("application/json"));
    formatted.bytes = body.len();
    let note = "form fields, decoded";
    formatted.note = Some(match formatted.note.take() {
        Some(other) => format!("{note}; {other}"),
        None => note.to_owned(),
    });
    Some(formatted)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn looks_like_a_form(text: &str) -> bool {
    !text.is_empty()
        && !text.contains(char::is_whitespace)
        && text.split('&').all(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| !name.is_empty())
        })
}

/// `+` as a space and `%XX` as its byte; a stray `%` stays as it is.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                out.push(b);
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valigara_form_reads_as_json_with_its_data_nested() {
        let body = b"action=product_export&auth=%5BREDACTED%5D&data=%7B%22id%22%3A%5B1%2C2%5D%2C%22x%22%3A9.50%7D";
        let shown = pretty(body, Some(FORM)).expect("a form");
        assert_eq!(
            shown.lines.join("\n"),
            "{\n  \"action\": \"product_export\",\n  \"auth\": \"[REDACTED]\",\n  \"data\": {\n    \"id\": [\n      1,\n      2\n    ],\n    \"x\": 9.50\n  }\n}"
        );
        assert_eq!(
            field(body, Some(FORM), "action").as_deref(),
            Some("product_export")
        );
    }

    #[test]
    fn only_forms_are_read_as_forms() {
        assert!(fields(b"{\"a\":1}", Some("application/json")).is_none());
        assert!(fields(b"hello world", None).is_none());
        assert_eq!(
            fields(b"q=a+b%20c&n=%zz", None),
            Some(vec![
                ("q".into(), "a b c".into()),
                ("n".into(), "%zz".into())
            ])
        );
        let text = pretty(b"data=not%20json", Some(FORM)).expect("a form");
        assert!(
            text.lines
                .iter()
                .any(|l| l.contains("\"data\": \"not json\""))
        );
    }
}
