//! The rows of BENCHMARKS.md: each goal with its baseline, result and ratio, and the file around them.

use std::fmt::Write as _;
use std::time::Duration;

/// One measured goal.
pub struct Row {
    /// What is measured and the goal, e.g. `frame at 200x50, 100,000 vs 1,000 products: ≤ 1.5×`.
    pub goal: String,
    pub baseline: String,
    pub result: String,
    /// Result over baseline (or baseline over result for a speed-up), as printed.
    pub ratio: String,
    pub met: bool,
    /// One line: how the figures were taken.
    pub how: String,
    /// When missed: by how much and why.
    pub miss: Option<String>,
}

impl Row {
    pub fn print(&self) {
        println!(
            "{:<4} {} | baseline {} | result {} | ratio {}",
            if self.met { "met" } else { "MISS" },
            self.goal,
            self.baseline,
            self.result,
            self.ratio
        );
        if std::env::var_os("SCALE_VERBOSE").is_some() {
            println!("     how: {}", self.how);
            if let Some(miss) = &self.miss {
                println!("     miss: {miss}");
            }
        }
    }
}

/// BENCHMARKS.md: the machine, the table, how each row was measured, and every missed goal.
pub fn markdown(rows: &[Row], machine: &str, date: &str, total: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(
        out,
        "Written by `cargo bench --bench scale` (release build) on {date}, on {machine}; the whole \
         run took {:.0} s. Every figure is compared with a baseline measured in the same run, so \
         the ratios travel between machines better than the times; the machine is shared and \
         noisy, and a second run moves the times by a few tens of per cent.\n",
        total.as_secs_f64()
    );
    let _ = writeln!(out, "| goal | baseline | result | ratio | met? |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            row.goal,
            row.baseline,
            row.result,
            row.ratio,
            if row.met { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(out, "\n## How each row was measured\n");
    for row in rows {
        let _ = writeln!(out, "- **{}**: {}", row.goal, row.how);
    }
    let missed: Vec<&Row> = rows.iter().filter(|row| !row.met).collect();
    if !missed.is_empty() {
        let _ = writeln!(out, "\n## Missed goals\n");
        for row in missed {
            let why = row.miss.as_deref().unwrap_or("(no explanation recorded)");
            let _ = writeln!(out, "**{}**: {why}\n", row.goal);
        }
    }
    out
}

/// `N CPUs, <model>` from the kernel.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "an unknown CPU".to_owned());
    format!("{cpus} CPUs (nproc), {model}")
}

/// Today as `YYYY-MM-DD` (UTC), from the clock.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The value at quantile `q` (0..=1) of `samples`, sorted in place.
pub fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort();
    let index = ((samples.len() - 1) as f64 * q).round() as usize;
    samples[index.min(samples.len() - 1)]
}

pub fn mean(samples: &[Duration]) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.iter().sum::<Duration>() / samples.len() as u32
}

/// A duration as `0.123 ms` or `1.23 s`.
pub fn time(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.3} ms")
    }
}

pub use stockroom::wording::thousands as grouped;

pub fn ratio(value: f64) -> String {
    format!("{value:.2}×")
}
