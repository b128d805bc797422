//! What several test files share: the documented API examples, the fixtures most tests start
//! from (profiles, loaded states, sandbox stores), and the SVG drawing of the screenshots.

pub mod editing;
pub mod fixtures;
pub mod profiles;
pub mod sandbox;
pub mod screens;
pub mod shop;
pub mod states;
pub mod svg;
