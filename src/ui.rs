//! Drawing: a pure function of the app's state onto a ratatui frame.

pub mod layout;
