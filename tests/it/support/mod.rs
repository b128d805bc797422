//! What several test files share: the documented API examples, and builders of common fixtures.

pub mod fixtures;
pub mod svg;
