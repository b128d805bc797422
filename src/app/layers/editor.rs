//! The edit pane: a form, the raw JSON, or UGAL's price table. Ctrl-S stages what it holds,
//! Esc closes it with nothing staged.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::layer::Step;
use crate::app::state::{Editor, State};
use crate::app::update::common::info;
use crate::app::update::{editing, prices};
use crate::catalog::fields::{self, FieldKind};

pub fn keys(key: KeyEvent, editor: &Editor) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let multiline = match editor {
        Editor::Raw(_) | Editor::Prices(_) => true,
        Editor::Form(form) => form
            .fields
            .get(form.focus)
            .is_some_and(|field| field.spec.kind == FieldKind::LongText),
    };
    let form = matches!(editor, Editor::Form(_));
    let prices = matches!(editor, Editor::Prices(_));
    match key.code {
        KeyCode::Char('s') if ctrl => Some(Action::EditorSave),
        KeyCode::Esc => Some(Action::EditorCancel),
        KeyCode::Tab | KeyCode::Enter if prices => Some(Action::EditorNext),
        KeyCode::BackTab if prices => Some(Action::EditorPrev),
        KeyCode::Tab if form => Some(Action::EditorNext),
        KeyCode::BackTab if form => Some(Action::EditorPrev),
        KeyCode::Down if form && !multiline => Some(Action::EditorNext),
        KeyCode::Up if form && !multiline => Some(Action::EditorPrev),
        KeyCode::Enter if form && !multiline => Some(Action::EditorNext),
        _ => Some(Action::EditorKey(key)),
    }
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    match action {
        Action::EditorCancel | Action::Back => {
            effects.extend(info(state, "Edit cancelled: nothing staged"));
            return Step::Pop;
        }
        Action::EditorSave => effects.extend(editing::save(state)),
        Action::EditorNext | Action::EditorPrev => {
            let forward = matches!(action, Action::EditorNext);
            match state.editor_mut() {
                Some(Editor::Prices(editor)) => prices::step(editor, forward),
                Some(Editor::Form(form)) => editing::move_focus(form, forward),
                _ => {}
            }
        }
        Action::EditorKey(key) => {
            let platform = state.profile().map(|p| p.platform);
            match state.editor_mut() {
                Some(Editor::Form(form)) => {
                    if let Some(field) = form.fields.get_mut(form.focus) {
                        editing::type_into(&mut field.input, key);
                        field.error = fields::validate(&field.spec, &field.text()).err();
                    }
                }
                Some(Editor::Raw(raw)) => {
                    raw.input.input(key);
                    if let Some(platform) = platform {
                        raw.errors = editing::raw_body(platform, &raw.input.lines().join("\n"))
                            .err()
                            .unwrap_or_default();
                    }
                }
                Some(Editor::Prices(editor)) => prices::key(editor, key),
                None => {}
            }
        }
        _ => {}
    }
    Step::Stay
}
