//! The integration tests, in one binary: update, rendering, clients over loopback, the real binary.
// The whole binary is test code: a helper that cannot set up its fixture should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod b2bwave_catalog;
mod b2bwave_client;
mod b2bwave_faults;
mod b2bwave_wire;
mod cli;
mod cscart_client;
mod cscart_faults;
mod cscart_wire;
mod cscart_writes;
mod editing;
mod inspecting;
mod sandbox_b2bwave;
mod sandbox_b2bwave_writes;
mod sandbox_cscart;
mod sandbox_valigara;
mod tmux;
mod tmux_b2bwave;
mod tmux_editing;
mod tmux_inspect;
mod tmux_valigara;
mod ugal_faults;
mod ugal_wire;
mod ui_basket_render;
mod ui_edit_render;
mod ui_inspect_render;
mod ui_render;
mod ui_valigara_render;
mod update;
mod valigara_app;
mod valigara_catalog;
mod valigara_client;
mod valigara_faults;
mod valigara_wire;
mod warehouses;
