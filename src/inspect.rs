//! Inspecting exchanges: bodies made readable, highlighting, curl commands, exports, the clipboard.

pub mod body;
pub mod curl;
pub mod export;
pub mod highlight;
pub mod osc52;
