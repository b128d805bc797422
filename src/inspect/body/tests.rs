//! Body formatting against the saved API examples and against broken, huge and odd bodies.

use super::*;

/// A documented example copied into `tests/fixtures/`, without its final newline.
fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    text.trim_end_matches('\n').to_owned()
}

fn cscart_list() -> String {
    fixture("cscart/products-list.json")
}

#[test]
fn cscart_example_is_pretty_json_like_serde_would_print_it() {
    let text = cscart_list();
    let body = format(text.as_bytes(), Some("application/json; charset=utf-8"));
    assert_eq!(body.kind, BodyKind::Json);
    assert_eq!(body.note, None);
    assert!(body.highlight);
    assert_eq!(body.bytes, text.len());
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let expected = serde_json::to_string_pretty(&value).unwrap();
    assert_eq!(body.lines.join("\n"), expected);
    assert_eq!(body.lines[0], "{");
    assert_eq!(body.lines[1], "  \"products\": [");
}

#[test]
fn json_keeps_numbers_and_escapes_as_sent() {
    let body = format(
        br#"{"price":9400.00,"big":123456789012345678901234,"s":"caf\u00e9","e":[],"o":{ }}"#,
        None,
    );
    assert_eq!(body.kind, BodyKind::Json);
    assert_eq!(
        body.lines,
        [
            "{",
            "  \"price\": 9400.00,",
            "  \"big\": 123456789012345678901234,",
            "  \"s\": \"caf\\u00e9\",",
            "  \"e\": [],",
            "  \"o\": {}",
            "}"
        ]
    );
}

#[test]
fn json_is_sniffed_without_a_content_type_or_behind_text_plain() {
    for ct in [None, Some("text/plain"), Some("text/html; charset=UTF-8")] {
        let body = format(b"  [1, 2]", ct);
        assert_eq!(body.kind, BodyKind::Json, "{ct:?}");
        assert_eq!(body.lines, ["[", "  1,", "  2", "]"]);
    }
}

#[test]
fn truncated_json_is_text_with_the_parse_error() {
    let text = cscart_list();
    let cut = &text[..text.len() / 2];
    let body = format(cut.as_bytes(), Some("application/json"));
    assert_eq!(body.kind, BodyKind::Text);
    let note = body.note.unwrap();
    assert!(
        note.starts_with("not valid JSON: EOF while parsing"),
        "{note}"
    );
    assert!(
        note.contains(" line ") && note.contains(" column "),
        "{note}"
    );
    assert!(note.ends_with(" — shown as received"), "{note}");
    assert_eq!(body.lines, cut.lines().collect::<Vec<_>>());
}

#[test]
fn ugal_examples_are_pretty_xml() {
    let examples: Vec<String> = ["items", "item", "put-body", "put-response"]
        .iter()
        .map(|name| fixture(&format!("ugal/{name}.xml")))
        .collect();
    for example in &examples {
        let body = format(example.as_bytes(), Some("application/xml"));
        assert_eq!(body.kind, BodyKind::Xml, "{example}\n{:?}", body.note);
        assert_eq!(body.note, None);
    }
    let body = format(examples[2].as_bytes(), None);
    assert_eq!(body.kind, BodyKind::Xml);
    assert_eq!(
        body.lines,
        [
            "<item>",
            "  <inventory>2</inventory>",
            "  <prices>",
            "    <price>",
            "      <pricelist>default</pricelist>",
            "      <quantity>1</quantity>",
            "      <amount>9200.00</amount>",
            "    </price>",
            "  </prices>",
            "</item>",
        ]
    );
    // The list example has text ("{...}") beside elements: it gets a line of its own.
    let list = format(examples[0].as_bytes(), Some("text/xml"));
    let tail = &list.lines[list.lines.len() - 3..];
    assert_eq!(tail, ["  </item>", "  {...}", "</items>"]);
}

#[test]
fn xml_keeps_declaration_comments_entities_and_attributes() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- list -->\n<a x=\"1\">\n  <b>Fish &amp; chips</b><c/>\n</a>\n";
    let body = format(text.as_bytes(), None);
    assert_eq!(body.kind, BodyKind::Xml, "{:?}", body.note);
    assert_eq!(
        body.lines,
        [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<!-- list -->",
            "<a x=\"1\">",
            "  <b>Fish &amp; chips</b>",
            "  <c/>",
            "</a>",
        ]
    );
}

#[test]
fn broken_xml_is_text_with_the_error_and_position() {
    for (text, wanted) in [
        ("<items><item>1</items>", "at byte"),
        (
            "<items><item>1</item>",
            "element <items> is never closed at byte 21",
        ),
        ("<items><item a=1>", "at byte 7 "),
    ] {
        let body = format(text.as_bytes(), Some("application/xml"));
        assert_eq!(body.kind, BodyKind::Text, "{text}");
        let note = body.note.unwrap();
        assert!(note.starts_with("not valid XML: "), "{note}");
        assert!(note.contains(wanted), "{note}");
        assert!(note.ends_with(" — shown as received"), "{note}");
        assert_eq!(body.lines, [text]);
    }
}

#[test]
fn html_error_page_is_text_with_a_note() {
    let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502</h1></body></html>\n";
    for ct in [None, Some("text/html")] {
        let body = format(page.as_bytes(), ct);
        assert_eq!(body.kind, BodyKind::Text);
        assert_eq!(body.note.as_deref(), Some("HTML page"));
        assert_eq!(body.lines.len(), 3);
    }
    let body = format(b"<html><body>oops</body></html>", None);
    assert_eq!(body.note.as_deref(), Some("HTML page"));
    let body = format(b"<head></head>", Some("text/html"));
    assert_eq!(body.note.as_deref(), Some("HTML page"));
}

