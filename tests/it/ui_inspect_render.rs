//! Render tests for the inspector: the request ledger, an exchange in full, search, copy, help.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use stockroom::app::state::{BodySearch, Inspector, OpenExchange, Section, State};
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::ratelimit::RateLimit;
use stockroom::inspect::body::{BodyKind, FormattedBody};
use stockroom::theme::Styles;
use stockroom::ui;

use super::ui_render::{HOSTILE, find, render, render_with, state, text};

/// 2024-03-01 09:41:07 UTC.
const MORNING: u64 = 1_709_286_067;

fn at(millis: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(MORNING * 1000 + millis)
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn get(seq: u64, path: &str) -> Exchange {
    Exchange {
        seq,
        started_at: at(seq * 1_250),
        method: "GET".into(),
        url: format!("http://127.0.0.1:8080{path}"),
        path: path.into(),
        request_headers: headers(&[
            ("accept", "application/json"),
            ("authorization", "Basic [redacted]"),
        ]),
        request_body: None,
        status: Some(200),
        response_headers: headers(&[("content-type", "application/json")]),
        response_body: Default::default(),
        latency: Duration::from_millis(84),
        debug_id: None,
        rate_limit: None,
        platform_status: None,
        error: None,
    }
}

/// The products page as the formatter would show it: pretty JSON, one entry per line.
fn products_json() -> Vec<String> {
    let mut lines = vec!["{".to_string(), "  \"products\": [".to_string()];
    let names = ["100g Pants", "Wireless Mouse", "Desk Lamp", "Ceramic Mug"];
    for (index, name) in names.iter().enumerate() {
        lines.extend([
            "    {".to_string(),
            format!("      \"product_id\": \"{}\",", 240 + index),
            format!("      \"product\": \"{name}\","),
            format!("      \"product_code\": \"U00{}O5AF{index}\",", 10 + index),
            "      \"status\": \"A\",".to_string(),
            format!("      \"price\": \"{}.00\",", 5 + index * 13),
            format!("      \"amount\": {},", index * 37),
            "      \"list_price\": null,".to_string(),
            "      \"is_edp\": false".to_string(),
            if index + 1 < names.len() {
                "    },"
            } else {
                "    }"
            }
            .to_string(),
        ]);
    }
    lines.extend(
        [
            "  ],",
            "  \"params\": {",
            "    \"page\": 3,",
            "    \"items_per_page\": 25,",
            "    \"total_items\": \"247\"",
            "  }",
            "}",
        ]
        .map(String::from),
    );
    lines
}

const ITEM_XML: [&str; 19] = [
    "<item>",
    "  <reference>911-red</reference>",
    "  <status>online</status>",
    "  <label>Red</label>",
    "  <inventory>1</inventory>",
    "  <vatrate>0.1960</vatrate>",
    "  <product>",
    "    <id>2786</id>",
    "    <title>Porsche 911</title>",
    "    <url>http://sitename.ugal.com/cars/porsche-911</url>",
    "  </product>",
    "  <prices>",
    "    <price currency=\"eur\">",
    "      <pricelist>default</pricelist>",
    "      <quantity>1</quantity>",
    "      <amount>9400.00</amount>",
    "    </price>",
    "  </prices>",
    "</item>",
];

const BAD_GATEWAY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// Six exchanges, oldest first: a page of products, a rejected write, a timeout, an XML item,
/// a gateway error page and an answer carrying terminal escapes.
fn exchanges() -> Vec<Exchange> {
    let page = get(11, "/api/products?page=3&items_per_page=25");
    let page = Exchange {
        response_headers: headers(&[
            ("content-type", "application/json"),
            ("x-debug-uid", "7f3a9c2e41d84b0b9a6f55e1"),
            ("x-ratelimit-limit", "4"),
            ("x-ratelimit-remaining", "3"),
            ("x-ratelimit-reset", "900"),
        ]),
        response_body: products_json().join("\n").into(),
        debug_id: Some("7f3a9c2e41d84b0b9a6f55e1".into()),
        rate_limit: Some(RateLimit {
            limit: Some(4),
            remaining: Some(3),
            reset: Some(Duration::from_secs(900)),
            retry_after: None,
        }),
        ..page
    };
    let put = Exchange {
        method: "PUT".into(),
        request_headers: headers(&[
            ("content-type", "application/json"),
            ("authorization", "Basic [redacted]"),
        ]),
        request_body: Some(r#"{"amount":5,"price":"12,50"}"#.into()),
        status: Some(400),
        response_body: r#"{"message":"Price must be a number","code":"invalid_price"}"#.into(),
        latency: Duration::from_millis(131),
        debug_id: Some("c41d0e27".into()),
        platform_status: Some("invalid_price".into()),
        ..get(12, "/api/products/244")
    };
    let timeout = Exchange {
        status: None,
        response_headers: Vec::new(),
        latency: Duration::from_millis(30_000),
        error: Some("timed out after 30 s".into()),
        ..get(13, "/api/products/245")
    };
    let xml = Exchange {
        url: "https://shop.ugal.com/api/v1/items/911-red.xml".into(),
        response_headers: headers(&[("content-type", "application/xml")]),
        response_body: ITEM_XML.join("").into(),
        latency: Duration::from_millis(212),
        debug_id: Some("req-ugal-5521-0c9a-44d1-b3e0-91fe".into()),
        ..get(14, "/api/v1/items/911-red.xml")
    };
    let gateway = Exchange {
        status: Some(502),
        response_headers: headers(&[("content-type", "text/html"), ("server", "nginx")]),
        response_body: BAD_GATEWAY.into(),
        latency: Duration::from_millis(1_204),
        ..get(15, "/api/products?page=4&items_per_page=25")
    };
    let hostile = Exchange {
        response_headers: headers(&[("x-note", HOSTILE)]),
        response_body: format!("{{\"product\":\"{HOSTILE}\"}}").into(),
        debug_id: Some(format!("id{HOSTILE}")),
        platform_status: Some("ok\u{202e}".into()),
        ..get(16, "/api/products/246?q=\u{1b}[2J")
    };
    vec![page, put, timeout, xml, gateway, hostile]
}

fn formatted(kind: BodyKind, lines: Vec<String>, note: Option<&str>) -> Arc<FormattedBody> {
    let bytes = lines.iter().map(|l| l.len() + 1).sum();
    Arc::new(FormattedBody {
        kind,
        lines,
        note: note.map(String::from),
        highlight: matches!(kind, BodyKind::Json | BodyKind::Xml),
        bytes,
    })
}

fn lines(text: &[&str]) -> Vec<String> {
    text.iter().map(|l| l.to_string()).collect()
}

/// The main fixture with the ledger open, the second row selected.
fn ledger_state() -> State {
    let mut state = state();
    state.ledger.clear();
    for exchange in exchanges() {
        state.ledger.push_front(exchange);
    }
    state.inspector = Some(Inspector {
        selected: 1,
        ..Inspector::default()
    });
    state
}

/// Exchange `seq` open on `section`, its bodies formatted as the formatter would.
fn opened(seq: u64, section: Section) -> State {
    let mut state = ledger_state();
    let (request_body, response_body) = match seq {
        11 => (None, Some(formatted(BodyKind::Json, products_json(), None))),
        12 => (
            Some(formatted(
                BodyKind::Json,
                lines(&["{", "  \"amount\": 5,", "  \"price\": \"12,50\"", "}"]),
                None,
            )),
            Some(formatted(
                BodyKind::Json,
                lines(&[
                    "{",
                    "  \"message\": \"Price must be a number\",",
                    "  \"code\": \"invalid_price\"",
                    "}",
                ]),
                None,
            )),
        ),
        14 => (None, Some(formatted(BodyKind::Xml, lines(&ITEM_XML), None))),
        15 => (
            None,
            Some(formatted(
                BodyKind::Text,
                BAD_GATEWAY.lines().map(String::from).collect(),
                Some("not valid JSON: expected value at line 1 column 1 (shown as it came)"),
            )),
        ),
        16 => (
            None,
            Some(formatted(
                BodyKind::Json,
                vec![
                    "{".into(),
                    format!("  \"product\": \"{HOSTILE}\""),
                    "}".into(),
                ],
                None,
            )),
        ),
        _ => (None, Some(formatted(BodyKind::Empty, Vec::new(), None))),
    };
    if let Some(inspector) = &mut state.inspector {
        inspector.open = Some(OpenExchange {
            seq,
            section,
            request_body,
            response_body,
            scroll: 0,
            search: None,
        });
    }
    state
}

fn open_mut(state: &mut State) -> &mut OpenExchange {
    state
        .inspector
        .as_mut()
        .and_then(|i| i.open.as_mut())
        .unwrap()
}

fn line(buffer: &Buffer, y: usize) -> String {
    text(buffer).lines().nth(y).unwrap_or_default().to_string()
}

fn style_at(buffer: &Buffer, needle: &str) -> Style {
    let (x, y) = find(buffer, needle);
    buffer[(x, y)].style()
}

#[test]
fn ledger_80x24() {
    insta::assert_snapshot!(text(&render(&ledger_state(), 80, 24)));
}

#[test]
fn ledger_120x40() {
    insta::assert_snapshot!(text(&render(&ledger_state(), 120, 40)));
}

#[test]
fn ledger_filtered_80x24() {
    let mut state = ledger_state();
    if let Some(inspector) = &mut state.inspector {
        inspector.filter = "GET products".into();
        inspector.selected = 0;
    }
    assert_eq!(ui::filtered(&state).len(), 4);
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn ledger_filter_matches_every_word_in_any_field_ignoring_case() {
    let all = exchanges();
    let count = |filter: &str| all.iter().filter(|e| ui::ledger_matches(e, filter)).count();
    assert_eq!(count(""), 6);
    assert_eq!(count("  "), 6);
    assert_eq!(count("put 244"), 1);
    assert_eq!(count("400"), 1);
    assert_eq!(count("7F3A9C"), 1);
    assert_eq!(count("invalid_price"), 1);
    assert_eq!(count("timed out"), 1);
    assert_eq!(count("get zzz"), 0);
}

#[test]
fn empty_ledger_and_a_filter_matching_nothing_say_so() {
    let mut state = ledger_state();
    state.ledger.clear();
    let screen = text(&render(&state, 80, 24));
    assert!(
        screen.contains("Requests · 0") && screen.contains("No requests yet."),
        "{screen}"
    );

    let mut state = ledger_state();
    if let Some(inspector) = &mut state.inspector {
        inspector.filter = "DELETE".into();
    }
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("filter: DELETE"), "{screen}");
    assert!(screen.contains("No request matches \"DELETE\""), "{screen}");
}

#[test]
fn filter_prompt_in_the_hints_line() {
    let mut state = ledger_state();
    if let Some(inspector) = &mut state.inspector {
        inspector.filter_input = Some("put 4".into());
    }
    insta::assert_snapshot!(line(&render(&state, 80, 24), 22));
}

#[test]
fn ledger_statuses_read_in_their_styles() {
    let styles = Styles::default();
    let mut state = ledger_state();
    if let Some(inspector) = &mut state.inspector {
        inspector.selected = 0;
    }
    let buffer = render(&state, 120, 40);
    assert_eq!(style_at(&buffer, "502").fg, styles.error.fg);
    assert_eq!(style_at(&buffer, "400").fg, styles.warn.fg);
    assert_eq!(style_at(&buffer, "timed out").fg, styles.error.fg);
    let (x, y) = find(&buffer, "—");
    assert_eq!(buffer[(x, y)].fg, styles.error.fg.unwrap());
    // The selected row reads in the selection style alone.
    let (x, y) = find(&buffer, "▶");
    assert_eq!(y, find(&buffer, "/api/products/246").1);
    assert_eq!(buffer[(x + 40, y)].style().bg, styles.selection.bg);
    assert_eq!(style_at(&buffer, "200").fg, styles.selection.fg);
}

#[test]
fn exchange_response_json_120x40() {
    insta::assert_snapshot!(text(&render(&opened(11, Section::Response), 120, 40)));
}

#[test]
fn exchange_response_json_80x24() {
    insta::assert_snapshot!(text(&render(&opened(11, Section::Response), 80, 24)));
}

#[test]
fn exchange_request_with_a_body_80x24() {
    insta::assert_snapshot!(text(&render(&opened(12, Section::Request), 80, 24)));
}

#[test]
fn exchange_xml_body_80x24() {
    insta::assert_snapshot!(text(&render(&opened(14, Section::Response), 80, 24)));
}

#[test]
fn exchange_note_before_a_text_body_80x24() {
    let buffer = render(&opened(15, Section::Response), 80, 24);
    assert_eq!(
        style_at(&buffer, "not valid JSON").fg,
        Styles::default().warn.fg
    );
    insta::assert_snapshot!(text(&buffer));
}

#[test]
fn exchange_timed_out_shows_the_error() {
    let screen = text(&render(&opened(13, Section::Response), 80, 24));
    assert!(
        screen.contains("GET /api/products/245 · no answer · 30000 ms"),
        "{screen}"
    );
    assert!(screen.contains("No answer · 30000 ms"), "{screen}");
    assert!(screen.contains("Error: timed out after 30 s"), "{screen}");
    assert!(screen.contains("(empty body)"), "{screen}");
}

#[test]
fn body_search_marks_matches_and_the_current_one() {
    let mut state = opened(11, Section::Response);
    let body = products_json();
    let matches: Vec<(usize, usize)> = body
        .iter()
        .enumerate()
        .flat_map(|(n, l)| {
            l.match_indices("Mouse")
                .map(move |(at, _)| (n, at))
                .collect::<Vec<_>>()
        })
        .chain(
            body.iter()
                .enumerate()
                .filter_map(|(n, l)| l.find("Lamp").map(|at| (n, at))),
        )
        .collect();
    assert_eq!(matches.len(), 2);
    open_mut(&mut state).search = Some(BodySearch {
        query: "Mouse".into(),
        editing: false,
        matches: vec![matches[0]],
        current: 0,
    });
    let buffer = render(&state, 120, 40);
    insta::assert_snapshot!(text(&buffer));
    let styles = Styles::default();
    let current = style_at(&buffer, "Mouse");
    assert_eq!(current.fg, styles.search_current.fg);

    // Two matches of one length: the current one stands out from the other.
    let mut state = opened(11, Section::Response);
    let pants = body.iter().position(|l| l.contains("100g Pants")).unwrap();
    let lamp = body.iter().position(|l| l.contains("Desk Lamp")).unwrap();
    open_mut(&mut state).search = Some(BodySearch {
        query: "product\"".into(),
        editing: false,
        matches: vec![(pants, 7), (lamp, 7)],
        current: 1,
    });
    let buffer = render(&state, 120, 40);
    // `product"` starts ten cells before the value's opening quote.
    let before = |needle: &str| {
        let (x, y) = find(&buffer, needle);
        buffer[(x - 10, y)].style()
    };
    let (other, now) = (before("\"100g Pants"), before("\"Desk Lamp"));
    assert_ne!(other, now);
    assert_eq!(now.add_modifier, styles.search_current.add_modifier);
    assert_eq!(
        line(&buffer, 38),
        " 2/2 matches for \"product\"\"  n next  N previous"
    );
}

#[test]
fn body_search_while_typing_and_without_a_match() {
    let mut state = opened(11, Section::Response);
    open_mut(&mut state).search = Some(BodySearch {
        query: "sku".into(),
        editing: true,
        ..BodySearch::default()
    });
    assert!(line(&render(&state, 80, 24), 22).starts_with(" /sku▏"));
    open_mut(&mut state).search = Some(BodySearch {
        query: "sku".into(),
        ..BodySearch::default()
    });
    assert!(line(&render(&state, 80, 24), 22).starts_with(" no match for \"sku\""));
}

#[test]
fn json_tokens_read_in_distinct_styles() {
    let styles = Styles::default();
    let buffer = render(&opened(11, Section::Response), 120, 40);
    let key = style_at(&buffer, "\"product_id\"");
    let string = style_at(&buffer, "\"240\"");
    let number = style_at(&buffer, "37,");
    let literal = style_at(&buffer, "null");
    assert_eq!(key.fg, styles.json_key.fg);
    assert_eq!(string.fg, styles.json_string.fg);
    assert_eq!(literal.fg, styles.json_literal.fg);
    assert!(key.fg != string.fg && string.fg != number.fg && key.fg != number.fg);
    let xml = render(&opened(14, Section::Response), 120, 40);
    assert_eq!(style_at(&xml, "reference").fg, styles.xml_tag.fg);
    assert_eq!(style_at(&xml, "currency").fg, styles.xml_attribute.fg);
    assert_eq!(style_at(&xml, "\"eur\"").fg, styles.xml_value.fg);
}

#[test]
fn copy_prompt_in_the_hints_line() {
    let mut state = opened(11, Section::Response);
    state.copy_pending = true;
    let buffer = render(&state, 80, 24);
    insta::assert_snapshot!(line(&buffer, 22));
    let key = buffer[(find(&buffer, "d debug").0, 22)].style();
    assert_eq!(key.fg, Styles::default().key.fg);
    assert_eq!(key.add_modifier, Styles::default().key.add_modifier);
}

#[test]
fn inspector_hints() {
    let ledger = line(&render(&ledger_state(), 80, 24), 22);
    assert_eq!(
        ledger,
        " j/k move  Enter open  / filter  y copy  e export  Esc back  ? help"
    );
    let exchange = line(&render(&opened(11, Section::Response), 80, 24), 22);
    assert_eq!(
        exchange,
        " j/k scroll  Tab request/response  / search  n/N next/prev  y copy  Esc back"
    );
}

#[test]
fn help_overlay_with_the_inspector_80x24() {
    let mut state = ledger_state();
    state.help_open = true;
    state.log_path = Some("/home/shop/.local/state/stockroom/stockroom.log".into());
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn a_huge_body_draws_only_the_lines_in_view() {
    let mut state = opened(11, Section::Response);
    let body: Vec<String> = (0..200_000).map(|n| format!("  \"line\": {n},")).collect();
    let open = open_mut(&mut state);
    open.response_body = Some(Arc::new(FormattedBody {
        kind: BodyKind::Json,
        lines: body,
        note: None,
        highlight: true,
        bytes: 5_000_000,
    }));
    open.scroll = 150_000;
    let open = open_mut(&mut state).clone();
    let total = ui::section_lines(&state, &open);
    let head = total - 200_000;
    assert_eq!(ui::exchange_rows(24), 19);
    let buffer = render(&state, 80, 24);
    let first = 150_000 - head;
    // Row 0 is the border, row 1 the tabs.
    assert!(line(&buffer, 2).starts_with(&format!("│   \"line\": {first},")));
    assert!(line(&buffer, 20).starts_with(&format!("│   \"line\": {},", first + 18)));
    let position = format!("150001–150019 of {total}");
    assert!(
        line(&buffer, 21).contains(&position),
        "{}",
        line(&buffer, 21)
    );

    // Past the end, the last lines show.
    open_mut(&mut state).scroll = usize::MAX;
    let buffer = render(&state, 80, 24);
    assert!(line(&buffer, 20).starts_with("│   \"line\": 199999,"));
}

#[test]
fn formatting_and_a_request_gone_from_the_ledger() {
    let mut state = opened(11, Section::Response);
    open_mut(&mut state).response_body = None;
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Formatting…"), "{screen}");
    let open = open_mut(&mut state).clone();
    // Status, debug id, rate limit, a blank, five headers, a blank, then the notice.
    assert_eq!(ui::section_lines(&state, &open), 11);

    open_mut(&mut state).seq = 999;
    let screen = text(&render(&state, 80, 24));
    assert!(
        screen.contains("That request is no longer in the ledger (it keeps the newest 1000)"),
        "{screen}"
    );
}

#[test]
fn no_raw_control_or_bidi_character_reaches_the_screen() {
    let mut screens = vec![ledger_state()];
    for seq in 11..=16 {
        screens.push(opened(seq, Section::Response));
        screens.push(opened(seq, Section::Request));
    }
    let mut hostile = opened(16, Section::Response);
    hostile.copy_pending = false;
    if let Some(inspector) = &mut hostile.inspector {
        inspector.filter = HOSTILE.into();
        inspector.filter_input = Some(HOSTILE.into());
    }
    screens.push(hostile);
    for state in &screens {
        for (width, height) in [(80, 24), (120, 40)] {
            let buffer = render_with(width, height, |frame| {
                ui::draw(frame, state, &Styles::default())
            });
            for cell in &buffer.content {
                assert!(
                    !cell.symbol().chars().any(|c| c.is_control()
                        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                    "raw character {:?} reached the screen:\n{}",
                    cell.symbol(),
                    text(&buffer)
                );
            }
        }
    }
    let screen = text(&render(&opened(16, Section::Response), 120, 40));
    assert!(screen.contains("Ring\\u{1b}]0;pwned"), "{screen}");
}

#[test]
fn mono_carries_search_and_keys_by_modifiers() {
    use ratatui::style::Modifier;
    let mono = stockroom::theme::load("mono", None, false).unwrap();
    let mut state = opened(11, Section::Response);
    let body = products_json();
    let pants = body.iter().position(|l| l.contains("100g Pants")).unwrap();
    let lamp = body.iter().position(|l| l.contains("Desk Lamp")).unwrap();
    open_mut(&mut state).search = Some(BodySearch {
        query: "product\"".into(),
        editing: false,
        matches: vec![(pants, 7), (lamp, 7)],
        current: 0,
    });
    let buffer = render_with(120, 40, |frame| ui::draw(frame, &state, &mono));
    let before = |needle: &str| {
        let (x, y) = find(&buffer, needle);
        buffer[(x - 10, y)].modifier
    };
    assert!(before("\"100g Pants").contains(Modifier::REVERSED | Modifier::UNDERLINED));
    assert!(before("\"Desk Lamp").contains(Modifier::REVERSED));
    assert!(!before("\"Desk Lamp").contains(Modifier::UNDERLINED));
    let (x, y) = find(&buffer, "\"product_id\"");
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn tiny_terminals_do_not_break_the_inspector() {
    let mut states = vec![ledger_state(), opened(11, Section::Response)];
    let mut searching = opened(11, Section::Response);
    open_mut(&mut searching).search = Some(BodySearch {
        query: "product".into(),
        editing: true,
        matches: vec![(4, 7)],
        current: 0,
    });
    states.push(searching);
    for state in &states {
        for (width, height) in [(1, 1), (10, 3), (20, 6), (40, 8)] {
            render(state, width, height);
        }
    }
}
