//! `cargo bench --bench scale`: Stockroom at 100,000 and 1,000,000 products (frames, keystrokes,
//! sorting, parsing, loading, bytes to the terminal, pacing, memory, start-up) and from a
//! 1,000,000-product cache, each figure against a baseline measured in the same run; prints the
//! rows and (re)writes BENCHMARKS.md at the project root. `-- SECTION…` prints only those
//! sections' rows and leaves BENCHMARKS.md alone; sections: frames, keys, bytes, million, sort,
//! parse, load, batch, process, cache.
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
    let chosen: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let wanted = |section: &str| chosen.is_empty() || chosen.iter().any(|arg| arg == section);
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

    let in_memory = ["frames", "keys", "bytes", "million", "sort"];
    if in_memory.iter().any(|section| wanted(section)) {
        let big = store::cscart_pages(&runtime, BIG);
        let small = ui::first_products(&big, SMALL);
        if wanted("frames") {
            push(ui::frames(&big, &small, 200, 50));
            push(ui::frames(&big, &small, 120, 35));
        }
        if wanted("keys") {
            let limit = Duration::from_millis(8);
            for row in filter::keystrokes(&big, 5, limit, limit) {
                push(row);
            }
        }
        if wanted("bytes") {
            for row in ui::bytes(&big) {
                push(row);
            }
        }
        if wanted("million") || wanted("sort") {
            let huge = million::repeated(&big, COPIES);
            drop(big);
            if wanted("million") {
                push(million::state_memory(&huge));
                push(ui::frames(&huge, &small, 200, 50));
                let (first, whole) = (Duration::from_millis(16), Duration::from_millis(100));
                for row in filter::keystrokes(&huge, 2, first, whole) {
                    push(row);
                }
            }
            if wanted("sort") {
                push(million::sorts(&huge));
            }
        }
    }
    if wanted("parse") {
        for row in runtime.block_on(parse::parsing()) {
            push(row);
        }
    }
    if wanted("load") {
        for row in runtime.block_on(net::loading()) {
            push(row);
        }
    }
    if wanted("batch") {
        push(runtime.block_on(net::batch()));
    }
    drop(runtime);
    if wanted("process") {
        push(process::resident_memory());
        push(process::first_frame());
    }
    if wanted("cache") {
        for row in cache::rows() {
            push(row);
        }
    }
    if !chosen.is_empty() {
        println!("only {}: BENCHMARKS.md left alone", chosen.join(", "));
        return;
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
