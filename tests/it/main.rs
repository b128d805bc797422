//! tests
mod ui_render;
