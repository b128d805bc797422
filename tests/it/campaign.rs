//! A randomized campaign over the whole edit pipeline against the sandbox: sequences of
//! edits, sends, undos, faults, restarts and profile switches checked against a model of
//! what the user asked for, and the real binary killed mid-batch.

mod controls;
mod model;
mod ops;
mod processes;
mod regressions;
mod rig;
mod sequences;
mod user;
mod wire;
