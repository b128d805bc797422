//! Word lists the demo catalog's product names and descriptions are built from.

/// A leaf of the name generator: the category products land in and the nouns they are named by.
pub struct Shelf {
    pub category: u64,
    pub nouns: &'static [&'static str],
}

/// A top-level department: its adjectives, brands, price range (whole units) and shelves.
pub struct Department {
    pub adjectives: &'static [&'static str],
    pub brands: &'static [&'static str],
    pub price: (u64, u64),
    pub books: bool,
    pub shelves: &'static [Shelf],
}

pub const DEPARTMENTS: &[Department] = &[
    Department {
        adjectives: &[
            "Wireless",
            "Compact",
            "Smart",
            "Ultra",
            "Portable",
            "Noise-Cancelling",
            "4K",
            "Pro",
            "Dual-Band",
            "Rugged",
        ],
        brands: &["Sony", "Samsung", "Apple", "Lenovo", "Anker", "Philips"],
        price: (9, 2400),
        books: false,
        shelves: &[
            Shelf {
                category: 167,
                nouns: &[
                    "Desktop PC",
                    "Monitor",
                    "Mechanical Keyboard",
                    "Mouse",
                    "USB-C Hub",
                ],
            },
            Shelf {
                category: 172,
                nouns: &["Laptop", "Ultrabook", "Chromebook", "Gaming Laptop"],
            },
            Shelf {
                category: 173,
                nouns: &["Tablet", "E-Reader", "Drawing Tablet", "Stylus"],
            },
            Shelf {
                category: 168,
                nouns: &[
                    "Smartphone",
                    "Phone Case",
                    "Fast Charger",
                    "Screen Protector",
                    "Power Bank",
                ],
            },
            Shelf {
                category: 169,
                nouns: &[
                    "Headphones",
                    "Earbuds",
                    "Bluetooth Speaker",
                    "Soundbar",
                    "Turntable",
                ],
            },
            Shelf {
                category: 170,
                nouns: &["Mirrorless Camera", "Action Camera", "Tripod", "Camera Bag"],
            },
            Shelf {
                category: 171,
                nouns: &["50mm Lens", "Zoom Lens", "Macro Lens", "Wide-Angle Lens"],
            },
        ],
    },
    Department {
        adjectives: &[
            "Lightweight",
            "Trail",
            "Endurance",
            "Adjustable",
            "Pro",
            "Breathable",
            "Foldable",
            "All-Weather",
        ],
        brands: &["Adidas", "Nike", "Puma", "Wilson", "Decathlon", "Garmin"],
        price: (5, 650),
        books: false,
        shelves: &[
            Shelf {
                category: 204,
                nouns: &[
                    "Yoga Mat",
                    "Dumbbell Set",
                    "Kettlebell",
                    "Resistance Bands",
                    "Jump Rope",
                ],
            },
            Shelf {
                category: 205,
                nouns: &[
                    "Bike Helmet",
                    "Cycling Jersey",
                    "Bike Light",
                    "Water Bottle",
                    "Saddle",
                ],
            },
            Shelf {
                category: 206,
                nouns: &[
                    "Tent",
                    "Sleeping Bag",
                    "Camping Stove",
                    "Headlamp",
                    "Backpack",
                ],
            },
        ],
    },
    Department {
        adjectives: &[
            "Silent",
            "Hidden",
            "Last",
            "Golden",
            "Broken",
            "Distant",
            "Quiet",
            "Infinite",
            "Little",
            "Invisible",
        ],
        brands: &["Penguin", "O'Reilly", "HarperCollins", "Vintage"],
        price: (4, 60),
        books: true,
        shelves: &[
            Shelf {
                category: 220,
                nouns: &[
                    "Garden",
                    "River",
                    "Empire",
                    "Harbor",
                    "Winter",
                    "Orchard",
                    "Lighthouse",
                ],
            },
            Shelf {
                category: 221,
                nouns: &[
                    "Universe",
                    "Gene",
                    "Algorithm",
                    "Atom",
                    "Ocean",
                    "Brain",
                    "Climate",
                ],
            },
            Shelf {
                category: 222,
                nouns: &[
                    "Market",
                    "Startup",
                    "Economy",
                    "Negotiation",
                    "Habit",
                    "Leader",
                    "Ledger",
                ],
            },
        ],
    },
    Department {
        adjectives: &[
            "Slim-Fit",
            "Classic",
            "Organic Cotton",
            "Waterproof",
            "Vintage",
            "Merino",
            "Relaxed",
            "Linen",
        ],
        brands: &["Adidas", "Levi's", "Uniqlo", "Patagonia", "Zara", "Nike"],
        price: (8, 380),
        books: false,
        shelves: &[
            Shelf {
                category: 224,
                nouns: &[
                    "Pants",
                    "Chinos",
                    "Oxford Shirt",
                    "Hoodie",
                    "Jacket",
                    "T-Shirt",
                ],
            },
            Shelf {
                category: 225,
                nouns: &[
                    "Dress",
                    "Blouse",
                    "Cardigan",
                    "Skirt",
                    "Trench Coat",
                    "Leggings",
                ],
            },
            Shelf {
                category: 226,
                nouns: &["Running Shoes", "Sneakers", "Boots", "Sandals", "Loafers"],
            },
            Shelf {
                category: 227,
                nouns: &[
                    "Scarf",
                    "Belt",
                    "Wallet",
                    "Beanie",
                    "Sunglasses",
                    "Tote Bag",
                ],
            },
        ],
    },
    Department {
        adjectives: &[
            "Ceramic",
            "Oak",
            "Stainless Steel",
            "Minimalist",
            "Handmade",
            "Rustic",
            "Cast Iron",
            "Bamboo",
        ],
        brands: &["IKEA", "Bosch", "Tefal", "Le Creuset", "Fiskars"],
        price: (4, 1500),
        books: false,
        shelves: &[
            Shelf {
                category: 229,
                nouns: &[
                    "Chef's Knife",
                    "Frying Pan",
                    "Dutch Oven",
                    "Espresso Maker",
                    "Cutting Board",
                ],
            },
            Shelf {
                category: 230,
                nouns: &["Bookshelf", "Armchair", "Desk", "Side Table", "Bar Stool"],
            },
            Shelf {
                category: 231,
                nouns: &["Garden Hose", "Pruning Shears", "Planter", "Watering Can"],
            },
            Shelf {
                category: 232,
                nouns: &[
                    "Table Lamp",
                    "Wall Clock",
                    "Throw Pillow",
                    "Vase",
                    "Picture Frame",
                ],
            },
        ],
    },
    Department {
        adjectives: &[
            "Deluxe",
            "Family",
            "Classic",
            "Travel",
            "Junior",
            "Collector's",
        ],
        brands: &["Lego", "Hasbro", "Ravensburger"],
        price: (6, 200),
        books: false,
        shelves: &[
            Shelf {
                category: 251,
                nouns: &[
                    "Strategy Game",
                    "Party Game",
                    "Chess Set",
                    "Card Game",
                    "Building Set",
                ],
            },
            Shelf {
                category: 252,
                nouns: &[
                    "1000-Piece Puzzle",
                    "3D Puzzle",
                    "Puzzle Cube",
                    "Jigsaw Puzzle",
                ],
            },
        ],
    },
];

