//! `cargo bench --bench scale`: Stockroom at 100,000 and 1,000,000 products (frames, keystrokes,
//! sorting, parsing, loading, bytes to the terminal, pacing, memory, start-up) and from a
//! 1,000,000-product cache, each figure against a baseline measured in the same run; prints the
//! rows and (re)writes BENCHMARKS.md at the project root. `-- cache` prints the cache's rows only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "scale/cache.rs"]
mod cache;
#[path = "scale/filter.rs"]
mod filter;
#[path = "scale/million.rs"]
mod million;
#[path = "scale/net.rs"]
mod net;
#[path = "scale/parse.rs"]
mod parse;
#[path = "scale/process.rs"]
mod process;
#[path = "scale/report.rs"]
mod report;
#[path = "scale/store.rs"]
mod store;
#[path = "scale/ui.rs"]
mod ui;

use std::time::{Duration, Instant};

const BIG: usize = 100_000;
const SMALL: usize = 1_000;
/// The million-product catalog is `BIG` repeated this many times.
const COPIES: usize = 10;

fn main() {
    if std::env::args().any(|arg| arg == "cache") {
        for row in cache::rows() {
            row.print();
        }
        return;
    }
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mut rows = Vec::new();
    let mut push = |row: report::Row| {
        row.print();
        rows.push(row);
    };

    let big = store::cscart_pages(&runtime, BIG);
    let small = ui::first_products(&big, SMALL);
    push(ui::frames(&big, &small, 200, 50));
    push(ui::frames(&big, &small, 120, 35));
    for row in filter::keystrokes(&big, 5, Duration::from_millis(8), Duration::from_millis(8)) {
        push(row);
    }
    for row in ui::bytes(&big) {
        push(row);
    }

    let huge = million::repeated(&big, COPIES);
    drop(big);
    push(million::state_memory(&huge, &small));
    push(ui::frames(&huge, &small, 200, 50));
    for row in filter::keystrokes(
        &huge,
        2,
        Duration::from_millis(16),
        Duration::from_millis(100),
    ) {
        push(row);
    }
    push(million::sorts(&huge));
    drop(huge);
    drop(small);

    if std::env::var_os("SCALE_UI_ONLY").is_some() {
        println!("SCALE_UI_ONLY: network and process rows skipped, BENCHMARKS.md left alone");
        return;
    }
    for row in runtime.block_on(parse::parsing()) {
        push(row);
    }
    for row in runtime.block_on(net::loading()) {
        push(row);
    }
    push(runtime.block_on(net::batch()));
    drop(runtime);

    push(process::resident_memory());
    push(process::first_frame());
    for row in cache::rows() {
        push(row);
    }

    let text = report::markdown(
        &rows,
        &report::machine(),
        &report::today(),
        started.elapsed(),
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
    std::fs::write(&path, text).expect("writing BENCHMARKS.md");
    println!(
        "\n{} of {} goals met; wrote {} in {:.0} s",
        rows.iter().filter(|row| row.met).count(),
        rows.len(),
        path.display(),
        started.elapsed().as_secs_f64()
    );
}
