//! Render tests for editing: staged rows, prompts, the edit pane, the basket, dialogs, the status bar.

use ratatui::style::Modifier;
use stockroom::app::state::Layer;
use stockroom::app::state::{Batch, Dialog, Editor, Prompt, PromptKind, RawEditor, State};
use stockroom::theme::{self, Styles};
use stockroom::ui;
use tui_textarea::TextArea;

use crate::support::editing::{basket_open, form, staged, target};
use crate::support::screens::{HOSTILE, find, profile, render, render_with, state, text};

#[test]
fn list_with_staged_rows_80x24() {
    insta::assert_snapshot!(text(&render(&staged(), 80, 24)));
}

#[test]
fn list_with_staged_rows_120x40() {
    insta::assert_snapshot!(text(&render(&staged(), 120, 40)));
}

#[test]
fn staged_rows_carry_meaning_in_style() {
    let styles = Styles::default();
    let buffer = render(&staged(), 80, 24);
    let (x, y) = find(&buffer, "0→5");
    assert_eq!(buffer[(x, y)].fg, styles.changed.fg.unwrap());
    let (x, y) = find(&buffer, "119→134");
    assert_eq!(buffer[(x, y)].fg, styles.error.fg.unwrap());
    let (_, y) = find(&buffer, "U0013O5AF3");
    assert_eq!(buffer[(2, y)].symbol(), "✗");
    assert_eq!(buffer[(5, y)].fg, styles.removed.fg.unwrap());
    // The selection marker still shows on a selected staged row.
    let mut state = staged();
    state.session.listing.selected = 0;
    let buffer = render(&state, 80, 24);
    let (x, y) = find(&buffer, "▶±");
    assert_eq!((x, y), (1, 2));
}

#[test]
fn count_prefix_shows_in_the_hints_line() {
    let mut state = state();
    state.count = Some(5);
    let screen = text(&render(&state, 80, 24));
    insta::assert_snapshot!(screen.lines().nth(22).unwrap_or_default());
}

#[test]
fn prompts_80x24() {
    let cases = [
        (
            "set_stock_with_error",
            PromptKind::SetStock {
                target: target(4),
                current: 8,
                warehouse: None,
                warehouses: vec![],
            },
            "1O",
            Some("Stock must be a whole number"),
        ),
        (
            "production_confirm",
            PromptKind::ConfirmProduction {
                profile: "shop-live".into(),
            },
            "shop-l",
            None,
        ),
        ("command", PromptKind::Command, "w", None),
        (
            "set_stock_across_warehouses",
            PromptKind::SetStock {
                target: target(4),
                current: 504,
                warehouse: None,
                warehouses: ["MAIN", "EAST", "WEST"]
                    .iter()
                    .zip(1..)
                    .map(|(code, id)| stockroom::catalog::model::WarehouseStock {
                        id,
                        code: (*code).into(),
                        name: format!("{code} depot"),
                        quantity: 168,
                    })
                    .collect(),
            },
            "504",
            None,
        ),
    ];
    for (name, kind, typed, error) in cases {
        let mut state = state();
        state.push(Layer::Prompt(Prompt {
            error: error.map(str::to_owned),
            ..Prompt::new(kind, typed)
        }));
        let buffer = render(&state, 80, 24);
        let line = text(&buffer).lines().nth(22).unwrap_or_default().to_owned();
        insta::assert_snapshot!(format!("prompt_{name}"), line);
        if let Some(error) = error {
            let (x, y) = find(&buffer, error);
            assert_eq!(buffer[(x, y)].fg, Styles::default().error.fg.unwrap());
        }
    }
}

#[test]
fn edit_form_with_an_invalid_field_80x24() {
    insta::assert_snapshot!(text(&render(&form(2), 80, 24)));
}

#[test]
fn edit_form_with_an_invalid_field_120x40() {
    insta::assert_snapshot!(text(&render(&form(6), 120, 40)));
}

