//! The screen most rendering tests start from (page 3 of a CS-Cart catalog with hostile and
//! wide names), drawn on a `TestBackend`, and the drawn buffer read back as text.

use std::time::{Duration, SystemTime};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use stockroom::app::state::{ProfileInfo, State};
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::{
    Money, Page, Platform, ProductId, ProductSummary, Sku, Status, Stock,
};
use stockroom::catalog::ratelimit::RateLimit;
use stockroom::theme::Styles;
use stockroom::ui;
use unicode_width::UnicodeWidthStr;

use super::profiles;

pub const HOSTILE: &str = "Ring\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}evil";

pub fn profile(production: bool) -> ProfileInfo {
    ProfileInfo {
        name: "cscart-demo".into(),
        host: "127.0.0.1:8080".into(),
        production,
        ..profiles::shop(Platform::Cscart, false)
    }
}

pub fn summary(index: usize) -> ProductSummary {
    let names = [
        "100g Pants",
        "木製スプーン 天然木 カトラリー 5本セット",
        HOSTILE,
        "Wireless Mouse",
        "Organic Cotton T-Shirt, extra long sleeves, navy blue",
        "Desk Lamp",
        "Ceramic Mug",
    ];
    let name = names.get(index).map_or_else(
        || format!("Sample product {}", index + 51),
        |n| n.to_string(),
    );
    let stock = match index % 7 {
        3 => Stock::Quantity(0),
        5 => Stock::NotTracked,
        _ => Stock::Quantity((index as i64 * 37) % 140),
    };
    let status = match index % 6 {
        2 => Status::Disabled,
        4 => Status::Hidden,
        5 if index == 11 => Status::Other("draft\u{1b}[31m".into()),
        _ => Status::Active,
    };
    ProductSummary {
        id: ProductId(format!("{}", 240 + index)),
        sku: Sku(format!("U00{:02}O5AF{}", index + 10, index % 10)),
        name,
        price: (index != 6)
            .then(|| Money::parse(&format!("{}.{:02}", 5 + index * 13, index * 7 % 100)))
            .flatten(),
        stock,
        status,
    }
}

fn exchange() -> Exchange {
    Exchange {
        profile: None,
        seq: 3,
        started_at: SystemTime::UNIX_EPOCH,
        method: "GET".into(),
        url: "http://127.0.0.1:8080/api/products?page=3&items_per_page=25".into(),
        path: "/api/products?page=3&items_per_page=25&sort_by=product&sort_order=asc".into(),
        request_headers: Vec::new(),
        request_body: None,
        status: Some(200),
        response_headers: Vec::new(),
        response_body: Default::default(),
        latency: Duration::from_millis(84),
        debug_id: Some("7f3a9c2e41d84b0b9a6f55e1".into()),
        rate_limit: Some(RateLimit {
            limit: Some(4),
            remaining: Some(3),
            reset: None,
            retry_after: None,
        }),
        platform_status: None,
        error: None,
    }
}

/// Page 3 of 10 (247 products, 25 a page), fifth row selected, after one request.
pub fn state() -> State {
    let mut state = State::new(vec![profile(false)], 0);
    state.session.listing.rows = [&Page {
        items: (0..25).map(summary).collect(),
        page: 3,
        per_page: 25,
        total: Some(247),
        more: true,
        warehouses: None,
    }]
    .into_iter()
    .collect();
    state.session.listing.query.page = 3;
    state.session.listing.query.per_page = 25;
    state.session.listing.selected = 4;
    state.record(0, vec![exchange()]);
    state
}

pub fn render(state: &State, width: u16, height: u16) -> Buffer {
    render_with(width, height, |frame| {
        ui::draw(frame, state, &Styles::default())
    })
}

pub fn render_with(width: u16, height: u16, draw: impl FnOnce(&mut ratatui::Frame)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(draw).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer as lines of text, wide characters once, trailing spaces trimmed.
pub fn text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    let mut out = String::new();
    for row in buffer.content.chunks(width) {
        let mut line = String::new();
        let mut skip = 0;
        for cell in row {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = cell.symbol().width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Position of the first cell of `needle` on screen.
pub fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    let lines = text(buffer);
    for (y, line) in lines.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].width();
            return (x as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{lines}");
}
