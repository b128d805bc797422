//! The words of the demo wholesale catalog: what each category sells, in what packs, at what prices.

/// One kind of item: its category, noun, specifications, packs and price range in cents.
pub struct Kind {
    pub category_id: u64,
    pub noun: &'static str,
    pub specs: &'static [&'static str],
    pub packs: &'static [&'static str],
    pub cents: (u64, u64),
    /// Option name and values when some of these come in variants.
    pub variants: Option<(&'static str, &'static [&'static str])>,
}

const SIZES: (&str, &[&str]) = ("Size", &["Small", "Medium", "Large", "X-Large"]);
const COLORS: (&str, &[&str]) = ("Color", &["Black", "Blue", "Red", "Green"]);
const SCENTS: (&str, &[&str]) = ("Scent", &["Unscented", "Lemon", "Pine", "Lavender"]);

pub const KINDS: &[Kind] = &[
    Kind {
        category_id: 11,
        noun: "Hot Cup",
        specs: &[
            "8 oz Paper",
            "12 oz Paper",
            "16 oz Double Wall",
            "20 oz Ripple",
        ],
        packs: &["case of 1000", "case of 500", "sleeve of 50"],
        cents: (1_800, 9_500),
        variants: Some(("Print", &["Plain White", "Kraft", "Coffee Print"])),
    },
    Kind {
        category_id: 11,
        noun: "Clamshell Container",
        specs: &[
            "9x9 Foam-Free",
            "6x6 Bagasse",
            "8x8 3-Compartment",
            "Hinged PET",
        ],
        packs: &["case of 200", "case of 300", "case of 150"],
        cents: (2_900, 11_000),
        variants: None,
    },
    Kind {
        category_id: 11,
        noun: "Dinner Napkin",
        specs: &["2-Ply White", "1-Ply Kraft", "Linen-Feel", "Quarter-Fold"],
        packs: &["case of 3000", "case of 6000", "pack of 500"],
        cents: (1_500, 7_900),
        variants: None,
    },
    Kind {
        category_id: 12,
        noun: "Coffee",
        specs: &[
            "House Blend Ground",
            "Colombian Whole Bean",
            "Decaf Ground",
            "Espresso Roast",
        ],
        packs: &["case of 42 x 2.5 oz", "5 lb bag", "case of 4 x 2 lb"],
        cents: (3_400, 12_900),
        variants: None,
    },
    Kind {
        category_id: 12,
        noun: "Sugar Packet",
        specs: &[
            "Cane",
            "Raw Turbinado",
            "Sweetener Pink",
            "Sweetener Yellow",
        ],
        packs: &["case of 2000", "box of 1000", "case of 3000"],
        cents: (1_200, 4_800),
        variants: None,
    },
    Kind {
        category_id: 13,
        noun: "Sheet Pan",
        specs: &[
            "Full Size Aluminum",
            "Half Size Aluminum",
            "Quarter Size Steel",
        ],
        packs: &["each", "pack of 6", "pack of 12"],
        cents: (900, 14_500),
        variants: None,
    },
    Kind {
        category_id: 21,
        noun: "Degreaser",
        specs: &["Heavy Duty", "Citrus", "Kitchen Concentrate", "Non-Caustic"],
        packs: &["case of 4 x 1 gal", "5 gal pail", "case of 12 x 32 oz"],
        cents: (2_200, 9_800),
        variants: Some(SCENTS),
    },
    Kind {
        category_id: 21,
        noun: "Disinfectant",
        specs: &["Quaternary", "Hospital Grade", "One-Step", "Food Contact"],
        packs: &["case of 4 x 1 gal", "case of 6 x 32 oz", "2.5 gal jug"],
        cents: (2_600, 11_500),
        variants: Some(SCENTS),
    },
    Kind {
        category_id: 22,
        noun: "Paper Towel",
        specs: &[
            "Hardwound Roll 800 ft",
            "Multifold White",
            "C-Fold Brown",
            "Center-Pull",
        ],
        packs: &["case of 6", "case of 12", "case of 4000 sheets"],
        cents: (2_400, 8_900),
        variants: None,
    },
    Kind {
        category_id: 22,
        noun: "Toilet Tissue",
        specs: &["2-Ply Standard Roll", "Jumbo Roll 9 in", "1-Ply 1000 Sheet"],
        packs: &["case of 96", "case of 12", "case of 80"],
        cents: (3_100, 9_400),
        variants: None,
    },
    Kind {
        category_id: 23,
        noun: "Wet Mop Head",
        specs: &["Cotton Looped", "Blended Cut-End", "Microfiber Tube"],
        packs: &["each", "pack of 6", "case of 12"],
        cents: (500, 6_900),
        variants: Some(SIZES),
    },
    Kind {
        category_id: 23,
        noun: "Trash Can Liner",
        specs: &[
            "33 gal Black 1.5 mil",
            "45 gal Clear",
            "10 gal Natural",
            "56 gal Heavy",
        ],
        packs: &["case of 250", "case of 100", "case of 500"],
        cents: (1_900, 7_400),
        variants: None,
    },
    Kind {
        category_id: 31,
        noun: "Copy Paper",
        specs: &[
            "Letter 20 lb",
            "Legal 20 lb",
            "Letter 24 lb Bright",
            "Recycled Letter",
        ],
        packs: &["case of 10 reams", "carton of 5 reams", "ream"],
        cents: (700, 6_200),
        variants: None,
    },
    Kind {
        category_id: 32,
        noun: "Ballpoint Pen",
        specs: &[
            "Medium Point",
            "Fine Point Retractable",
            "Gel 0.7 mm",
            "Stick",
        ],
        packs: &["box of 12", "box of 60", "pack of 24"],
        cents: (300, 2_900),
        variants: Some(COLORS),
    },
    Kind {
        category_id: 32,
        noun: "Permanent Marker",
        specs: &["Fine Tip", "Chisel Tip", "Ultra Fine"],
        packs: &["box of 12", "pack of 36", "pack of 5"],
        cents: (400, 3_600),
        variants: Some(COLORS),
    },
    Kind {
        category_id: 33,
        noun: "File Folder",
        specs: &[
            "Letter 1/3 Cut Manila",
            "Legal Hanging Green",
            "Letter Two-Pocket",
        ],
        packs: &["box of 100", "box of 25", "pack of 50"],
        cents: (600, 3_900),
        variants: None,
    },
    Kind {
        category_id: 41,
        noun: "Corrugated Box",
        specs: &[
            "12x9x6 Kraft",
            "16x12x12 Kraft",
            "18x18x18 Double Wall",
            "10x8x4 White",
        ],
        packs: &["bundle of 25", "bundle of 20", "bundle of 15"],
        cents: (1_100, 6_500),
        variants: None,
    },
    Kind {
        category_id: 42,
        noun: "Packing Tape",
        specs: &[
            "Clear 2 in x 110 yd",
            "Tan 3 in x 110 yd",
            "Reinforced Kraft",
        ],
        packs: &["case of 36", "pack of 6", "case of 24"],
        cents: (1_000, 8_900),
        variants: None,
    },
    Kind {
        category_id: 43,
        noun: "Stretch Film",
        specs: &["18 in 80 ga Cast", "20 in 90 ga Blown", "5 in Banding"],
        packs: &["case of 4 rolls", "roll", "case of 12 rolls"],
        cents: (1_600, 12_000),
        variants: None,
    },
    Kind {
        category_id: 43,
        noun: "Poly Mailer",
        specs: &["10x13 White", "14.5x19 Gray", "6x9 Bubble"],
        packs: &["case of 500", "case of 250", "pack of 100"],
        cents: (1_400, 7_800),
        variants: None,
    },
    Kind {
        category_id: 51,
        noun: "Wood Screw",
        specs: &["#8 x 1-1/4 in Zinc", "#10 x 2 in Deck", "#6 x 3/4 in Brass"],
        packs: &["box of 100", "box of 500", "tub of 1000"],
        cents: (600, 4_800),
        variants: None,
    },
    Kind {
        category_id: 51,
        noun: "Hex Bolt",
        specs: &[
            "1/4-20 x 1 in Grade 5",
            "3/8-16 x 2 in Stainless",
            "M8 x 30 Zinc",
        ],
        packs: &["box of 50", "box of 100", "box of 25"],
        cents: (900, 6_400),
        variants: None,
    },
    Kind {
        category_id: 52,
        noun: "Nitrile Glove",
        specs: &["Exam Grade 4 mil", "Industrial 6 mil", "Food Service Blue"],
        packs: &["box of 100", "case of 1000", "box of 50"],
        cents: (800, 9_900),
        variants: Some(SIZES),
    },
    Kind {
        category_id: 52,
        noun: "Safety Glasses",
        specs: &["Clear Anti-Fog", "Smoke Lens", "Over-the-Glass"],
        packs: &["each", "box of 12", "case of 144"],
        cents: (300, 11_000),
        variants: None,
    },
];

pub const ADJECTIVES: &[&str] = &[
    "Economy",
    "Premium",
    "Pro",
    "Commercial",
    "Value",
    "Eco",
    "Contractor",
    "Standard",
];

pub const BLURBS: &[&str] = &[
    "Stocked in all three warehouses for next-day delivery.",
    "Priced for volume buyers; tiered pricing applies to whole cases.",
    "Meets commercial and food-service requirements.",
    "Ships on pallets; split cases are not available.",
    "A best seller with restaurants, schools and offices.",
];

pub const TAG_LINES: &[&str] = &[
    "Best value per case",
    "Customer favorite",
    "New lower price",
    "Made in USA",
    "Eco-friendly choice",
];
