//! A one-line input: the `:` command line (with Tab completion), `=`'s stock value, a
//! production profile's name before a batch. Enter runs it; an error keeps the line open.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::layer::{RootAction, Step};
use crate::app::state::{Layer, Prompt, PromptKind, State};
use crate::app::update::common::problem;
use crate::app::update::{command_line, staging};

pub fn keys(key: KeyEvent, prompt: &Prompt) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let command_line = prompt.kind == PromptKind::Command;
    match key.code {
        KeyCode::Tab if command_line => Some(Action::PromptComplete { back: false }),
        KeyCode::BackTab if command_line => Some(Action::PromptComplete { back: true }),
        KeyCode::Enter => Some(Action::PromptSubmit),
        KeyCode::Esc => Some(Action::PromptCancel),
        KeyCode::Backspace => Some(Action::PromptBackspace),
        KeyCode::Char('u') if ctrl => Some(Action::PromptClear),
        KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End => {
            Some(Action::KeepPrefilled)
        }
        KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
        _ => None,
    }
}

pub fn update(state: &mut State, action: Action, effects: &mut Vec<Effect>) -> Step {
    let Some(prompt) = state.prompt_mut() else {
        return Step::Stay;
    };
    command_line::typed(&action, prompt);
    match action {
        Action::PromptComplete { back } => effects.extend(command_line::complete(state, back)),
        Action::PathsListed {
            text,
            start,
            candidates,
        } => command_line::paths_listed(state, &text, start, candidates),
        Action::PromptInput(c) => {
            if prompt.selected {
                prompt.text.clear();
            }
            prompt.text.push(c);
            prompt.error = None;
            prompt.selected = false;
        }
        Action::PromptBackspace => {
            prompt.text.pop();
            prompt.error = None;
            prompt.selected = false;
        }
        Action::PromptClear => {
            prompt.text.clear();
            prompt.error = None;
            prompt.selected = false;
        }
        Action::KeepPrefilled => prompt.selected = false,
        Action::PromptCancel | Action::Back => return Step::Pop,
        Action::PromptSubmit => return submit(state, effects),
        _ => {}
    }
    Step::Stay
}

/// Closes the line and runs it; an error opens it again with the reason.
fn submit(state: &mut State, effects: &mut Vec<Effect>) -> Step {
    if let Some(Prompt {
        kind: PromptKind::ConfirmProduction { profile },
        text,
        ..
    }) = state.prompt()
    {
        if text.trim() == profile {
            return Step::Root(RootAction::StartSend);
        }
        let error = format!("that is not \"{profile}\": nothing was sent");
        effects.extend(problem(state, &error));
        return Step::Pop;
    }
    let Some(Layer::Prompt(prompt)) = state.pop() else {
        return Step::Stay;
    };
    let text = prompt.text.trim().to_owned();
    let result = match &prompt.kind {
        PromptKind::SetStock {
            target,
            current,
            warehouse: None,
            warehouses,
        } => staging::set_stock_from(state, target.clone(), *current, warehouses, &text),
        PromptKind::SetStock {
            target,
            current,
            warehouse: Some(slot),
            ..
        } => staging::set_warehouse_from(state, target.clone(), *current, slot.clone(), &text),
        PromptKind::SetMarkedStock { .. } => staging::marked::set_from(state, &text),
        PromptKind::ConfirmProduction { .. } => return Step::Stay,
        PromptKind::Command => command_line::run(state, &text),
    };
    match result {
        Ok(more) => {
            effects.extend(more);
            Step::Stay
        }
        Err(error) => Step::Push(Layer::Prompt(Prompt {
            error: Some(error),
            ..prompt
        })),
    }
}
