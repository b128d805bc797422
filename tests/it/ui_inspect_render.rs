//! Render tests for the inspector: the request ledger, an exchange in full, search, copy, help.

pub(super) mod fixtures;

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use stockroom::app::state::Layer;
use stockroom::app::state::{BodySearch, Section};
use stockroom::inspect::body::{BodyKind, FormattedBody};
use stockroom::theme::Styles;
use stockroom::ui;

use crate::support::screens::{HOSTILE, find, render, render_with, text};
use fixtures::{exchanges, ledger_state, open_mut, opened, products_json};

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
    if let Some(inspector) = state.inspector_mut() {
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
    // The rejected write's status, and the XML item's body (9400.00).
    assert_eq!(count("400"), 2);
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
    if let Some(inspector) = state.inspector_mut() {
        inspector.filter = "DELETE".into();
    }
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("filter: DELETE"), "{screen}");
    assert!(screen.contains("No request matches \"DELETE\""), "{screen}");
}

#[test]
fn filter_prompt_in_the_hints_line() {
    let mut state = ledger_state();
    if let Some(inspector) = state.inspector_mut() {
        inspector.filter_input = Some("put 4".into());
    }
    insta::assert_snapshot!(line(&render(&state, 80, 24), 22));
}

#[test]
fn ledger_statuses_read_in_their_styles() {
    let styles = Styles::default();
    let mut state = ledger_state();
    if let Some(inspector) = state.inspector_mut() {
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
    state.push(Layer::Copy);
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
    state.push(Layer::Help);
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
    // The hostile filter, applied and being typed again, over the ledger.
    let mut hostile = ledger_state();
    if let Some(inspector) = hostile.inspector_mut() {
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
