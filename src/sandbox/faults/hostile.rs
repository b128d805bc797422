//! Hostile product data: the store's real answer with terminal escapes, bidi overrides and
//! very long strings put into the names, SKUs and descriptions of about one product in four.
//!
//! judgment: the answer is rewritten, not the store, so clearing the fault brings the data
//! back. A product is picked by a hash of its id (UGAL XML: of its label), so a list and a
//! read of one product agree. Keys that name a product in a write (ids, UGAL references)
//! are never touched; a SKU rewritten here is not the one the store holds.

use quick_xml::escape::escape;
use serde_json::{Map, Value};

const NAMES: &[&str] = &["product", "name", "title", "label"];
const SKUS: &[&str] = &["product_code", "code", "sku"];
const DESCRIPTIONS: &[&str] = &["full_description", "short_description", "description"];
const IDS: &[&str] = &["product_id", "id", "reference"];

/// CSI clear screen and cursor home, SGR red and blink, OSC 0 window title, OSC 52 clipboard
/// write (`rm -rf ~` in base64), then SGR reset.
const ESCAPES_BEFORE: &str = "\u{1b}[2J\u{1b}[H\u{1b}[31;5m";
const ESCAPES_AFTER: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[10A\u{1b}[0m";
/// Right-to-left override, then left-to-right isolate: "gpj.exe" draws as "exe.jpg".
const BIDI: &str = "\u{202e}gpj.exe\u{202c}\u{2066}\u{2067}";
const LONG: usize = 12_000;

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Which hostile variant, if any, this product gets.
fn variant(key: &str) -> Option<u64> {
    let hash = fnv(key);
    hash.is_multiple_of(4).then_some((hash / 4) % 3)
}

fn name(original: &str, variant: u64) -> String {
    match variant {
        0 => format!("{ESCAPES_BEFORE}{original}{ESCAPES_AFTER}"),
        1 => format!("{original} {BIDI}"),
        _ => format!("{original} {}", "W".repeat(LONG)),
    }
}

fn sku(original: &str, variant: u64) -> String {
    match variant {
        0 => format!("{original}\u{1b}[1A\u{1b}[2K"),
        1 => format!("\u{202e}{original}"),
        _ => format!("{original}-{}", "9".repeat(LONG)),
    }
}

fn description(original: &str, variant: u64) -> String {
    match variant {
        0 => {
            format!("\u{1b}]8;;https://evil.example/\u{7}{original}\u{1b}]8;;\u{7}{ESCAPES_AFTER}")
        }
        1 => format!("{BIDI} {original}"),
        _ => format!("{original} {}", "lorem ipsum ".repeat(LONG / 12 + 1)),
    }
}

/// The JSON answer with some products made hostile; `None` when it is not JSON.
pub fn json(body: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    walk(&mut value);
    serde_json::to_vec(&value).ok()
}

fn walk(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(walk),
        Value::Object(map) => {
            poison(map);
            map.values_mut().for_each(walk);
        }
        _ => {}
    }
}

/// Makes a hostile string from the original and the variant.
type Make = fn(&str, u64) -> String;

fn poison(map: &mut Map<String, Value>) {
    let has_name = NAMES
        .iter()
        .any(|k| map.get(*k).is_some_and(Value::is_string));
    let Some(key) = IDS.iter().find_map(|k| match map.get(*k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }) else {
        return;
    };
    let Some(variant) = variant(&key).filter(|_| has_name) else {
        return;
    };
    let fields: [(&[&str], Make); 3] = [(NAMES, name), (SKUS, sku), (DESCRIPTIONS, description)];
    for (keys, make) in fields {
        for key in keys {
            if let Some(Value::String(text)) = map.get_mut(*key) {
                *text = make(text, variant);
            }
        }
    }
}

/// The XML answer with some items' labels made hostile (UGAL items carry no SKU but their
/// reference, and no description). The escapes go in raw, as a careless server writes
/// them: XML 1.0 forbids them, which a strict parser may say.
pub fn xml(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    let (open, close) = ("<label>", "</label>");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let (before, after) = rest.split_at(start + open.len());
        out.push_str(before);
        let Some(end) = after.find(close) else {
            rest = after;
            break;
        };
        let (label, tail) = after.split_at(end);
        match variant(label) {
            Some(v) => out.push_str(&escape(name(&unescaped(label), v).as_str())),
            None => out.push_str(label),
        }
        rest = tail;
    }
    out.push_str(rest);
    Some(out.into_bytes())
}

fn unescaped(text: &str) -> String {
    quick_xml::escape::unescape(text)
        .map(|t| t.into_owned())
        .unwrap_or_else(|_| text.to_string())
}
