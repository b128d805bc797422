//! Exact token lists for typical lines, and coverage and boundaries over odd ones.

use super::Token::{
    Attribute, AttributeValue, Comment, Key, Literal, Number, Plain, Punctuation, Tag, Text,
};
use super::*;

/// The tokens as (text, kind) pairs, easier to read than ranges.
fn spans(line: &str, tokens: &Tokens) -> Vec<(String, Token)> {
    tokens
        .iter()
        .map(|(range, token)| (line[range.clone()].to_owned(), *token))
        .collect()
}

fn json(line: &str) -> Vec<(String, Token)> {
    spans(line, &json_line(line))
}

fn xml(line: &str) -> Vec<(String, Token)> {
    spans(line, &xml_line(line))
}

fn s(pairs: &[(&str, Token)]) -> Vec<(String, Token)> {
    pairs.iter().map(|(t, k)| (t.to_string(), *k)).collect()
}

#[test]
fn json_key_and_string() {
    assert_eq!(
        json_line(r#"  "name": "x","#),
        vec![
            (0..2, Plain),
            (2..8, Key),
            (8..9, Punctuation),
            (9..10, Plain),
            (10..13, Token::String),
            (13..14, Punctuation),
        ]
    );
}

#[test]
fn json_numbers_literals_and_brackets() {
    assert_eq!(
        json(r#"    "price": -12.5e+3, "ok" : true, "n": null, "f": false, "a": [1, {}]"#),
        s(&[
            ("    ", Plain),
            ("\"price\"", Key),
            (":", Punctuation),
            (" ", Plain),
            ("-12.5e+3", Number),
            (",", Punctuation),
            (" ", Plain),
            ("\"ok\"", Key),
            (" ", Plain),
            (":", Punctuation),
            (" ", Plain),
            ("true", Literal),
            (",", Punctuation),
            (" ", Plain),
            ("\"n\"", Key),
            (":", Punctuation),
            (" ", Plain),
            ("null", Literal),
            (",", Punctuation),
            (" ", Plain),
            ("\"f\"", Key),
            (":", Punctuation),
            (" ", Plain),
            ("false", Literal),
            (",", Punctuation),
            (" ", Plain),
            ("\"a\"", Key),
            (":", Punctuation),
            (" ", Plain),
            ("[", Punctuation),
            ("1", Number),
            (",", Punctuation),
            (" ", Plain),
            ("{", Punctuation),
            ("}", Punctuation),
            ("]", Punctuation),
        ])
    );
}

#[test]
fn json_escaped_quotes_stay_inside_the_string() {
    assert_eq!(
        json(r#""say \"hi\": ok\\": "é\"""#),
        s(&[
            (r#""say \"hi\": ok\\""#, Key),
            (":", Punctuation),
            (" ", Plain),
            (r#""é\"""#, Token::String),
        ])
    );
}

#[test]
fn json_line_cut_mid_string_is_still_covered() {
    assert_eq!(
        json(r#"rest of a string", "k": 1"#),
        s(&[
            ("rest of a string", Plain),
            ("\", \"", Token::String),
            ("k", Plain),
            ("\": 1", Token::String),
        ])
    );
    assert_eq!(
        json(r#"  "unterminated"#),
        s(&[("  ", Plain), (r#""unterminated"#, Token::String)])
    );
    assert_eq!(json("äöü tru"), s(&[("äöü tru", Plain)]));
}

#[test]
fn xml_tags_attributes_and_text() {
    assert_eq!(
        xml(r#"  <price currency="eur" vat='yes'>9400.00</price>"#),
        s(&[
            ("  ", Text),
            ("<price", Tag),
            (" ", Plain),
            ("currency", Attribute),
            ("=", Punctuation),
            ("\"eur\"", AttributeValue),
            (" ", Plain),
            ("vat", Attribute),
            ("=", Punctuation),
            ("'yes'", AttributeValue),
            (">", Tag),
            ("9400.00", Text),
            ("</price", Tag),
            (">", Tag),
        ])
    );
}

#[test]
fn xml_declaration_comment_empty_element_and_cdata() {
    assert_eq!(
        xml(r#"<?xml version="1.0"?><!-- a <b> --><c/><![CDATA[x<y]]>"#),
        s(&[
            ("<?xml", Tag),
            (" ", Plain),
            ("version", Attribute),
            ("=", Punctuation),
            ("\"1.0\"", AttributeValue),
            ("?>", Tag),
            ("<!-- a <b> -->", Comment),
            ("<c", Tag),
            ("/>", Tag),
            ("<![CDATA[x<y]]>", Text),
        ])
    );
    assert_eq!(xml("<!DOCTYPE note>"), s(&[("<!DOCTYPE note>", Tag)]));
}

#[test]
fn xml_unterminated_pieces_run_to_the_end_of_the_line() {
    assert_eq!(
        xml(r#"<a href="x"#),
        s(&[
            ("<a", Tag),
            (" ", Plain),
            ("href", Attribute),
            ("=", Punctuation),
            ("\"x", AttributeValue)
        ])
    );
    assert_eq!(
        xml("<!-- never closed"),
        s(&[("<!-- never closed", Comment)])
    );
    assert_eq!(
        xml("<a <b>"),
        s(&[("<a", Tag), (" ", Plain), ("<b", Tag), (">", Tag)])
    );
    assert_eq!(xml("text only é"), s(&[("text only é", Text)]));
}

/// Every byte covered once, in order, each range non-empty and on character boundaries.
fn assert_well_formed(line: &str, tokens: &Tokens) {
    let mut at = 0;
    for (range, _) in tokens {
        assert_eq!(range.start, at, "gap or overlap in {line:?}: {tokens:?}");
        assert!(
            range.end > range.start,
            "empty range in {line:?}: {tokens:?}"
        );
        assert!(
            line.is_char_boundary(range.start) && line.is_char_boundary(range.end),
            "{line:?}: {tokens:?}"
        );
        at = range.end;
    }
    assert_eq!(at, line.len(), "{line:?}: {tokens:?}");
}

#[test]
fn odd_lines_are_covered_on_char_boundaries() {
    let pieces = [
        "\"",
        "\\",
        "\\\"",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        " ",
        "-",
        "1",
        "e",
        "true",
        "nul",
        "<",
        ">",
        "</",
        "/>",
        "<?",
        "?>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "=",
        "'",
        "é",
        "日本",
        "🦀",
        "\u{301}",
        "\t",
        "a",
    ];
    let mut rng = fastrand::Rng::with_seed(42);
    for _ in 0..5_000 {
        let line: String = (0..rng.usize(0..30))
            .map(|_| pieces[rng.usize(..pieces.len())])
            .collect();
        assert_well_formed(&line, &json_line(&line));
        assert_well_formed(&line, &xml_line(&line));
    }
    for _ in 0..5_000 {
        let bytes: Vec<u8> = (0..rng.usize(0..40)).map(|_| rng.u8(..)).collect();
        let line = String::from_utf8_lossy(&bytes).into_owned();
        assert_well_formed(&line, &json_line(&line));
        assert_well_formed(&line, &xml_line(&line));
    }
    assert!(json_line("").is_empty() && xml_line("").is_empty());
}