#[test]
fn invalid_utf8_is_binary_with_replacement_characters() {
    let body = format(b"ok \xff\xfe then\nmore", Some("application/json"));
    assert_eq!(body.kind, BodyKind::Binary);
    assert_eq!(body.lines, ["ok \u{FFFD}\u{FFFD} then", "more"]);
    assert_eq!(
        body.note.as_deref(),
        Some("not UTF-8: shown with \u{FFFD} for undecodable bytes")
    );
}

#[test]
fn empty_body_has_no_lines() {
    let body = format(b"", Some("application/json"));
    assert_eq!(body.kind, BodyKind::Empty);
    assert!(body.lines.is_empty());
    assert_eq!((body.note, body.bytes), (None, 0));
}

#[test]
fn plain_text_is_text_without_a_note() {
    let body = format(b"Not Found\r\n", None);
    assert_eq!((body.kind, body.note), (BodyKind::Text, None));
    assert_eq!(body.lines, ["Not Found"]);
}

fn generated_json(min_bytes: usize) -> String {
    let mut text = String::from("{\"products\":[");
    let mut i = 0;
    while text.len() < min_bytes {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{\"product_id\":\"{i}\",\"product\":\"Item {i} — ünïcode\",\"price\":\"{i}.50\",\"amount\":{i},\"status\":\"A\",\"tags\":[\"a\",\"b\"],\"active\":true,\"parent\":null}}"
        ));
        i += 1;
    }
    text.push_str("]}");
    text
}

#[test]
fn three_megabytes_of_json_are_pretty_but_not_highlighted() {
    let text = generated_json(3_000_000);
    let body = format(text.as_bytes(), Some("application/json"));
    assert_eq!(body.kind, BodyKind::Json);
    assert!(!body.highlight);
    assert_eq!(
        body.note,
        Some(format!("{}: shown without highlighting", size(text.len())))
    );
    assert!(body.note.as_deref().unwrap().starts_with("3.0 MB"));
    assert_eq!(body.lines[2], "    {");
    assert_eq!(body.lines[3], "      \"product_id\": \"0\",");
}

#[test]
fn a_megabyte_on_one_line_is_cut_into_display_lines() {
    let line = "é".repeat(300_000) + &"x".repeat(500_000);
    let body = format(line.as_bytes(), None);
    assert_eq!(body.kind, BodyKind::Text);
    assert!(!body.highlight);
    assert_eq!(body.lines.len(), 400);
    assert!(
        body.lines
            .iter()
            .all(|l| l.chars().count() == MAX_LINE_CHARS)
    );
    assert_eq!(body.lines.concat(), line);
    assert_eq!(
        body.note.as_deref(),
        Some(
            "1.1 MB: shown without highlighting; lines longer than 2,000 characters are cut into several"
        )
    );
}

#[test]
fn a_long_json_string_is_cut_too() {
    let text = format!("{{\"a\":\"{}\"}}", "z".repeat(4_500));
    let body = format(text.as_bytes(), None);
    assert_eq!(body.kind, BodyKind::Json);
    assert_eq!(body.lines.len(), 5);
    assert!(body.note.unwrap().contains("cut"));
    assert!(body.highlight);
}

#[test]
fn odd_inputs_never_panic() {
    let mut rng = fastrand::Rng::with_seed(7);
    let pieces: [&[u8]; 14] = [
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"",
        b"\\",
        b"<",
        b">",
        b"</a",
        b"<?xml",
        b"&amp;",
        "é".as_bytes(),
        b"\xff",
        b" ",
    ];
    for _ in 0..2_000 {
        let mut body = Vec::new();
        for _ in 0..rng.usize(0..40) {
            body.extend_from_slice(pieces[rng.usize(..pieces.len())]);
        }
        let cts = [
            None,
            Some("application/json"),
            Some("text/xml"),
            Some("text/html"),
        ];
        let formatted = format(&body, cts[rng.usize(..cts.len())]);
        assert_eq!(formatted.bytes, body.len());
    }
}

#[test]
fn sizes_read_naturally() {
    assert_eq!(size(300), "300 B");
    assert_eq!(size(812_400), "812 kB");
    assert_eq!(size(5_242_880), "5.2 MB");
    assert_eq!(thousands(2_000), "2,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

/// Found by tests/it/proptest_wire.rs: indentation grew with the square of the depth, so 20 kB
/// of `[` took seconds and hundreds of megabytes.
#[test]
fn deep_nesting_is_shown_as_received() {
    let depth = 10_000;
    for (body, kind) in [
        (
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            BodyKind::Json,
        ),
        (
            format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth)),
            BodyKind::Text,
        ),
    ] {
        let formatted = format(body.as_bytes(), None);
        assert_eq!(formatted.kind, kind);
        assert!(
            formatted
                .note
                .as_deref()
                .is_some_and(|note| note.contains("nested deeper than 256 levels")),
            "{:?}",
            formatted.note
        );
        let shown: usize = formatted.lines.iter().map(String::len).sum();
        assert_eq!(shown, body.len());
    }
    let shallow = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(format(shallow.as_bytes(), None).note, None);
}
