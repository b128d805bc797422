//! UGAL answers read safely: well-formed XML or a typed error, and `<errors>` bodies with their codes.

use quick_xml::Reader;
use quick_xml::events::Event;
use reqwest::StatusCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::catalog::cscart::wire::html_title;
use crate::catalog::error::CatalogError;

const MAX_MESSAGE_CHARS: usize = 300;

pub fn malformed(status: u16, reason: &str) -> CatalogError {
    CatalogError::Malformed {
        status,
        reason: shorten(reason, MAX_MESSAGE_CHARS),
    }
}

/// Parses an XML document into `T`, or says in one short line why it is not the XML expected.
/// One pass reads it; only a document that pass refuses, or does not read to its end, is
/// walked again to say whether it is broken XML rather than the wrong XML.
pub fn parse_xml<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, CatalogError> {
    let text = xml_text(status, body)?;
    let mut deserializer = quick_xml::de::Deserializer::from_str(text);
    let read = T::deserialize(&mut deserializer);
    if read.is_ok() && deserializer.is_empty() {
        return read.map_err(|e| malformed(status, &format!("unexpected XML: {e}")));
    }
    well_formed(text).map_err(|reason| malformed(status, &format!("invalid XML: {reason}")))?;
    read.map_err(|e| malformed(status, &format!("unexpected XML: {e}")))
}

/// The body as text once it is known to be one complete, well-formed XML element.
fn document(status: u16, body: &[u8]) -> Result<&str, CatalogError> {
    let text = xml_text(status, body)?;
    well_formed(text).map_err(|reason| malformed(status, &format!("invalid XML: {reason}")))?;
    Ok(text)
}

/// The body as trimmed text, refused when it is empty, HTML, or does not open with markup.
fn xml_text(status: u16, body: &[u8]) -> Result<&str, CatalogError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| malformed(status, &format!("answer is not UTF-8: {e}")))?
        .trim_start_matches('\u{feff}')
        .trim();
    if text.is_empty() {
        return Err(malformed(status, "empty answer instead of XML"));
    }
    if let Some(reason) = html_reason(text) {
        return Err(malformed(status, &reason));
    }
    if !text.starts_with('<') {
        let first = text.lines().next().unwrap_or_default();
        return Err(malformed(
            status,
            &format!("not XML: {}", shorten(first, 80)),
        ));
    }
    Ok(text)
}

/// Walks the whole document so a truncated or unbalanced one is refused, not half read.
fn well_formed(text: &str) -> Result<(), String> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let position = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::Text(t)) if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(format!("text outside the root element at byte {position}"));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("{e} at byte {position}")),
        }
    }
    match (depth, roots) {
        (0, 1) => Ok(()),
        (0, 0) => Err("no element".to_owned()),
        (0, _) => Err("more than one root element".to_owned()),
        (open, _) => Err(format!("cut short with {open} element(s) left open")),
    }
}

