//! Stockroom: a terminal catalog browser for online stores, with an embedded simulator of their APIs.

pub mod app;
pub mod audit;
pub mod basket;
pub mod bulk;
pub mod cache;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod inspect;
pub mod journal;
pub mod keys;
pub mod logging;
pub mod sandbox;
pub mod sanitize;
pub mod secret;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod wording;
