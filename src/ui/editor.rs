//! The edit pane: a form of the editable fields, or the platform's JSON as text, in a popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_textarea::{CursorMove, TextArea, WrapMode};

use crate::app::state::{Editor, FormEditor, FormField, RawEditor};
use crate::basket::Target;
use crate::catalog::fields::{FieldKind, same_value};
use crate::sanitize::clean;
use crate::theme::Styles;

use super::popup;
use super::text::{truncate, truncate_middle, width};

const FORM_KEYS: [(&str, &str); 4] = [
    ("Tab/↓", "next"),
    ("Shift-Tab/↑", "previous"),
    ("Ctrl-s", "stage"),
    ("Esc", "cancel"),
];
const RAW_KEYS: [(&str, &str); 2] = [("Ctrl-s", "stage"), ("Esc", "cancel")];
/// `▶ List price *` (the marker is the styles' glyph): the labels' column at least, wider
/// for longer labels while the inputs keep three quarters of the form.
const LABEL_WIDTH: u16 = 15;
/// The marker and its space before a label, and the gap after it.
const LABEL_FRAME: usize = 3;
const FORM_WIDTH: u16 = 100;
/// Error lines under the JSON before the rest are counted.
const RAW_ERRORS: usize = 4;

pub fn draw(frame: &mut Frame, screen: Rect, editor: &Editor, styles: &Styles) {
    match editor {
        Editor::Form(form) => draw_form(frame, screen, form, styles),
        Editor::Raw(raw) => draw_raw(frame, screen, raw, styles),
        Editor::Prices(prices) => super::prices::draw(frame, screen, prices, styles),
    }
}

fn title(prefix: &str, target: &Target, styles: &Styles) -> String {
    format!(
        " {prefix} {} {} {} ",
        styles.glyphs.dot,
        clean(&target.sku),
        clean(&target.name)
    )
}

/// How many rows a field takes: its input, and a line for its error.
fn field_rows(field: &FormField, long_rows: u16) -> u16 {
    let input = if field.spec.kind == FieldKind::LongText {
        long_rows
    } else {
        1
    };
    input + u16::from(field.error.is_some())
}

fn draw_form(frame: &mut Frame, screen: Rect, form: &FormEditor, styles: &Styles) {
    let main = popup::main_area(screen);
    let rows = |long| form.fields.iter().map(|f| field_rows(f, long)).sum::<u16>();
    let room = main.height.saturating_sub(2);
    let long_rows = if rows(5) <= room { 5 } else { 3 };
    let form_width = FORM_WIDTH.min(main.width.saturating_sub(2));
    let area = popup::centered(main, form_width, rows(long_rows) + 2);
    let title = if form.creating {
        " New product ".to_string()
    } else {
        title("Edit", &form.target, styles)
    };
    let inner = popup::frame(frame, area, &title, &FORM_KEYS, styles);

    // Start at the first field that still lets the focused one fit.
    let heights: Vec<u16> = form
        .fields
        .iter()
        .map(|f| field_rows(f, long_rows))
        .collect();
    let focus = form.focus.min(form.fields.len().saturating_sub(1));
    let mut start = 0;
    while start < focus && heights[start..=focus].iter().sum::<u16>() > inner.height {
        start += 1;
    }
    let widest = form
        .fields
        .iter()
        .map(|f| width(&clean(&f.label)) + if f.spec.required { 2 } else { 0 })
        .max()
        .unwrap_or(0);
    let label_width = u16::try_from(widest + LABEL_FRAME)
        .unwrap_or(u16::MAX)
        .clamp(LABEL_WIDTH, LABEL_WIDTH.max(inner.width / 4));
    let mut y = inner.y;
    for (index, field) in form.fields.iter().enumerate().skip(start) {
        let height = heights[index];
        if y + height > inner.bottom() {
            break;
        }
        let rect = Rect::new(inner.x, y, inner.width, height);
        let look = FieldLook {
            focused: index == focus,
            label_width,
        };
        draw_field(frame, rect, field, look, styles);
        y += height;
    }
}

/// Whether a field has the focus, and the labels' column width.
#[derive(Clone, Copy)]
struct FieldLook {
    focused: bool,
    label_width: u16,
}

/// `▶ Category…ID *`: a label too long for its column loses its middle; the marker and the
/// required `*` always show.
fn label_text(label: &str, required: bool, marker: &str, columns: usize) -> String {
    let required = if required { " *" } else { "" };
    let room = columns.saturating_sub(LABEL_FRAME + width(required));
    format!(
        "{marker} {}{required}",
        truncate_middle(&clean(label), room)
    )
}

