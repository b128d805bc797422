//! The words and prices the demo jewelry catalog is made of.

/// (category, noun, styles, weight range in tenths of a gram)
pub const KINDS: &[(&str, &str, &[&str], u32, u32)] = &[
    (
        "Rings",
        "Ring",
        &[
            "Solitaire",
            "Halo",
            "Eternity",
            "Three-Stone",
            "Signet",
            "Stacking",
        ],
        20,
        60,
    ),
    (
        "Necklaces",
        "Necklace",
        &["Tennis", "Station", "Riviera", "Bar", "Lariat"],
        30,
        150,
    ),
    (
        "Earrings",
        "Earrings",
        &["Stud", "Hoop", "Drop", "Huggie", "Chandelier"],
        15,
        60,
    ),
    (
        "Bracelets",
        "Bracelet",
        &["Tennis", "Bangle", "Cuff", "Link", "Charm"],
        50,
        200,
    ),
    (
        "Pendants",
        "Pendant",
        &["Heart", "Halo", "Cross", "Initial", "Teardrop"],
        10,
        50,
    ),
    (
        "Brooches",
        "Brooch",
        &["Floral", "Bow", "Vintage", "Starburst"],
        40,
        120,
    ),
    (
        "Charms",
        "Charm",
        &["Heart", "Star", "Clover", "Moon", "Key"],
        8,
        30,
    ),
];

/// (type, purity, title words, retail dollars per gram)
pub const METALS: &[(&str, &str, &str, u32)] = &[
    ("yellow gold", "10K", "10K Yellow Gold", 40),
    ("yellow gold", "14K", "14K Yellow Gold", 58),
    ("yellow gold", "18K", "18K Yellow Gold", 78),
    ("white gold", "10K", "10K White Gold", 42),
    ("white gold", "14K", "14K White Gold", 60),
    ("white gold", "18K", "18K White Gold", 80),
    ("rose gold", "10K", "10K Rose Gold", 40),
    ("rose gold", "14K", "14K Rose Gold", 58),
    ("rose gold", "18K", "18K Rose Gold", 78),
    ("sterling silver", "925", "Sterling Silver", 3),
    ("platinum", "950", "Platinum", 70),
];

/// (type, title word, colours, retail dollars per carat)
pub const GEMS: &[(&str, &str, &[&str], u32)] = &[
    ("diamond", "Diamond", &["G", "H", "I", "J", "K"], 3200),
    (
        "sapphire",
        "Sapphire",
        &["blue", "royal blue", "pink", "yellow"],
        900,
    ),
    (
        "ruby",
        "Ruby",
        &["red", "pigeon blood red", "pinkish red"],
        1100,
    ),
    ("emerald", "Emerald", &["green", "vivid green"], 1000),
    (
        "pearl",
        "Pearl",
        &["white", "cream", "black", "golden"],
        150,
    ),
    ("amethyst", "Amethyst", &["purple", "lavender"], 40),
    (
        "topaz",
        "Topaz",
        &["London blue", "Swiss blue", "white"],
        35,
    ),
    ("opal", "Opal", &["white", "black", "fire"], 120),
    (
        "garnet",
        "Garnet",
        &["red", "rhodolite", "tsavorite green"],
        60,
    ),
    ("aquamarine", "Aquamarine", &["sea blue", "pale blue"], 250),
];

pub const SHAPES: &[&str] = &[
    "round", "oval", "princess", "cushion", "emerald", "pear", "marquise", "heart",
];
pub const DIAMOND_CLARITY: &[&str] = &["IF", "VVS1", "VVS2", "VS1", "VS2", "SI1", "SI2"];
pub const GEM_CLARITY: &[&str] = &["eye clean", "eye clean", "slightly included", "included"];
pub const SETTINGS: &[&str] = &[
    "prong", "bezel", "pavé", "channel", "halo", "flush", "tension",
];

pub const FOREIGN: &[&str] = &[
    "Bague solitaire en or rose — diamant",
    "Кольцо из белого золота с сапфиром",
    "指輪 18金 ダイヤモンド",
    "Collier perle d'eau douce — argent 925",
    "Ohrringe aus Weißgold mit Smaragd",
    "Pulsera de plata con ópalo",
    "Серьги с гранатом, серебро 925",
    "ペンダント プラチナ アクアマリン",
];
