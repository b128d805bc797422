//! tests

mod cscart_wire;
