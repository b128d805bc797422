//! The terminal's checks: TERM, colours, a UTF-8 locale and tmux's clipboard setting.

use std::process::Command;

use super::Finding;
use crate::terminal;

/// TERM, COLORTERM, NO_COLOR and the locale, read through `env` (a variable's value, if set).
pub fn checks(env: &dyn Fn(&str) -> Option<String>) -> Vec<Finding> {
    let mut findings = vec![term(env("TERM").as_deref())];
    findings.push(colorterm(env("COLORTERM").as_deref()));
    if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        findings.push(Finding::ok(
            "NO_COLOR is set: colours are off, every theme is drawn in monochrome",
        ));
    }
    findings.push(locale(env));
    findings
}

fn term(value: Option<&str>) -> Finding {
    match value {
        None | Some("") => Finding::fail(
            "TERM is not set: the full-screen UI cannot draw",
            "run Stockroom in a terminal emulator, or export TERM=xterm-256color",
        ),
        Some("dumb") => Finding::fail(
            "TERM is dumb: the full-screen UI cannot draw",
            "run Stockroom in a terminal emulator, or export TERM=xterm-256color",
        ),
        Some(term) => Finding::ok(format!("TERM is {term}")),
    }
}

fn colorterm(value: Option<&str>) -> Finding {
    match value {
        Some(v) if v.eq_ignore_ascii_case("truecolor") || v.eq_ignore_ascii_case("24bit") => {
            Finding::ok(format!("COLORTERM is {v}: 24-bit colour"))
        }
        _ => Finding::ok(
            "COLORTERM does not announce 24-bit colour: themes use their 16/256-colour forms",
        ),
    }
}

/// The first of LC_ALL, LC_CTYPE and LANG that is set decides, as in C's setlocale.
fn locale(env: &dyn Fn(&str) -> Option<String>) -> Finding {
    let fix = "export LANG=C.UTF-8 (or another UTF-8 locale) in your shell's profile; \
               STOCKROOM_ASCII=1|0 or `ascii = true|false` in the config forces ASCII or Unicode";
    let ascii = "Stockroom will draw ASCII borders and symbols";
    match terminal::locale_var(env) {
        Some((name, value)) if terminal::is_utf8(&value) => {
            Finding::ok(format!("{name}={value}: a UTF-8 locale"))
        }
        Some((name, value)) => Finding::warn(
            format!("{name}={value} is not a UTF-8 locale: {ascii}, and accented names may break"),
            fix,
        ),
        None => Finding::warn(
            format!(
                "no locale is set (LC_ALL, LC_CTYPE, LANG): {ascii}, and accented names may break"
            ),
            fix,
        ),
    }
}

/// tmux's `set-clipboard`, or why it could not be read.
pub fn tmux_set_clipboard() -> Result<String, String> {
    match Command::new("tmux")
        .args(["show-options", "-gv", "set-clipboard"])
        .stdin(std::process::Stdio::null())
        .output()
    {
        Ok(output) if output.status.success() => {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        }
        Ok(output) => Err(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err("tmux is not on PATH".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether OSC 52 copies (`y` in the UI) get through tmux to the system clipboard.
pub fn tmux_clipboard(setting: Result<String, String>) -> Finding {
    let fix = "add `set -g set-clipboard on` to ~/.tmux.conf, then `tmux source-file ~/.tmux.conf`";
    match setting {
        Ok(value) if value == "on" || value == "external" => Finding::ok(format!(
            "inside tmux, set-clipboard is {value}: copies reach the system clipboard"
        )),
        Ok(value) => Finding::warn(
            format!("inside tmux, set-clipboard is {value}: copies stay in tmux's paste buffer"),
            fix,
        ),
        Err(message) => Finding::warn(
            format!("inside tmux ($TMUX is set) but cannot ask it about set-clipboard: {message}"),
            "run `stockroom doctor` inside a tmux session whose tmux binary is on PATH",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Status;
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn term_unset_or_dumb_fails() {
        assert_eq!(term(None).status, Status::Fail);
        assert_eq!(term(Some("dumb")).status, Status::Fail);
        assert_eq!(term(Some("xterm-256color")).status, Status::Ok);
    }

    #[test]
    fn lc_all_wins_over_lang() {
        let env = with(&[("LC_ALL", "C"), ("LANG", "en_US.UTF-8")]);
        let finding = locale(&env);
        assert_eq!(finding.status, Status::Warn);
        assert!(finding.text.contains("LC_ALL=C"), "{}", finding.text);
        assert_eq!(locale(&with(&[("LANG", "de_DE.utf8")])).status, Status::Ok);
        assert_eq!(locale(&with(&[])).status, Status::Warn);
    }

    #[test]
    fn no_color_is_noted() {
        let findings = checks(&with(&[("TERM", "xterm"), ("NO_COLOR", "1")]));
        assert!(findings.iter().any(|f| f.text.contains("NO_COLOR")));
    }

    #[test]
    fn tmux_clipboard_off_says_how_to_turn_it_on() {
        assert_eq!(tmux_clipboard(Ok("external".into())).status, Status::Ok);
        let off = tmux_clipboard(Ok("off".into()));
        assert_eq!(off.status, Status::Warn);
        assert!(off.fix.unwrap().contains("set -g set-clipboard on"));
        let missing = tmux_clipboard(Err("tmux is not on PATH".into()));
        assert!(missing.text.contains("not on PATH"));
    }
}