fn draw_field(frame: &mut Frame, area: Rect, field: &FormField, look: FieldLook, styles: &Styles) {
    let FieldLook {
        focused,
        label_width,
    } = look;
    // `✓ was 57.28`: a quarter of the form, so that a long name still fits its input at 80
    // columns.
    let note_width = (area.width / 4).clamp(8, 24);
    let input_width = area
        .width
        .saturating_sub(label_width + note_width + 1)
        .max(1);
    let input_rows = area.height.saturating_sub(u16::from(field.error.is_some()));

    let marker = if focused { styles.glyphs.marker } else { " " };
    let label = label_text(
        &field.label,
        field.spec.required,
        marker,
        usize::from(label_width),
    );
    let label_style = if focused { styles.key } else { styles.text };
    let label_area = Rect::new(area.x, area.y, label_width, 1);
    frame.render_widget(Paragraph::new(Line::styled(label, label_style)), label_area);

    let input_area = Rect::new(area.x + label_width, area.y, input_width, input_rows);
    let mut input = popup::safe_input(&field.input);
    // A copy made safe to draw is a new input: the selection is the whole value, shown again.
    if field.input.is_selecting() && !input.is_selecting() {
        input.select_all();
    }
    // A field without the cursor shows its value from the start: a long name reads by its
    // beginning rather than by the end where the cursor was left.
    if !focused {
        input.cancel_selection();
        input.move_cursor(CursorMove::Top);
        input.move_cursor(CursorMove::Head);
    }
    style_input(&mut input, focused, styles);
    if field.spec.kind == FieldKind::LongText {
        input.set_wrap_mode(WrapMode::WordOrGlyph);
    }
    frame.render_widget(&input, input_area);

    let text = field.text();
    let changed = !same_value(field.spec.field, &text, &field.original);
    if changed {
        let note_area = Rect::new(input_area.right() + 1, area.y, note_width, 1);
        let mut spans = Vec::new();
        if field.error.is_none() {
            spans.push(Span::styled(format!("{} ", styles.glyphs.ok), styles.ok));
        }
        let original = if field.original.is_empty() {
            "(empty)".to_string()
        } else {
            clean(&field.original).into_owned()
        };
        let room = usize::from(note_width).saturating_sub(6);
        spans.push(Span::styled(
            format!("was {}", truncate(&original, room)),
            styles.muted,
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), note_area);
    }
    if let Some(error) = &field.error {
        let error_area = Rect::new(
            input_area.x,
            area.y + input_rows,
            area.width.saturating_sub(label_width),
            1,
        );
        let text = format!(
            "{} {}",
            styles.glyphs.fail,
            styles.glyphs.text(&clean(error))
        );
        // The end of an error usually says what to do: a long one loses its middle.
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate_middle(&text, usize::from(error_area.width)),
                styles.error,
            )),
            error_area,
        );
    }
}

/// The cursor and a selected value (reverse video, which every theme draws) show only in the
/// focused input; an empty one shows a muted dash.
fn style_input(input: &mut TextArea<'static>, focused: bool, styles: &Styles) {
    input.set_style(styles.text);
    input.set_cursor_line_style(Style::new());
    let reversed = styles.text.add_modifier(Modifier::REVERSED);
    input.set_cursor_style(if focused { reversed } else { styles.text });
    input.set_selection_style(if focused { reversed } else { styles.text });
    input.set_placeholder_text(styles.glyphs.dash);
    input.set_placeholder_style(styles.muted);
    input.remove_block();
}

fn draw_raw(frame: &mut Frame, screen: Rect, raw: &RawEditor, styles: &Styles) {
    let main = popup::main_area(screen);
    let area = main;
    let inner = popup::frame(
        frame,
        area,
        &title("Edit JSON", &raw.target, styles),
        &RAW_KEYS,
        styles,
    );
    let columns = usize::from(inner.width);

    let mut notes: Vec<Line> = raw
        .errors
        .iter()
        .take(RAW_ERRORS)
        .map(|error| {
            Line::styled(
                truncate(
                    &format!(
                        "{} {}",
                        styles.glyphs.fail,
                        styles.glyphs.text(&clean(error))
                    ),
                    columns,
                ),
                styles.error,
            )
        })
        .collect();
    if raw.errors.len() > RAW_ERRORS {
        let more = format!(
            "{} {} more",
            styles.glyphs.more,
            raw.errors.len() - RAW_ERRORS
        );
        notes.push(Line::styled(more, styles.error));
    }
    if notes.is_empty() {
        notes.push(Line::styled(
            format!(
                "{} valid JSON {} Ctrl-s stages it",
                styles.glyphs.ok, styles.glyphs.dash
            ),
            styles.ok,
        ));
    }
    let note_rows = u16::try_from(notes.len())
        .unwrap_or(u16::MAX)
        .min(inner.height / 2);
    let text_rows = inner.height.saturating_sub(note_rows + 1);
    let text_area = Rect {
        height: text_rows,
        ..inner
    };
    let rule_y = inner.y + text_rows;
    let notes_area = Rect::new(inner.x, rule_y + 1, inner.width, note_rows);

    let mut input = popup::safe_input(&raw.input);
    style_input(&mut input, true, styles);
    input.set_line_number_style(styles.muted);
    frame.render_widget(&input, text_area);
    let rule = styles.glyphs.rule.repeat(columns);
    frame.render_widget(
        Paragraph::new(Line::styled(rule, styles.border)),
        Rect::new(inner.x, rule_y, inner.width, 1),
    );
    frame.render_widget(Paragraph::new(notes), notes_area);
}
