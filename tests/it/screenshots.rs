//! The README's SVG screenshots, drawn from fixture state in every built-in theme; fails when
//! a committed one no longer matches the UI. `STOCKROOM_WRITE_SCREENSHOTS=1` rewrites them.

use std::path::PathBuf;

use ratatui::style::Color;
use serde_json::json;
use stockroom::app::fields::flatten;
use stockroom::app::state::{Focus, State};
use stockroom::catalog::model::{Money, Product};
use stockroom::theme::{self, Styles};
use stockroom::ui;
use stockroom::ui::svg::to_svg;

use super::ui_basket_render::basket_open;
use super::ui_render::{render_with, state, summary};

const REGENERATE: &str = "STOCKROOM_WRITE_SCREENSHOTS=1 cargo test --test it screenshots";

/// The list with the fifth product's fields loaded in the detail pane, which has the focus.
fn main_screen() -> State {
    let mut state = state();
    let summary = summary(4);
    let raw = json!({
        "product_id": "244",
        "product": summary.name,
        "product_code": summary.sku.0,
        "status": "H",
        "list_price": "129.00",
        "price": "57.28",
        "amount": 0,
        "category_ids": [224, 231],
        "timestamp": "1709251199",
        "main_pair": {"detailed": {"image_x": "500", "image_path": "https://shop.example.com/images/detailed/1/shirt.jpg"}},
        "full_description": "<p>Soft organic cotton</p>",
        "seo_name": "organic-cotton-t-shirt",
        "weight": "0.250",
        "shipping_freight": "0.00",
    });
    state.detail.fields = flatten(&raw);
    state.detail.product = Some(Box::new(Product {
        summary,
        list_price: Money::parse("129.00"),
        category_ids: vec![224, 231],
        updated_at: Some(1_709_251_199),
        description: None,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw,
    }));
    state.focus = Focus::Detail;
    state
}

fn screens() -> Vec<(&'static str, State)> {
    vec![("main", main_screen()), ("basket", basket_open())]
}

fn svg(state: &State, styles: &Styles) -> String {
    let buffer = render_with(120, 35, |frame| ui::draw(frame, state, styles));
    to_svg(
        &buffer,
        styles.base.fg.unwrap_or(Color::Reset),
        styles.base.bg.unwrap_or(Color::Reset),
    )
}

#[test]
fn committed_screenshots_match_the_ui() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let write = std::env::var("STOCKROOM_WRITE_SCREENSHOTS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for name in theme::builtin_names() {
        let styles = theme::load(name, None, false).unwrap();
        for (screen, state) in screens() {
            let image = svg(&state, &styles);
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

#[test]
fn screenshots_are_deterministic_and_well_formed() {
    let styles = theme::load("light", None, false).unwrap();
    for (screen, state) in screens() {
        let image = svg(&state, &styles);
        assert_eq!(image, svg(&state, &styles), "{screen}");
        assert!(image.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(image.ends_with("</svg>\n"));
        assert_eq!(
            image.matches("<text").count(),
            image.matches("</text>").count()
        );
        assert!(!image.contains('\u{1b}'), "{screen}");
    }
}
