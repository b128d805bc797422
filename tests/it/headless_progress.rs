//! Progress and quiet: a bar on stderr only when it is a terminal, `--quiet` printing the
//! summary and the first problems with a count of the rest.

use crate::bulk_cli::{store, store_of, tracked};
use crate::tmux::{Tmux, binary};

#[test]
fn quiet_prints_the_summary_and_the_first_20_problems_of_a_100000_row_file() {
    let store = store("cscart", &[], 10);
    let (_, rows) = store.export_csv();
    let (sku, stock, _) = tracked(&rows)[0].clone();
    let mut text = format!("sku,stock\n{sku},{}\n", stock + 1);
    for n in 0..99_999 {
        text.push_str(&format!("NO-SUCH-{n},1\n"));
    }
    let file = store.file("big.csv", &text);
    let path = file.to_string_lossy().into_owned();

    let quiet = store.run(&["stock", "apply", path.as_str(), "--dry-run", "--quiet"]);
    assert_eq!(quiet.code, 1, "{}", quiet.stderr);
    let lines: Vec<&str> = quiet.stdout.lines().collect();
    assert_eq!(lines.len(), 22, "{}", quiet.stdout);
    assert_eq!(lines[0], "line 3: no product with SKU NO-SUCH-0");
    assert_eq!(lines[19], "line 22: no product with SKU NO-SUCH-19");
    assert_eq!(
        lines[20],
        "… and 99,979 more problems (run without --quiet to list every one)"
    );
    assert_eq!(
        lines[21],
        "1 to change, 99999 with problems (dry run: nothing sent)"
    );
    assert!(
        quiet.stderr.is_empty(),
        "no bar in a pipe: {}",
        quiet.stderr
    );

    let full = store.apply(&file, true);
    assert_eq!(full.stdout.lines().count(), 1 + 99_999 + 1);
    assert!(
        full.stdout.starts_with(&format!("{sku}  ")),
        "the change is listed"
    );
}

#[test]
fn quiet_sending_prints_only_the_summary() {
    let store = store("cscart", &[], 10);
    let (_, rows) = store.export_csv();
    let (sku, stock, _) = tracked(&rows)[0].clone();
    let file = store.file("one.csv", &format!("sku,stock\n{sku},{}\n", stock + 2));
    let path = file.to_string_lossy().into_owned();
    let run = store.run(&["stock", "apply", path.as_str(), "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "sent 1, already applied 0, conflicts 0, failed 0, problems 0\n"
    );
}

#[test]
fn a_bar_is_drawn_on_stderr_at_a_terminal_while_stdout_goes_to_a_file() {
    let store = store_of("cscart", 3000, &["--latency-ms", "400"], 10);
    let out = store.dir.path().join("out.csv");
    let command = format!(
        "'{}' --config '{}' --profile p export --format csv > '{}'",
        binary().display(),
        store.config.display(),
        out.display()
    );
    let tmux = Tmux::start("export-bar", 100, 10, &command);
    tmux.wait_for("the export's bar", |screen| {
        screen.contains("exported ") && screen.contains(" products")
    });
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written.lines().count(),
        3001,
        "the bar never reaches the file"
    );
    assert!(!written.contains("exported"));
}
