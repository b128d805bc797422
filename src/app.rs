//! The TUI application: state, actions, effects, the pure `update`, the keymap and the run loop.

pub mod action;
pub mod clipboard;
pub mod clock;
pub mod command_keys;
pub mod command_line;
pub mod effect;
pub mod export;
pub mod fields;
pub mod import;
pub mod keymap;
pub mod layer;
pub mod layers;
pub mod ledger;
pub mod mouse;
pub mod paths;
pub mod products;
pub mod rows;
pub mod run;
pub mod runner;
pub mod search;
pub mod session;
pub mod state;
pub mod themes;
pub mod update;
pub mod view;
