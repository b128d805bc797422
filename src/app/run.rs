//! The event loop: drain queued actions through `update`, hand effects to the runner, draw once.

use color_eyre::eyre::Result;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::sync::mpsc::UnboundedReceiver;

use super::action::Action;
use super::clock;
use super::keymap;
use super::runner::Runner;
use super::state::State;
use super::update::{start, update};
use crate::terminal::AppTerminal;
use crate::ui;

/// Runs the UI until the user quits. The loop never awaits the network: results come back
/// as actions on `actions`.
pub async fn run(
    terminal: &mut AppTerminal,
    mut state: State,
    mut runner: Runner,
    mut actions: UnboundedReceiver<Action>,
) -> Result<()> {
    let size = terminal.size()?;
    state.viewport = (size.width, size.height);
    for effect in start(&mut state) {
        runner.run(effect);
    }
    let mut events = EventStream::new();
    let mut ticker = tokio::time::interval(clock::TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    state.tick(std::time::SystemTime::now());
    let mut dirty = true;
    while !state.should_quit {
        if dirty {
            terminal.draw(|frame| ui::draw(frame, &state, &state.themes.styles))?;
            dirty = false;
        }
        let first = tokio::select! {
            biased;
            Some(action) = actions.recv() => Some(action),
            event = events.next() => match event {
                Some(Ok(event)) => action_for_event(event, &state),
                Some(Err(error)) => return Err(error.into()),
                None => Some(Action::Quit),
            },
            _ = ticker.tick(), if state.needs_ticks() => {
                state.tick(std::time::SystemTime::now());
                dirty = true;
                None
            }
        };
        let Some(first) = first else { continue };
        let mut next = Some(first);
        while let Some(action) = next {
            dirty = true;
            for effect in update(&mut state, action) {
                runner.run(effect);
            }
            next = actions.try_recv().ok();
        }
        state.tick(std::time::SystemTime::now());
    }
    // The last basket change may still be on its way to the disk.
    runner.journal_written().await;
    Ok(())
}

fn action_for_event(event: Event, state: &State) -> Option<Action> {
    match event {
        Event::Key(key) => keymap::action_for(key, state),
        Event::Mouse(mouse) => super::mouse::action_for(mouse, state),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}
