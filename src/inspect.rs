//! Inspecting exchanges: bodies made readable, highlighting, curl commands, exports, the clipboard.

pub mod body;
pub mod highlight;
