//! The detail pane at 80x24 opens with what an operator looks for on each platform, in named
//! sections before the raw fields.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use stockroom::app::fields::flatten;
use stockroom::app::state::{Focus, State};
use stockroom::catalog::cscart::wire;
use stockroom::catalog::model::{
    Money, Page, Platform, PriceTier, Product, ProductId, ProductSummary, Sku, Status, Stock,
    WarehouseStock,
};

use crate::support::fixtures;
use crate::support::profiles;
use crate::support::screens::{render, text};

/// The detail pane of `product`, open and focused, on a store of `platform`, at 80x24.
fn first_screen(platform: Platform, product: Product) -> String {
    let mut state = State::new(vec![profiles::shop(platform, false)], 0);
    state.session.listing.rows = [&Page {
        items: vec![product.summary.clone()],
        page: 1,
        per_page: 50,
        total: Some(1),
        more: false,
        warehouses: None,
    }]
    .into_iter()
    .collect();
    state.session.detail.fields = flatten(&product.raw);
    state.session.detail.product = Some(Box::new(product));
    state.open_detail_pane();
    state.session.focus = Focus::Detail;
    text(&render(&state, 80, 24))
}

fn product(raw: Value) -> Product {
    Product {
        summary: ProductSummary {
            id: ProductId("12".into()),
            sku: Sku("00001".into()),
            name: "Test Product".into(),
            price: Money::parse("10.00"),
            stock: Stock::Quantity(9),
            status: Status::Active,
        },
        list_price: None,
        category_ids: vec![1],
        updated_at: None,
        description: None,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw,
    }
}

#[test]
fn the_documented_cscart_product_shows_its_brand_on_the_first_screen() {
    let body = serde_json::to_vec(&fixtures::json("cscart/product-12.json")).unwrap();
    let product = wire::decode_product(200, &body).unwrap();
    let screen = first_screen(Platform::Cscart, product);
    assert!(screen.contains("── Features"), "{screen}");
    assert!(screen.contains("Brand  Adidas"), "{screen}");
    assert!(screen.contains("── Vendor"), "{screen}");
    let features = screen.find("── Features").unwrap();
    assert!(
        !screen[..features].contains("Platform fields"),
        "the sections come before the raw fields:\n{screen}"
    );
}

#[test]
fn cscart_options_and_images_have_their_sections() {
    let raw = json!({
        "product_options": {"3": {"option_name": "Size", "variants": {
            "7": {"variant_name": "S"}, "8": {"variant_name": "M"}}}},
        "main_pair": {"detailed": {"image_path": "https://shop.example.com/images/shirt.jpg"}},
        "company_id": "1",
    });
    let screen = first_screen(Platform::Cscart, product(raw));
    assert!(screen.contains("Size  S, M"), "{screen}");
    assert!(
        screen.contains("main  https://shop.example.com/images/shirt.jpg"),
        "{screen}"
    );
}

#[test]
fn b2bwave_shows_status_variants_and_warehouses() {
    let raw = json!({
        "is_active": true,
        "status_id": 1,
        "product_variants": [
            {"code": "largebgb", "option_values": [{"option": "Size", "value": "Large"}]},
        ],
    });
    let mut product = product(raw);
    product.warehouses = vec![WarehouseStock {
        id: 1,
        code: "MAIN".into(),
        name: "Main warehouse".into(),
        quantity: 60,
    }];
    let screen = first_screen(Platform::B2bwave, product);
    assert!(
        screen.contains("── Status")
            && screen.contains("Active  active")
            && screen.contains("Status  active"),
        "{screen}"
    );
    assert!(screen.contains("largebgb  Size: Large"), "{screen}");
    assert!(screen.contains("MAIN  60  Main warehouse"), "{screen}");
}

#[test]
fn ugal_shows_its_price_lists_and_vat() {
    let mut product = product(json!({"reference": "911-red"}));
    product.prices = vec![PriceTier {
        pricelist: "default".into(),
        quantity: 1,
        amount: Money::parse("9400.00").unwrap(),
        vat: Money::parse("1540.47"),
    }];
    product.vat_rate = Some(Decimal::new(196, 3));
    let screen = first_screen(Platform::Ugal, product);
    assert!(
        screen.contains("default ×1  9400.00  (VAT 1540.47)"),
        "{screen}"
    );
    assert!(screen.contains("Rate  19.6%"), "{screen}");
}

#[test]
fn valigara_shows_its_listing_state_and_channels() {
    let raw = json!({
        "status": "active",
        "channels": [
            {"account_id": 11, "channel": "etsy", "listing_id": "1478523690", "status": "listed"},
            {"account_id": 12, "channel": "ebay", "listing_id": "", "status": "ended"},
        ],
    });
    let screen = first_screen(Platform::Valigara, product(raw));
    assert!(screen.contains("Listed on  1 of 2 channels"), "{screen}");
    assert!(screen.contains("etsy #11  listed  1478523690"), "{screen}");
    assert!(screen.contains("ebay #12  ended"), "{screen}");
}

#[test]
fn a_long_name_wraps_instead_of_losing_its_end() {
    let mut product = product(json!({}));
    product.summary.name =
        "Organic Cotton T-Shirt with extra long sleeves, navy blue, size XXL, pack of three".into();
    let screen = first_screen(Platform::Cscart, product);
    assert!(screen.contains("Name       Organic Cotton"), "{screen}");
    assert!(screen.contains("pack of three"), "{screen}");
}
