//! Every screen readable at 80x24: marked rows read without colour and in ASCII, a long
//! required label keeps its `*`, long errors keep their end.

use stockroom::app::state::{Layer, State};
use stockroom::catalog::model::ProductId;
use stockroom::theme::{Glyphs, Styles};
use stockroom::ui;

use crate::support::editing::form;
use crate::support::screens::{find, render, render_with, state, text};

/// The page-3 screen with its first, second and fourth rows marked.
fn marked() -> State {
    let mut state = state();
    let ids: Vec<ProductId> = [0, 1, 3]
        .into_iter()
        .filter_map(|index| state.session.listing.rows.get(index).map(|p| p.id.clone()))
        .collect();
    state.session.marks.extend(ids);
    state
}

#[test]
fn marked_rows_at_80x24() {
    insta::assert_snapshot!(text(&render(&marked(), 80, 24)));
}

#[test]
fn a_mark_is_a_glyph_in_unicode_ascii_and_mono() {
    let state = marked();
    let marked_rows = |buffer: &ratatui::buffer::Buffer, glyph: &str| -> Vec<u16> {
        (2..22)
            .filter(|y| buffer[(3, *y)].symbol() == glyph)
            .collect()
    };
    let unicode = render(&state, 80, 24);
    assert_eq!(marked_rows(&unicode, "●"), [2, 3, 5]);
    let ascii = Styles {
        glyphs: Glyphs::ascii(),
        ..Styles::default()
    };
    let buffer = render_with(80, 24, |frame| ui::draw(frame, &state, &ascii));
    assert_eq!(marked_rows(&buffer, "#"), [2, 3, 5]);
    let mut staged = state.clone();
    staged
        .session
        .basket
        .set_stock(crate::support::editing::target(1), 10, 7);
    let buffer = render_with(80, 24, |frame| ui::draw(frame, &staged, &ascii));
    let screen = text(&buffer);
    let status = screen.lines().nth(23).unwrap_or_default();
    assert!(status.contains("3 marked") && status.is_ascii(), "{status}");
    let mono = stockroom::theme::load("mono", None, true).unwrap();
    let buffer = render_with(80, 24, |frame| ui::draw(frame, &state, &mono));
    assert_eq!(marked_rows(&buffer, "●"), [2, 3, 5]);
    let screen = text(&unicode);
    let status = screen.lines().nth(23).unwrap_or_default();
    assert!(status.contains("3 marked"), "{status}");
    let hints = screen.lines().nth(22).unwrap_or_default();
    assert!(hints.contains("U unmark all"), "{hints}");
}

/// The edit form with its SKU field given a long required label.
fn form_with_long_label() -> State {
    let mut state = form(0);
    if let Some(Layer::Editor(stockroom::app::state::Editor::Form(editor))) =
        state.layers.last_mut()
    {
        editor.fields[1].label = "Category ID (primary, comma separated)".into();
        editor.fields[1].spec.required = true;
    }
    state
}

#[test]
fn a_long_required_label_loses_its_middle_and_keeps_its_star() {
    for (width, height) in [(80, 24), (200, 50)] {
        let screen = text(&render(&form_with_long_label(), width, height));
        let line = screen
            .lines()
            .find(|line| line.contains("Catego"))
            .unwrap_or_else(|| panic!("the label at {width}x{height}:\n{screen}"));
        let label = line.split("Catego").nth(1).unwrap_or_default();
        assert!(
            label.contains("…") && label.contains("ted) * "),
            "{width}x{height}: {line}"
        );
    }
    insta::assert_snapshot!(text(&render(&form_with_long_label(), 80, 24)));
}

#[test]
fn a_long_field_error_keeps_its_end() {
    let mut state = form(2);
    if let Some(Layer::Editor(stockroom::app::state::Editor::Form(editor))) =
        state.layers.last_mut()
    {
        editor.fields[2].error = Some(format!(
            "Price must be a decimal number{} — type it like 12.50",
            " with at most two decimals and no currency sign".repeat(2)
        ));
    }
    let buffer = render(&state, 80, 24);
    let (_, y) = find(&buffer, "type it like 12.50");
    let screen = text(&buffer);
    let line = screen.lines().nth(usize::from(y)).unwrap_or_default();
    assert!(line.contains("Price must"), "{line}");
}