fn html_reason(text: &str) -> Option<String> {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let is_html = ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|marker| head.contains(marker));
    is_html.then(|| match html_title(text) {
        Some(title) => format!("HTML page instead of XML: {title}"),
        None => "HTML page instead of XML".to_owned(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct XmlErrors {
    #[serde(default)]
    error: Vec<String>,
}

/// Every `<error>` of an error body, XML or JSON (`{"errors": [...]}`), trimmed, in order.
pub fn error_texts(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let texts = if trimmed.starts_with('<') {
        document(0, body)
            .ok()
            .and_then(|doc| quick_xml::de::from_str::<XmlErrors>(doc).ok())
            .map(|errors| errors.error)
            .unwrap_or_default()
    } else {
        json_errors(trimmed)
    };
    texts
        .into_iter()
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .collect()
}

fn json_errors(text: &str) -> Vec<String> {
    let Ok(parsed) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    match parsed.get("errors").or_else(|| parsed.get("error")) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// The code an error text starts with: `400.210` of `400.210 - Nominal price not present`.
pub fn error_code(text: &str) -> Option<String> {
    let (code, _) = text.split_once(" - ")?;
    let code = code.trim();
    let numeric = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    numeric.then(|| code.to_owned())
}

/// The error for a non-2xx answer: every `<error>` joined, the first code kept on a refusal.
pub fn error_for(status: u16, body: &[u8]) -> CatalogError {
    let errors = error_texts(body);
    let message = if errors.is_empty() {
        fallback_message(status, body)
    } else {
        shorten(&errors.join("; "), MAX_MESSAGE_CHARS)
    };
    match status {
        401 => CatalogError::Unauthorized { status, message },
        403 => CatalogError::Forbidden { status, message },
        404 => CatalogError::NotFound { message },
        400..=499 => CatalogError::Rejected {
            status,
            platform_code: errors.iter().find_map(|text| error_code(text)),
            message,
        },
        500..=599 => CatalogError::Server { status, message },
        _ => malformed(status, &format!("unexpected status: {message}")),
    }
}

/// An HTML page's title, the first line of other text, or the status's own reason.
fn fallback_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if let Some(reason) = html_reason(trimmed) {
        return reason;
    }
    match trimmed.lines().next() {
        Some(first) if !first.trim().is_empty() => shorten(first.trim(), 120),
        _ => StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("no message")
            .to_owned(),
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_the_front_of_each_error() {
        assert_eq!(
            error_code("400.210 - Nominal price not present").as_deref(),
            Some("400.210")
        );
        assert_eq!(error_code("401 - Unauthorized").as_deref(), Some("401"));
        assert_eq!(error_code("Something - else"), None);
        let json = br#"{"errors": ["400.203 - Item inventory invalid", "400.204 - x"]}"#;
        assert_eq!(error_texts(json).len(), 2);
    }

    /// The reading before the one pass: the whole walk first, then serde.
    fn walked_then_read(body: &str) -> Result<crate::catalog::ugal::wire::WireItems, String> {
        document(200, body.as_bytes())
            .and_then(|text| {
                quick_xml::de::from_str(text)
                    .map_err(|e| malformed(200, &format!("unexpected XML: {e}")))
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn one_pass_refuses_what_the_walk_refused_with_the_same_words() {
        let item = "<item><reference>911</reference><inventory>3</inventory></item>";
        let documents = [
            format!("<items>{item}{item}</items>"),
            format!("<?xml version=\"1.0\"?>\n<!-- list --><items>{item}</items><!-- end -->"),
            format!("<!DOCTYPE items><items>{item}</items>"),
            "<items/>".to_owned(),
            "<items></items>".to_owned(),
            format!("<items>{item}"),
            format!("<items>{item}</items"),
            "<items><item><reference>911".to_owned(),
            format!("<items>{item}</items><items></items>"),
            format!("<items>{item}</items>trailing"),
            format!("text first<items>{item}</items>"),
            format!("<items>{item}</item></items>"),
            format!("</items><items>{item}</items>"),
            format!("<items>{item}</items></items>"),
            "<items><item><reference>&bogus;</reference></item></items>".to_owned(),
            "<items><item><reference><![CDATA[9<1]]></reference></item></items>".to_owned(),
            "<items><item reference=\"1></item></items>".to_owned(),
            "<items><item><reference>1</reference><!-- cut".to_owned(),
            "<items><?pi x?><item><reference>7</reference></item></items>".to_owned(),
            "<a><b></a></b>".to_owned(),
            "<items><inventory>5</inventory></items>".to_owned(),
            "<errors><error>400.1 - no</error></errors>".to_owned(),
            "\u{feff}<items></items>".to_owned(),
            "not xml".to_owned(),
            String::new(),
        ];
        for document in &documents {
            let one_pass =
                parse_xml::<crate::catalog::ugal::wire::WireItems>(200, document.as_bytes())
                    .map_err(|e| e.to_string());
            assert_eq!(one_pass, walked_then_read(document), "{document}");
        }
    }

    #[test]
    fn incomplete_documents_are_refused() {
        assert!(well_formed("<items><item><reference>911").is_err());
        assert!(well_formed("<items></items>").is_ok());
        assert!(well_formed("<a/><b/>").is_err());
        assert!(well_formed("<a></b>").is_err());
    }
}
