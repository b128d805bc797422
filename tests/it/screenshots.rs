//! The README's SVG screenshots (each platform's main screen on its sandbox store, the basket,
//! and each platform's detail, basket, ledger, exchange and help at 80x24) in every built-in
//! theme; fails when a committed one no longer matches the UI.
//! `STOCKROOM_WRITE_SCREENSHOTS=1` rewrites them.

use std::path::PathBuf;

use crate::support::svg::to_svg;
use ratatui::style::Color;
use stockroom::app::state::State;
use stockroom::theme::{self, Styles};
use stockroom::ui;

use super::screenshot_states::{self, slug};
use crate::support::screens::render_with;

const REGENERATE: &str = "STOCKROOM_WRITE_SCREENSHOTS=1 cargo test --test it screenshots";

/// Every screenshot's name without the theme, and its state: one main screen per platform,
/// then the basket.
async fn screens() -> Vec<(String, State)> {
    let (mains, basket, small) = screenshot_states::screens().await;
    let mut screens: Vec<(String, State)> = mains
        .into_iter()
        .map(|(platform, state)| (format!("main-{}", slug(platform)), state))
        .collect();
    screens.push(("basket".into(), basket));
    screens.extend(small);
    screens
}

/// Drawn at the size the state was laid out for (`Resize`): 120x35, or 80x24.
fn svg(state: &State, styles: &Styles) -> String {
    let (width, height) = state.viewport;
    let buffer = render_with(width, height, |frame| ui::draw(frame, state, styles));
    to_svg(
        &buffer,
        styles.base.fg.unwrap_or(Color::Reset),
        styles.base.bg.unwrap_or(Color::Reset),
    )
}

#[tokio::test]
async fn committed_screenshots_match_the_ui() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let write = std::env::var("STOCKROOM_WRITE_SCREENSHOTS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    let screens = screens().await;
    for name in theme::builtin_names() {
        let styles = theme::load(name, None, false).unwrap();
        for (screen, state) in &screens {
            let image = svg(state, &styles);
            assert!(
                image.len() < 100_000,
                "{screen}-{name}.svg is {} bytes",
                image.len()
            );
            let path = dir.join(format!("{screen}-{name}.svg"));
            if write {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &image).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(image.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots missing or out of date with the UI: {}\nregenerate them with `{REGENERATE}` and commit the result",
        stale.join(", ")
    );
}

/// Two sandboxes on two ports, two sets of requests: the same pictures.
#[tokio::test]
async fn screenshots_are_deterministic_and_well_formed() {
    let styles = theme::load("light", None, false).unwrap();
    let again = screens().await;
    for ((screen, state), (_, other)) in screens().await.iter().zip(&again) {
        let image = svg(state, &styles);
        assert_eq!(image, svg(other, &styles), "{screen}");
        assert!(image.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(image.ends_with("</svg>\n"));
        assert_eq!(
            image.matches("<text").count(),
            image.matches("</text>").count()
        );
        assert!(!image.contains('\u{1b}'), "{screen}");
    }
}
