//! Render tests: the screen drawn from fixture state on a `TestBackend`, as text snapshots and style checks.

use std::path::PathBuf;

use ratatui::style::Modifier;
use serde_json::json;
use stockroom::app::effect::RequestId;
use stockroom::app::fields::flatten;
use stockroom::app::state::Layer;
use stockroom::app::state::{Focus, Load, Message, SearchPrompt, Severity, State};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{Money, Page, Product};
use stockroom::theme::Styles;
use stockroom::ui;
use unicode_width::UnicodeWidthStr;

use crate::support::screens::{find, profile, render, render_with, state, summary, text};

fn with_detail_loaded(mut state: State) -> State {
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
        "product_features": [],
        "options_type_raw": null,
        "full_description": "<p>Soft\u{1b}[5m organic cotton</p>",
        "seo_name": "organic-cotton-t-shirt",
        "weight": "0.250",
        "shipping_freight": "0.00",
    });
    state.session.detail.fields = flatten(&raw);
    state.session.detail.product = Some(Box::new(Product {
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
    state
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(text(&render(&state(), 80, 24)));
}

#[test]
fn main_screen_120x40() {
    insta::assert_snapshot!(text(&render(&state(), 120, 40)));
}

#[test]
fn detail_loaded_120x40() {
    let mut state = with_detail_loaded(state());
    state.session.focus = Focus::Detail;
    insta::assert_snapshot!(text(&render(&state, 120, 40)));
}

#[test]
fn detail_open_80x24_replaces_the_list() {
    let mut state = with_detail_loaded(state());
    state.open_detail_pane();
    state.session.focus = Focus::Detail;
    state.session.detail.scroll = 3;
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn detail_not_loaded_offers_enter() {
    let mut state = state();
    state.open_detail_pane();
    state.session.focus = Focus::Detail;
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Enter: load every field"), "{screen}");
    assert!(!screen.contains("Platform fields"), "{screen}");
}

#[test]
fn help_overlay_80x24() {
    let mut state = state();
    state.push(Layer::Help);
    state.log_path = Some(PathBuf::from(
        "/home/shop/.local/state/stockroom/stockroom.log",
    ));
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn search_prompt_80x24() {
    let mut state = state();
    state.push(Layer::Search(SearchPrompt {
        text: "sku:U001 status:hidden".into(),
        ..Default::default()
    }));
    let buffer = render(&state, 80, 24);
    insta::assert_snapshot!(text(&buffer).lines().nth(22).unwrap_or_default());
}

#[test]
fn filter_applied_and_nothing_matches() {
    let mut state = state();
    state.session.listing.search = "stock:0..0 cat:999".into();
    state.session.listing.rows = [&Page {
        items: vec![],
        page: 1,
        per_page: 25,
        total: Some(0),
        more: false,
        warehouses: None,
    }]
    .into_iter()
    .collect();
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn error_message_80x24() {
    let mut state = state();
    state.message = Some(Message {
        severity: Severity::Error,
        text: "429 rate limit reached, retry in 12s: Too many requests\u{1b}[2J".into(),
    });
    let buffer = render(&state, 80, 24);
    let screen = text(&buffer);
    insta::assert_snapshot!(screen.lines().nth(22).unwrap_or_default());
    let (x, y) = find(&buffer, "429 rate limit");
    assert_eq!(buffer[(x, y)].fg, Styles::default().error.fg.unwrap());
}

#[test]
fn welcome_80x24() {
    let state = State::new(Vec::new(), 0);
    let buffer = render_with(80, 24, |frame| {
        ui::draw_welcome(
            frame,
            "/home/shop/.config/stockroom/config.toml",
            &Styles::default(),
        );
    });
    insta::assert_snapshot!(text(&buffer));
    let plain = text(&render(&state, 80, 24));
    assert!(
        plain.contains("stockroom demo") && plain.contains("your config file"),
        "{plain}"
    );
}

#[test]
fn failed_load_without_a_page_80x24() {
    let mut state = State::new(vec![profile(false)], 0);
    state.session.listing.load = Load::Failed(CatalogError::Unauthorized {
        status: 401,
        message: "Access denied\u{1b}[31m for admin@example.com".into(),
    });
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn loading_without_a_page() {
    let mut state = State::new(vec![profile(false)], 0);
    state.session.listing.load = Load::Loading(RequestId(1));
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("Loading products…"), "{screen}");
    assert!(screen.contains("loading…"), "{screen}");
    assert!(
        screen.contains("│ — │") || screen.trim_end().ends_with('—'),
        "{screen}"
    );
}

#[test]
fn server_strings_are_escaped_on_screen() {
    let buffer = render(&with_detail_loaded(state()), 120, 40);
    let screen = text(&buffer);
    assert!(screen.contains("Ring\\u{1b}]0;pwned"), "{screen}");
    for cell in &buffer.content {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "raw control character {:?} reached the screen",
            cell.symbol()
        );
    }
}

#[test]
fn selected_row_has_the_selection_style_and_marker() {
    let styles = Styles::default();
    let buffer = render(&state(), 80, 24);
    let (x, y) = find(&buffer, "▶");
    let selected_name = summary(4).sku.0;
    assert_eq!(find(&buffer, &selected_name).1, y);
    for cell in [&buffer[(x, y)], &buffer[(x + 10, y)], &buffer[(77, y)]] {
        assert_eq!(cell.bg, styles.selection.bg.unwrap());
        assert_eq!(cell.fg, styles.selection.fg.unwrap());
    }
    assert_ne!(buffer[(x + 10, y + 1)].bg, styles.selection.bg.unwrap());
}

#[test]
fn mono_theme_marks_selection_without_colour() {
    let styles = stockroom::theme::load("dark", None, true).unwrap();
    let buffer = render_with(80, 24, |frame| ui::draw(frame, &state(), &styles));
    let (x, y) = find(&buffer, "▶");
    assert!(buffer[(x + 10, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn production_profile_shows_a_prod_badge() {
    let styles = Styles::default();
    let mut state = state();
    state.profiles = vec![profile(true)];
    let buffer = render(&state, 80, 24);
    let (x, y) = find(&buffer, "PROD");
    assert_eq!(y, 23);
    // The whole bar is reversed on production; the badge stands out from it by not being.
    assert_eq!(buffer[(x, y)].fg, styles.error.fg.unwrap());
    assert!(!buffer[(x, y)].modifier.contains(Modifier::REVERSED));
    assert!(buffer[(0, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn only_the_rows_in_view_are_drawn_from_a_huge_page() {
    let mut state = state();
    state.session.listing.rows = [&Page {
        items: (0..100_000).map(|i| summary(7 + i % 1000)).collect(),
        page: 1,
        per_page: 100_000,
        total: Some(100_000),
        more: false,
        warehouses: None,
    }]
    .into_iter()
    .collect();
    state.session.listing.offset = 49_990;
    state.session.listing.selected = 50_000;
    let buffer = render(&state, 80, 24);
    let screen = text(&buffer);
    assert!(screen.contains("50,001/100,000"), "{screen}");
    assert_eq!(find(&buffer, "▶").1, 2 + 10);
}

#[test]
fn narrow_status_bar_keeps_the_status_latency_and_debug_id() {
    for columns in [60, 80] {
        let screen = text(&render(&state(), columns, 24));
        let status = screen.lines().nth(23).unwrap_or_default();
        assert!(status.contains("cscart-demo"), "{status}");
        assert!(
            status.contains("200") && status.contains("84 ms"),
            "{status}"
        );
        assert!(status.contains("id 7f3a"), "{status}");
        assert!(
            !status.contains("CS-Cart"),
            "the platform yields first: {status}"
        );
        assert!(status.width() <= usize::from(columns));
    }
}

#[test]
fn a_wide_status_bar_shows_the_whole_debug_id_and_the_row() {
    let screen = text(&render(&state(), 200, 24));
    let status = screen.lines().nth(23).unwrap_or_default();
    assert!(status.contains("id 7f3a9c2e41d84b0b9a6f55e1"), "{status}");
    assert!(status.contains("cscart-demo · CS-Cart"), "{status}");
    assert!(
        status.contains("row 5 of 247 products · page 3/10"),
        "{status}"
    );
    assert!(status.contains("200 GET /api/products"), "{status}");
}

#[test]
fn a_profile_accent_colours_its_name_in_the_status_bar_and_the_list_title() {
    let mut state = state();
    state.accents = vec![Some(ratatui::style::Color::Magenta)];
    let buffer = render(&state, 160, 24);
    let (x, y) = find(&buffer, "cscart-demo ·");
    assert_eq!(y, 23, "the status bar");
    assert_eq!(buffer[(x, y)].fg, ratatui::style::Color::Magenta);
    let (x, y) = find(&buffer, "Products · cscart-demo");
    assert_eq!(y, 0, "the list's title");
    assert_eq!(buffer[(x, y)].fg, ratatui::style::Color::Magenta);
    let plain = render(&super::ui_render::state(), 160, 24);
    let (x, y) = find(&plain, "cscart-demo ·");
    assert_ne!(plain[(x, y)].fg, ratatui::style::Color::Magenta);
}

#[test]
fn a_long_filter_is_cut_before_the_order_on_the_right() {
    let mut state = state();
    state.session.listing.search = "ワイヤレス headphones with a very long query".into();
    for width in [44u16, 60, 80, 100, 120] {
        let screen = text(&render(&state, width, 24));
        let top = screen.lines().next().unwrap_or_default();
        assert!(top.contains(" in the store's order "), "{width}: {top}");
        let before_order = top
            .split(" in the store's order ")
            .next()
            .unwrap_or_default();
        assert!(
            before_order.ends_with('─'),
            "{width}: the left title runs into the order: {top}"
        );
        assert_eq!(top.width(), usize::from(width), "{width}: {top}");
    }
    let wide = text(&render(&state, 120, 24));
    let top = wide.lines().next().unwrap_or_default().replace(' ', "");
    assert!(top.contains("filter:ワイヤレス…─in"), "{wide}");
    let narrow = text(&render(&state, 60, 24));
    assert!(
        narrow.lines().next().unwrap_or_default().contains("…"),
        "{narrow}"
    );
}