pub const COLORS: &[&str] = &[
    "Black", "Navy", "Olive", "Sand", "Red", "White", "Grey", "Teal",
];

pub const BOOK_SUBTITLES: &[&str] = &[
    ": A Novel",
    ": A Field Guide",
    ": Second Edition",
    ": The Complete Story",
    ": Lessons from a Decade",
    "",
];

/// Names in other scripts, each with the category it belongs in.
pub const FOREIGN: &[(&str, u64)] = &[
    ("Зимняя куртка", 224),
    ("Беспроводные наушники", 169),
    ("Кожаный ремень", 227),
    ("Чугунная сковорода", 229),
    ("Δερμάτινη τσάντα", 227),
    ("Κεραμική κούπα", 229),
    ("Βιβλίο μαγειρικής", 222),
    ("ワイヤレスイヤホン", 169),
    ("折りたたみ傘", 227),
    ("ランニングシューズ", 226),
    ("陶瓷茶杯套装", 229),
    ("蓝牙音箱", 169),
    ("瑜伽垫", 204),
    ("سماعات لاسلكية", 169),
    ("ساعة يد كلاسيكية", 227),
    ("Crème de jour hydratante", 232),
    ("Chaussures de randonnée", 226),
    ("Wanderjacke für Herren, Größe L", 224),
    ("Camiseta de algodón orgánico", 225),
    ("Café Señorita espresso kit", 229),
    ("Smørrebrød skærebræt", 229),
    ("Łódź ceramiczny wazon", 232),
];

pub const SENTENCES: &[&str] = &[
    "Ships in recycled packaging.",
    "Two-year warranty included.",
    "Machine washable at 30 degrees.",
    "Designed in Europe, made to last.",
    "A favourite of our customers since launch.",
    "Tested by independent reviewers.",
    "Available while stocks last.",
    "Pairs well with the rest of the collection.",
    "Lightweight enough to take anywhere.",
    "Gift wrapping available on request.",
];
