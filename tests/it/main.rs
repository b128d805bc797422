//! tests

mod sandbox_cscart;
