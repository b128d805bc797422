//! The integration tests, in one binary: update, rendering, clients over loopback, the real binary.

mod cscart_client;
mod cscart_faults;
mod cscart_wire;
mod sandbox_cscart;
mod ui_render;
