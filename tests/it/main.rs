//! tests

mod cscart_client;
mod cscart_faults;
mod cscart_wire;
