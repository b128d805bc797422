//! The deterministic demo jewelry catalog, listing accounts and post templates.

mod vocab;

use fastrand::Rng;
use rust_decimal::Decimal;

use super::product::{Channel, Gemstone, Image, Metal, Product};
use vocab::{DIAMOND_CLARITY, FOREIGN, GEM_CLARITY, GEMS, KINDS, METALS, SETTINGS, SHAPES};

pub struct Account {
    pub id: u64,
    pub channel: &'static str,
    pub name: &'static str,
    /// `active` or `paused`.
    pub status: &'static str,
}

pub const ACCOUNTS: &[Account] = &[
    Account {
        id: 11,
        channel: "etsy",
        name: "Sparkle & Co Etsy",
        status: "active",
    },
    Account {
        id: 12,
        channel: "ebay",
        name: "Sparkle & Co eBay US",
        status: "active",
    },
    Account {
        id: 13,
        channel: "amazon",
        name: "Sparkle & Co Amazon",
        status: "paused",
    },
];

pub fn account(id: u64) -> Option<&'static Account> {
    ACCOUNTS.iter().find(|a| a.id == id)
}

pub struct Template {
    pub id: u64,
    pub name: &'static str,
    pub channel: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        id: 1,
        name: "Etsy — handmade fine jewelry",
        channel: "etsy",
    },
    Template {
        id: 2,
        name: "eBay — rings and bands, 30-day returns",
        channel: "ebay",
    },
    Template {
        id: 3,
        name: "Amazon — jewelry (fulfilled by merchant)",
        channel: "amazon",
    },
];

pub const FIRST_ID: u64 = 1001;
/// 2026-11-20T10:15:00Z, the newest seeded `updated_at`, in milliseconds.
pub const NEWEST: u64 = 1_795_169_700_000;
const DAY: u64 = 86_400_000;

/// The generator the catalog's products draw from, in id order.
pub fn generator(seed: u64) -> Rng {
    Rng::with_seed(seed ^ 0x5641_4c49_4741_5241)
}

/// Product `id`, its draws starting at `rng`; product 1001 is the documentation's example.
pub fn make(rng: &mut Rng, id: u64) -> Product {
    let mut made = product(rng, id);
    if id == FIRST_ID {
        documented(&mut made);
    }
    made
}

/// The SKU every seeded product has.
pub fn seeded_sku(id: u64) -> String {
    format!("VR-{id}")
}

