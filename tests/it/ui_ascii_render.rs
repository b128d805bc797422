//! ASCII drawing: with `Glyphs::ascii()` no screen draws a character outside ASCII.

use ratatui::buffer::Buffer;
use stockroom::app::state::Layer;
use stockroom::app::state::State;
use stockroom::sanitize::clean;
use stockroom::theme::{Glyphs, Styles};
use stockroom::ui;

use crate::support::editing::{basket_open, form, staged, target};
use crate::support::screens::{render_with, state, text};

fn ascii() -> Styles {
    Styles {
        glyphs: Glyphs::ascii(),
        ..Styles::default()
    }
}

/// The fixture with its one non-ASCII product name (Japanese) renamed, so every character
/// left on screen is the UI's own; the hostile name stays, its escapes are ASCII.
fn ascii_names(mut state: State) -> State {
    let renamed: Vec<_> = state
        .session
        .listing
        .rows
        .all()
        .filter(|p| !clean(&p.name).is_ascii())
        .map(|p| {
            let mut p = p.clone();
            p.name = "Wooden spoons, 5 pieces".into();
            p
        })
        .collect();
    for product in &renamed {
        state.session.listing.rows.replace(product);
    }
    for item in &mut state.session.basket.items {
        if !clean(&item.target.name).is_ascii() {
            item.target.name = "Wooden spoons, 5 pieces".into();
        }
    }
    state
}

fn render_ascii(state: &State, width: u16, height: u16) -> Buffer {
    render_with(width, height, |frame| ui::draw(frame, state, &ascii()))
}

/// Fails naming every cell whose symbol is not ASCII, with the screen.
fn assert_all_ascii(buffer: &Buffer) {
    let width = buffer.area.width;
    let bad: Vec<String> = buffer
        .content
        .iter()
        .enumerate()
        .filter(|(_, cell)| !cell.symbol().is_ascii())
        .map(|(i, cell)| {
            let (x, y) = (i % usize::from(width), i / usize::from(width));
            format!("{:?} at {x},{y}", cell.symbol())
        })
        .collect();
    assert!(bad.is_empty(), "non-ASCII cells: {bad:?}\n{}", text(buffer));
}

#[test]
fn ascii_main_screen_has_only_ascii_cells() {
    let state = ascii_names(state());
    for (width, height) in [(80, 24), (120, 40), (40, 12)] {
        assert_all_ascii(&render_ascii(&state, width, height));
    }
}

#[test]
fn ascii_main_screen_80x24() {
    let buffer = render_ascii(&ascii_names(state()), 80, 24);
    let screen = text(&buffer);
    assert!(screen.starts_with("+ Products - "), "{screen}");
    assert!(screen.contains("+-----"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn ascii_basket_has_only_ascii_cells() {
    let state = ascii_names(basket_open());
    for (width, height) in [(80, 24), (120, 40)] {
        assert_all_ascii(&render_ascii(&state, width, height));
    }
}

#[test]
fn ascii_help_has_only_ascii_cells() {
    let mut state = ascii_names(state());
    state.push(Layer::Help);
    for (width, height) in [(80, 24), (120, 40)] {
        assert_all_ascii(&render_ascii(&state, width, height));
    }
}

#[test]
fn ascii_edit_form_and_detail_have_only_ascii_cells() {
    let mut form = ascii_names(form(6));
    assert_all_ascii(&render_ascii(&form, 120, 40));
    form.close(|layer| matches!(layer, Layer::Editor(_)));
    form.open_detail_pane();
    assert_all_ascii(&render_ascii(&form, 80, 24));
}

#[test]
fn ascii_welcome_has_only_ascii_cells() {
    let buffer = render_with(80, 24, |frame| {
        ui::draw_welcome(frame, "/home/shop/.config/stockroom/config.toml", &ascii())
    });
    assert_all_ascii(&buffer);
}

#[test]
fn unicode_glyphs_are_the_default() {
    assert_eq!(Styles::default().glyphs, Glyphs::unicode());
    assert_eq!(Styles::plain().glyphs, Glyphs::unicode());
}

#[test]
fn ascii_dialogs_have_only_ascii_cells() {
    use stockroom::app::state::Dialog;
    let dialogs = [
        Dialog::ConfirmSend {
            items: 7,
            writes: 7,
        },
        Dialog::ConfirmDelete {
            target: target(4),
            channels: true,
        },
        Dialog::ConfirmQuit { unsent: 3 },
        Dialog::ConfirmDiscard { items: 3 },
        Dialog::Recovered {
            items: 4,
            uncertain: 1,
        },
    ];
    for dialog in dialogs {
        let mut state = ascii_names(staged());
        state.push(Layer::Dialog(dialog));
        assert_all_ascii(&render_ascii(&state, 80, 24));
    }
}

#[test]
fn ascii_inspector_has_only_ascii_cells() {
    use super::ui_inspect_render::fixtures::{ledger_state, opened};
    use stockroom::app::state::Section;
    assert_all_ascii(&render_ascii(&ascii_names(ledger_state()), 120, 40));
    for section in [Section::Response, Section::Request] {
        assert_all_ascii(&render_ascii(&ascii_names(opened(11, section)), 100, 30));
    }
}

#[test]
fn the_unicode_look_draws_box_drawing() {
    let state = ascii_names(state());
    let buffer = render_with(80, 24, |frame| ui::draw(frame, &state, &Styles::default()));
    assert!(buffer.content.iter().any(|cell| cell.symbol() == "┌"));
}

#[test]
fn ascii_sort_arrow_and_messages_are_ascii() {
    use stockroom::app::state::{Message, Severity};
    use stockroom::catalog::model::{SortField, SortOrder};
    let mut state = ascii_names(state());
    state.session.listing.view.sort = Some((SortField::Price, SortOrder::Descending));
    state.message = Some(Message {
        severity: Severity::Info,
        text: "U0010O5AF0: stock +5 staged · 1 in the basket (10 → 15)…".into(),
    });
    let buffer = render_ascii(&state, 100, 24);
    assert_all_ascii(&buffer);
    let screen = text(&buffer);
    assert!(screen.contains(" sort: price v "), "{screen}");
    assert!(
        screen.contains("staged - 1 in the basket (10 -> 15)..."),
        "{screen}"
    );
}

#[test]
fn ascii_command_line_and_its_completions_are_ascii() {
    use stockroom::app::state::{Completion, Prompt, PromptKind};
    let mut state = ascii_names(state());
    state.push(Layer::Prompt(Prompt::new(PromptKind::Command, "profile ")));
    assert_all_ascii(&render_ascii(&state, 80, 24));
    let candidates: Vec<String> = (0..30).map(|n| format!("store-{n}")).collect();
    state.push(Layer::Prompt(Prompt {
        completion: Some(Completion {
            start: 8,
            candidates,
            chosen: Some(20),
        }),
        ..Prompt::new(PromptKind::Command, "profile store-20")
    }));
    let buffer = render_ascii(&state, 80, 24);
    assert_all_ascii(&buffer);
    let hints = text(&buffer).lines().nth(22).unwrap_or_default().to_owned();
    assert!(
        hints.contains("store-20") && hints.contains("(30)"),
        "{hints}"
    );
}
