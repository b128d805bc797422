//! The two products the API documentation shows, reproduced exactly for demos and tests.

use rust_decimal::Decimal;

use super::BRAND;
use crate::sandbox::cscart::product::{Image, Product};

/// Product 12 exactly as the API documentation shows it.
pub fn pants() -> Product {
    let mut p = Product::new(12, "100g Pants".into(), vec![224], 1_328_558_400);
    p.code = "U0012O5AF0".into();
    p.price = Decimal::new(3000, 2);
    p.list_price = Decimal::new(3100, 2);
    p.amount = 10;
    p.updated_timestamp = 1_383_893_547;
    p.has_options = true;
    p.image = Some(Image {
        pair_id: 823,
        detailed_id: 879,
        relative_path: "detailed/0/173283_0113298267324f438bac97eaf.jpg".into(),
        width: 500,
        height: 500,
    });
    p.features.push((BRAND, 86));
    p.fields.insert("tax_ids".into(), "6".into());
    p.fields.insert(
        "short_description".into(),
        "<p>Ultralight trekking pants that weigh just 100 grams.</p>".into(),
    );
    p.fields.insert(
        "full_description".into(),
        "<p>Featherweight ripstop trekking pants, quick-drying and packable into their own pocket.</p>".into(),
    );
    p.fields
        .insert("meta_keywords".into(), "pants, trekking, ultralight".into());
    p
}

/// Product 17 exactly as the API documentation shows it.
pub fn economics() -> Product {
    let name = "101 Things Everyone Should Know About Economics A Down and Dirty Guide to Everything from Securities and Derivatives to Interest Rates and Hedge Funds—And What They Mean For You";
    let mut p = Product::new(17, name.into(), vec![222], 1_328_558_400);
    p.code = "G0017HS88V".into();
    p.price = Decimal::new(1116, 2);
    p.amount = 19;
    p.updated_timestamp = 1_328_684_302;
    p.image = Some(Image {
        pair_id: 229,
        detailed_id: 285,
        relative_path: "detailed/0/Z6595.jpg".into(),
        width: 510,
        height: 680,
    });
    p.fields.insert("tax_ids".into(), "6".into());
    p.fields.insert(
        "short_description".into(),
        "<p>A plain-language guide to how money works.</p>".into(),
    );
    p.fields.insert(
        "full_description".into(),
        "<p>From securities and derivatives to interest rates and hedge funds.</p>".into(),
    );
    p.fields
        .insert("meta_keywords".into(), "economics, finance, guide".into());
    p
}