/// The id of the seeded product that has `sku`, if any would.
pub fn seeded_id(sku: &str) -> Option<u64> {
    let id: u64 = sku.strip_prefix("VR-")?.parse().ok()?;
    (seeded_sku(id) == sku).then_some(id)
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn product(rng: &mut Rng, id: u64) -> Product {
    let &(category, noun, styles, grams_from, grams_to) = pick(rng, KINDS);
    let style = *pick(rng, styles);
    let &(metal_type, purity, metal_words, per_gram) = pick(rng, METALS);
    let tenths = rng.u32(grams_from..=grams_to);
    let mut product = Product::empty(id);
    product.sku = seeded_sku(id);
    product.category = category.to_string();
    product.metals.push(Metal {
        kind: metal_type.to_string(),
        purity: purity.to_string(),
        weight: Some(Decimal::new(i64::from(tenths) * 10, 2)),
        weight_unit: "g".to_string(),
    });
    let mut dollars = u64::from(tenths * per_gram / 10) + 60;
    let stones = if rng.u8(..10) < 2 {
        0
    } else {
        1 + usize::from(rng.u8(..10) < 3)
    };
    for _ in 0..stones {
        let (gem, value) = gemstone(rng, product.gemstones.is_empty());
        dollars += value;
        product.gemstones.push(gem);
    }
    let gem_words = product
        .gemstones
        .first()
        .and_then(|g| GEMS.iter().find(|(t, ..)| *t == g.kind))
        .map_or("", |(_, word, ..)| word);
    product.title = if rng.u8(..25) == 0 {
        pick(rng, FOREIGN).to_string()
    } else if gem_words.is_empty() {
        format!("{metal_words} {style} {noun}")
    } else {
        format!("{metal_words} {gem_words} {style} {noun}")
    };
    product.description = format!(
        "{} {} in {purity} {metal_type}, {}. Ships in a gift box with a certificate of authenticity.",
        if product.gemstones.is_empty() {
            "A polished"
        } else {
            "A hand-set"
        },
        noun.to_lowercase(),
        pick(
            rng,
            &[
                "made to order in our workshop",
                "finished by hand",
                "nickel free and hypoallergenic",
                "recycled metal"
            ]
        ),
    );
    let cents = dollars * 100 - if rng.bool() { 1 } else { 0 };
    product.price = Decimal::new(i64::try_from(cents).unwrap_or(i64::MAX), 2);
    let roll = rng.u8(..100);
    product.status = match roll {
        0..=79 => "active",
        80..=91 => "inactive",
        92..=97 => "draft",
        _ => "sold",
    }
    .to_string();
    product.quantity = if product.status == "sold" || rng.u8(..100) < 15 {
        0
    } else {
        rng.u64(1..=25)
    };
    for n in 1..=rng.u64(..=4) {
        product.images.push(Image {
            url: format!("https://images.example.com/{id}-{n}.jpg"),
            position: n,
        });
    }
    if product.status != "draft" {
        channels(rng, &mut product);
    }
    product.updated_at = NEWEST - rng.u64(..200 * DAY) / 1000 * 1000;
    product
}

fn gemstone(rng: &mut Rng, centre: bool) -> (Gemstone, u64) {
    let &(kind, _, colors, per_carat) = pick(rng, GEMS);
    let pearl = kind == "pearl";
    let count: u64 = if centre { 1 } else { rng.u64(2..=24) };
    let hundredths = if centre {
        rng.u32(10..=150)
    } else {
        rng.u32(1..=5)
    };
    let carat = Decimal::new(i64::from(hundredths), 2);
    let value = u64::from(per_carat * hundredths / 100 + 5) * count;
    let gem = Gemstone {
        kind: kind.to_string(),
        shape: if pearl {
            "round".to_string()
        } else {
            pick(rng, SHAPES).to_string()
        },
        carat: if pearl { None } else { Some(carat) },
        color: pick(rng, colors).to_string(),
        clarity: match kind {
            "diamond" => pick(rng, DIAMOND_CLARITY).to_string(),
            "pearl" => pick(rng, &["AAA", "AA", "A"]).to_string(),
            _ => pick(rng, GEM_CLARITY).to_string(),
        },
        count,
        setting: if pearl {
            "peg".to_string()
        } else {
            pick(rng, SETTINGS).to_string()
        },
    };
    (gem, value)
}

fn channels(rng: &mut Rng, product: &mut Product) {
    for (account, chance) in ACCOUNTS.iter().zip([55u8, 40, 20]) {
        if rng.u8(..100) >= chance {
            continue;
        }
        let ended = product.status != "active" || rng.u8(..10) == 0;
        product.channels.push(Channel {
            account_id: account.id,
            channel: account.channel,
            listing_id: listing_id(account.channel, rng.u64(..)),
            status: if ended { "ended" } else { "listed" },
        });
    }
}

/// A listing id in the channel's own format: Etsy 10 digits, eBay 12, Amazon an ASIN.
pub fn listing_id(channel: &str, n: u64) -> String {
    match channel {
        "etsy" => format!("{}", 1_000_000_000 + n % 9_000_000_000),
        "ebay" => format!("{}", 100_000_000_000 + n % 900_000_000_000),
        _ => {
            const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
            let mut rest = n;
            let mut asin = String::from("B0");
            for _ in 0..8 {
                asin.push(char::from(ALPHABET[(rest % 34) as usize]));
                rest /= 34;
            }
            asin
        }
    }
}

/// Product 1001 is the documentation's example.
fn documented(p: &mut Product) {
    p.title = "18K White Gold Diamond Solitaire Ring".to_string();
    p.description =
        "A classic solitaire: a round brilliant diamond in a four-prong setting.".into();
    p.category = "Rings".to_string();
    p.price = Decimal::new(124_900, 2);
    p.quantity = 3;
    p.status = "active".to_string();
    p.metals = vec![Metal {
        kind: "white gold".into(),
        purity: "18K".into(),
        weight: Some(Decimal::new(320, 2)),
        weight_unit: "g".into(),
    }];
    p.gemstones = vec![Gemstone {
        kind: "diamond".into(),
        shape: "round".into(),
        carat: Some(Decimal::new(50, 2)),
        color: "G".into(),
        clarity: "VS1".into(),
        count: 1,
        setting: "prong".into(),
    }];
    p.images = vec![Image {
        url: "https://images.example.com/1001-1.jpg".into(),
        position: 1,
    }];
    p.channels = vec![Channel {
        account_id: 11,
        channel: "etsy",
        listing_id: "1478523690".into(),
        status: "listed",
    }];
    p.updated_at = NEWEST;
}