#[test]
fn edit_form_marks_focus_and_errors() {
    let styles = Styles::default();
    let buffer = render(&form(2), 80, 24);
    let (x, y) = find(&buffer, "✗ Price must be");
    assert_eq!(buffer[(x, y)].fg, styles.error.fg.unwrap());
    let (_, focused) = find(&buffer, "▶ Price *");
    assert_eq!(focused + 1, y);
    // Only the focused input shows a cursor (a reversed cell).
    let reversed = buffer
        .content
        .iter()
        .filter(|cell| cell.modifier.contains(Modifier::REVERSED))
        .count();
    assert_eq!(reversed, 1);
}

#[test]
fn new_product_form_is_titled_as_such() {
    let mut state = form(0);
    if let Some(Editor::Form(form)) = state.editor_mut() {
        form.creating = true;
    }
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains(" New product "), "{screen}");
}

#[test]
fn raw_editor_with_a_json_error_80x24() {
    let mut state = state();
    let lines = [
        "{",
        "  \"product\": \"Organic Cotton T-Shirt\",",
        "  \"product_code\": \"U0014O5AF4\"",
        "  \"price\": \"57.28\",",
        "  \"amount\": 8",
        "}",
    ];
    state.push(Layer::Editor(Editor::Raw(Box::new(RawEditor {
        target: target(4),
        input: TextArea::new(lines.iter().map(|l| l.to_string()).collect()),
        baseline: serde_json::Map::new(),
        errors: vec!["expected `,` or `}` at line 4 column 3".into()],
    }))));
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn raw_editor_without_errors_says_it_can_stage() {
    let mut state = state();
    state.push(Layer::Editor(Editor::Raw(Box::new(RawEditor {
        target: target(4),
        input: TextArea::new(vec!["{}".into()]),
        baseline: serde_json::Map::new(),
        errors: Vec::new(),
    }))));
    let screen = text(&render(&state, 80, 24));
    assert!(
        screen.contains("✓ valid JSON — Ctrl-s stages it"),
        "{screen}"
    );
}

#[test]
fn dialogs_80x24() {
    let dialogs = [
        (
            "send",
            Dialog::ConfirmSend {
                items: 7,
                writes: 7,
            },
        ),
        (
            "delete",
            Dialog::ConfirmDelete {
                target: target(4),
                channels: false,
            },
        ),
        ("quit", Dialog::ConfirmQuit { unsent: 3 }),
        ("discard", Dialog::ConfirmDiscard { items: 3 }),
        (
            "recovered",
            Dialog::Recovered {
                items: 4,
                uncertain: 1,
            },
        ),
    ];
    for (name, dialog) in dialogs {
        let mut state = staged();
        state.push(Layer::Dialog(dialog));
        insta::assert_snapshot!(format!("dialog_{name}"), text(&render(&state, 80, 24)));
    }
}

#[test]
fn status_bar_counts_staged_changes_and_sending() {
    let mut state = staged();
    let status = |state: &State, width| {
        text(&render(state, width, 24))
            .lines()
            .nth(23)
            .unwrap_or_default()
            .to_owned()
    };
    insta::assert_snapshot!(status(&state, 120));
    // On a narrow screen the staged count outlives the page and the request.
    let narrow = status(&state, 40);
    assert!(narrow.contains("6 staged"), "{narrow}");
    state.session.sending = Some(Batch {
        items: state
            .session
            .basket
            .items
            .iter()
            .map(|item| item.id)
            .collect(),
        done: 3,
        sent: 2,
        failed: 1,
    });
    let sending = status(&state, 80);
    assert!(sending.contains("sending 3/6"), "{sending}");
}

#[test]
fn production_status_bar_stands_out_in_every_theme() {
    let mut staging = staged();
    staging.profiles = vec![profile(false)];
    let mut production = staged();
    production.profiles = vec![profile(true)];
    let mut themes: Vec<(String, Styles)> = theme::builtin_names()
        .iter()
        .map(|name| (name.to_string(), theme::load(name, None, false).unwrap()))
        .collect();
    themes.push(("NO_COLOR".into(), theme::load("dark", None, true).unwrap()));
    themes.push(("plain".into(), Styles::plain()));
    for (name, styles) in themes {
        let cell = |state: &State| {
            let buffer = render_with(160, 24, |frame| ui::draw(frame, state, &styles));
            // The separator after the profile segment: plain bar text, no segment style.
            let (x, y) = find(&buffer, "│ 6 staged");
            (buffer[(x, y)].style(), buffer[(0, y)].style())
        };
        let (plain_sep, plain_edge) = cell(&staging);
        let (prod_sep, prod_edge) = cell(&production);
        assert_ne!(plain_edge, prod_edge, "{name}: bar edge");
        assert_ne!(plain_sep, prod_sep, "{name}: separator");
        assert!(
            prod_edge.add_modifier.contains(Modifier::REVERSED),
            "{name}: production bar is reversed"
        );
    }
}

#[test]
fn server_strings_in_the_basket_and_form_are_escaped() {
    let mut form_state = form(6);
    if let Some(Editor::Form(form)) = form_state.editor_mut() {
        form.fields[0].input = TextArea::new(vec![HOSTILE.into()]);
        form.target.name = HOSTILE.into();
    }
    for (state, width, height) in [
        (basket_open(), 120, 40),
        (form_state, 120, 40),
        (form(6), 80, 24),
    ] {
        let mut state = state;
        if let Some(view) = state.basket_view_mut() {
            view.selected = 8;
        }
        let buffer = render(&state, width, height);
        let screen = text(&buffer);
        assert!(screen.contains("\\u{1b}"), "{screen}");
        for cell in &buffer.content {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                "raw control character {:?} reached the screen",
                cell.symbol()
            );
        }
    }
}

