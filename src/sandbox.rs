//! The embedded simulators of the four platforms' APIs.