#[test]
fn a_valigara_request_body_in_the_basket_is_decoded_and_pretty_printed() {
    use stockroom::app::state::BasketView;
    use stockroom::catalog::http::PlannedRequest;

    let mut state = crate::support::shop::loaded();
    state
        .session
        .basket
        .set_stock(crate::support::editing::target(1), 10, 7);
    let id = state.session.basket.items[0].id;
    let form = |body: String| PlannedRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:8080/valigara/api".into(),
        path: "/valigara/api".into(),
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Some(body),
    };
    let read = form("action=product_export&auth=%5BREDACTED%5D&data=%7B%22id%22%3A1001%7D".into());
    let title = "%20long".repeat(8);
    let write = form(format!(
        "action=product_update&auth=%5BREDACTED%5D&data=%7B%22id%22%3A1001%2C%22quantity%22%3A7%2C%22title%22%3A%22A{title}%22%7D"
    ));
    state.push(Layer::Basket(BasketView {
        selected: 0,
        scroll: 0,
        plans: vec![(id, Ok(vec![read, write]))],
    }));
    let screen = text(&render(&state, 80, 24));
    assert!(!screen.contains("%7B"), "{screen}");
    assert!(
        screen.contains(r#"action=product_export  auth=[REDACTED]  data={"id":1001}"#),
        "a short form on one line, decoded:\n{screen}"
    );
    for decoded in [
        "\"action\": \"product_update\"",
        "\"quantity\": 7",
        "long long\"",
    ] {
        assert!(screen.contains(decoded), "{decoded}:\n{screen}");
    }
}

/// The page-3 screen's request opened, its body one long JSON line among short ones.
fn long_line_open() -> State {
    use std::sync::Arc;
    use stockroom::app::state::{OpenExchange, Section};

    let mut state = state();
    let seq = state.ledger[0].seq;
    let long = format!("the end of a long description {}", "and more ".repeat(12));
    let body = serde_json::json!({"id": 12, "description": format!("{long}THE END")});
    let formatted =
        stockroom::inspect::body::format(body.to_string().as_bytes(), Some("application/json"));
    state.push(Layer::Exchange(OpenExchange {
        seq,
        section: Section::Response,
        request_body: None,
        response_body: Some(Arc::new(formatted)),
        scroll: 0,
        shift: 0,
        search: None,
    }));
    state
}

#[test]
fn a_long_body_line_scrolls_sideways_to_its_end_with_the_arrow_keys() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use stockroom::app::action::Action;
    use stockroom::app::keymap::action_for;
    use stockroom::app::update::update;

    let mut state = long_line_open();
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("← → long lines"), "{screen}");
    assert!(!screen.contains("THE END"), "{screen}");

    let right = KeyEvent::new(KeyCode::Right, KeyModifiers::NONE);
    let action = action_for(right, &state);
    assert_eq!(action, Some(Action::ScrollSideways { right: true }));
    for _ in 0..6 {
        update(&mut state, Action::ScrollSideways { right: true });
    }
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("THE END"), "{screen}");
    assert!(screen.contains("from column 121"), "{screen}");
    assert!(
        screen.contains("│ …"),
        "a scrolled line starts with a cut mark:\n{screen}"
    );

    let left = KeyEvent::new(KeyCode::Left, KeyModifiers::NONE);
    for _ in 0..7 {
        let action = action_for(left, &state).expect("← scrolls back");
        update(&mut state, action);
    }
    let screen = text(&render(&state, 80, 24));
    assert!(
        screen.contains("\"id\": 12"),
        "back at the start:\n{screen}"
    );
    assert!(!screen.contains("from column"), "{screen}");
}

#[test]
fn a_long_value_reads_from_its_start_when_its_field_has_no_cursor() {
    use tui_textarea::{CursorMove, TextArea};

    let name = "Value 3/8-16 x 2 in Stainless Hex Bolt, box of 50, zinc plated";
    let mut state = form(1);
    if let Some(Layer::Editor(stockroom::app::state::Editor::Form(editor))) =
        state.layers.last_mut()
    {
        let mut input = TextArea::new(vec![name.to_owned()]);
        input.move_cursor(CursorMove::End);
        editor.fields[0].input = input;
    }
    let screen = text(&render(&state, 80, 24));
    let line = screen
        .lines()
        .find(|line| line.contains("Name *"))
        .unwrap_or_default();
    assert!(line.contains("Value 3/8-16 x 2"), "{line}");
}