/// The edit form just opened on product 1 (CS-Cart), moved to its Price: the value is selected.
fn price_selected() -> State {
    use stockroom::app::action::Action;
    use stockroom::app::update::update;
    let mut state = crate::support::shop::loaded();
    let summary = stockroom::catalog::model::ProductSummary {
        price: stockroom::catalog::model::Money::parse("343.99"),
        ..crate::support::shop::summary(1, 10)
    };
    let product = crate::support::states::product(
        summary,
        serde_json::json!({"product_id": "1", "price": "343.99", "amount": "10"}),
    );
    crate::support::states::editing(&mut state, product);
    if let Some(Editor::Form(form)) = state.editor()
        && let Some(price) = form.fields.iter().position(|f| f.label == "Price")
    {
        for _ in 0..price {
            update(&mut state, Action::EditorNext);
        }
    }
    state
}

#[test]
fn edit_form_with_a_selected_prefilled_value_80x24() {
    let state = price_selected();
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
    let mono = theme::load("mono", None, false).unwrap();
    let ascii = Styles {
        glyphs: stockroom::theme::Glyphs::ascii(),
        ..mono
    };
    for styles in [Styles::default(), ascii] {
        let buffer = render_with(80, 24, |frame| ui::draw(frame, &state, &styles));
        let (x, y) = find(&buffer, "343.99");
        let selected: String = (x..x + 6)
            .filter(|&x| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        assert_eq!(selected, "343.99", "drawn in reverse video");
    }
}

#[test]
fn prefilled_values_in_the_prompt_and_the_sale_dialog_show_in_reverse_video() {
    use stockroom::catalog::model::SoldAction;
    let reversed_at = |state: &State, text: &str, at: u16| {
        let buffer = render(state, 80, 24);
        let (x, y) = find(&buffer, text);
        buffer[(x + at, y)].modifier.contains(Modifier::REVERSED)
    };
    let mut prompt = state();
    let kind = PromptKind::SetStock {
        target: target(4),
        current: 8,
        warehouse: None,
        warehouses: vec![],
    };
    prompt.push(Layer::Prompt(Prompt::prefilled(kind.clone(), "8")));
    assert!(reversed_at(&prompt, "(now 8): 8", 9));
    let mut typed = state();
    typed.push(Layer::Prompt(Prompt::new(kind, "8")));
    assert!(!reversed_at(&typed, "(now 8): 8", 9), "typed text is not");

    let sale = |selected| {
        let mut state = state();
        state.push(Layer::Dialog(Dialog::MarkSold {
            target: target(4),
            current: 8,
            quantity: "1".into(),
            action: SoldAction::default(),
            error: None,
            selected,
        }));
        state
    };
    assert!(reversed_at(&sale(true), "Sold: 1", 6));
    assert!(!reversed_at(&sale(false), "Sold: 1", 6));
}
