//! The config's preferences in the real binary: the mouse stays off unless asked for, remapped
//! keys work, and the `:` line completes and switches theme.

use crate::tmux::{Tmux, binary};

fn demo_with_config(name: &str, config: &str) -> (tempfile::TempDir, Tmux) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prefs.toml");
    std::fs::write(&path, config).unwrap();
    // The pane stays a moment after the program ends, so what it left behind can be read.
    let command = format!(
        "{} --config {} demo; code=$?; sleep 2; (exit $code)",
        binary().display(),
        path.display()
    );
    let tmux = Tmux::start_in(name, dir.path(), 120, 35, &command);
    tmux.wait_for("the demo catalog", |s| {
        s.contains("1,200 products") && !s.contains("loading")
    });
    (dir, tmux)
}

#[test]
fn without_the_mouse_setting_the_terminal_keeps_its_text_selection() {
    let (_dir, tmux) = demo_with_config("mouse-off", "");
    assert_eq!(tmux.pane_format("#{mouse_any_flag}"), "0");
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

#[test]
fn with_the_mouse_on_a_click_selects_and_a_second_click_opens() {
    let (_dir, tmux) = demo_with_config("mouse-on", "mouse = true\n");
    assert_eq!(tmux.pane_format("#{mouse_any_flag}"), "1");
    let screen = tmux.screen();
    // The fifth product's row is on screen line 6 (its border, its header, then rows).
    let row = screen.lines().nth(6).unwrap_or_default().to_owned();
    let sku = row.split_whitespace().nth(1).unwrap_or_default().to_owned();
    assert_eq!(sku.len(), 10, "{screen}");
    // SGR mouse reports, 1-based: a press and release at column 10, line 7, twice.
    let click = "\x1b[<0;10;7M\x1b[<0;10;7m";
    tmux.type_text(click);
    tmux.type_text(click);
    let shown = tmux.wait_for("the clicked product in the detail pane", |s| {
        s.lines()
            .take(30)
            .any(|line| line.chars().skip(70).collect::<String>().contains(&sku))
    });
    tmux.send(&["q"]);
    tmux.wait_for("the shell again", |s| !s.contains("cscart-demo"));
    assert_eq!(
        tmux.pane_format("#{mouse_any_flag}"),
        "0",
        "mouse reporting is off again once Stockroom has quit"
    );
    assert_eq!(tmux.wait_exit(), "EXIT=0", "{shown}");
}

#[test]
fn the_configs_theme_and_remapped_quit_key_apply_to_the_demo() {
    let (_dir, tmux) = demo_with_config("remap", "theme = \"mono\"\n[keys]\nquit = \"ctrl-q\"\n");
    tmux.type_text(":theme");
    tmux.send(&["Enter"]);
    tmux.wait_for("the config's theme in the demo", |s| {
        s.contains("Themes: dark, light, ansi16, mono (on mono)")
    });
    tmux.send(&["q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(tmux.screen().contains("cscart-demo"), "q no longer quits");
    tmux.send(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

#[test]
fn the_command_line_completes_and_switches_theme_and_store() {
    let (_dir, tmux) = demo_with_config("command-line", "");
    tmux.type_text(":th");
    tmux.send(&["Tab"]);
    tmux.wait_for("the command completed", |s| s.contains(":theme ▏"));
    tmux.send(&["Tab"]);
    let screen = tmux.wait_for("the themes offered", |s| {
        s.contains("ansi16") && s.contains("light") && s.contains("mono")
    });
    assert!(screen.contains("(4)"), "{screen}");
    tmux.type_text("light");
    tmux.send(&["Enter"]);
    tmux.wait_for("the theme switched", |s| s.contains("Theme light"));
    tmux.type_text(":profile v");
    tmux.send(&["Tab"]);
    tmux.wait_for("the profile completed", |s| {
        s.contains(":profile valigara-demo▏")
    });
    tmux.send(&["Enter"]);
    tmux.wait_for("the Valigara demo store", |s| {
        s.contains("valigara-demo") && s.contains("Switched to profile valigara-demo")
    });
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}
