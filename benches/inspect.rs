//! Times the inspector on a 5 MB minified JSON body, as ratios to `serde_json::from_slice` on it.
//!
//! Run: `cargo bench --bench inspect` (release build). Each figure is the median of several runs;
//! the baseline is measured in the same run, so the ratios hold across machines better than times.

use std::hint::black_box;
use std::time::{Duration, Instant};

use stockroom::inspect::body::{self, BodyKind};
use stockroom::inspect::highlight;

const BODY_BYTES: usize = 5 * 1024 * 1024;
const RUNS: usize = 9;
const VISIBLE_LINES: usize = 50;
/// Highlighting 50 lines takes microseconds: it is repeated to be measurable.
const HIGHLIGHT_REPEAT: u32 = 1_000;

fn main() -> Result<(), String> {
    let text = product_list(BODY_BYTES);
    let bytes = text.as_bytes();

    let baseline = median(|| {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        black_box(value);
        Ok(())
    })?;
    let format = median(|| {
        black_box(body::format(bytes, Some("application/json")));
        Ok(())
    })?;

    let formatted = body::format(bytes, Some("application/json"));
    if formatted.kind != BodyKind::Json {
        return Err(format!("expected JSON, got {:?}", formatted.kind));
    }
    let middle = formatted.lines.len() / 2;
    let visible = formatted
        .lines
        .get(middle..middle + VISIBLE_LINES)
        .ok_or("body too short")?;
    let highlight = median(|| {
        for _ in 0..HIGHLIGHT_REPEAT {
            for line in visible {
                black_box(highlight::json_line(black_box(line)));
            }
        }
        Ok(())
    })? / HIGHLIGHT_REPEAT;

    println!(
        "body: {} on one line, {} display lines once formatted; median of {RUNS} runs",
        body::size(bytes.len()),
        formatted.lines.len()
    );
    report("serde_json::from_slice (baseline)", baseline, baseline);
    report(
        "body::format (validate, re-indent, split)",
        format,
        baseline,
    );
    report("highlight::json_line x 50 lines", highlight, baseline);

    // A frame of the exchange view with the 5 MB body open, against one with a small body:
    // drawing must cost the same whatever the body's size.
    let small = body::format(product_list(1024).as_bytes(), Some("application/json"));
    let small_state = exchange_state(small, 0);
    let big_state = exchange_state(formatted, middle);
    let frame_small = median(|| draw(&small_state))?;
    let frame_big = median(|| draw(&big_state))?;
    println!();
    report(
        "frame, exchange view, 1 KB body (baseline)",
        frame_small,
        frame_small,
    );
    report("frame, exchange view, 5 MB body", frame_big, frame_small);
    Ok(())
}

/// A state showing the exchange view with `formatted` as the response body, scrolled to `scroll`.
fn exchange_state(formatted: body::FormattedBody, scroll: usize) -> stockroom::app::state::State {
    use std::sync::Arc;

    use stockroom::app::state::{Inspector, Layer, OpenExchange, Section, State};
    use stockroom::catalog::exchange::Exchange;

    let mut state = State::new(vec![], 0);
    state.viewport = (120, 40);
    state.ledger.push_front(Exchange {
        profile: None,
        seq: 1,
        started_at: std::time::SystemTime::UNIX_EPOCH,
        method: "GET".into(),
        url: "http://127.0.0.1/api/products".into(),
        path: "/api/products".into(),
        request_headers: vec![],
        request_body: None,
        status: Some(200),
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: bytes::Bytes::new(),
        latency: Duration::from_millis(5),
        debug_id: None,
        rate_limit: None,
        platform_status: None,
        error: None,
    });
    state.push(Layer::Ledger(Inspector::default()));
    state.push(Layer::Exchange(OpenExchange {
        seq: 1,
        section: Section::Response,
        request_body: None,
        response_body: Some(Arc::new(formatted)),
        scroll,
        shift: 0,
        search: None,
    }));
    state.profiles.push(stockroom::app::state::ProfileInfo {
        name: "bench".into(),
        platform: stockroom::catalog::model::Platform::Cscart,
        host: "127.0.0.1".into(),
        read_only: false,
        production: false,
        capabilities: stockroom::catalog::capabilities(
            stockroom::catalog::model::Platform::Cscart,
            false,
        ),
        user: None,
        secret_var: "STOCKROOM_SECRET".into(),
    });
    state
}

/// Ten frames at 120x40.
fn draw(state: &stockroom::app::state::State) -> Result<(), String> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let styles = stockroom::theme::Styles::default();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).map_err(|e| e.to_string())?;
    for _ in 0..10 {
        terminal
            .draw(|frame| stockroom::ui::draw(frame, state, &styles))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn report(name: &str, time: Duration, baseline: Duration) {
    let ratio = time.as_secs_f64() / baseline.as_secs_f64();
    println!("{name:<44} {:>12.3?}  {ratio:>9.5} x baseline", time);
}

fn median(mut run: impl FnMut() -> Result<(), String>) -> Result<Duration, String> {
    run()?;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[RUNS / 2])
}

/// A CS-Cart-like product list, minified, of at least `min_bytes`.
fn product_list(min_bytes: usize) -> String {
    let mut text = String::from(r#"{"products":["#);
    let mut i = 0u64;
    while text.len() < min_bytes {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"product_id":"{i}","product":"Item {i} — Größe M","product_code":"SKU{i:08}","price":"{i}.50","list_price":"{}.00","amount":{},"status":"A","category_ids":[{},{}],"has_options":false,"main_pair":null,"product_features":[]}}"#,
            i + 10,
            i % 97,
            i % 13,
            i % 7
        ));
        i += 1;
    }
    text.push_str(r#"],"params":{"page":1,"items_per_page":"10","total_items":"247"}}"#);
    text
}
