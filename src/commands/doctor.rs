//! `stockroom doctor`: checks the terminal, the locale, tmux and the config, one line per check.

mod profiles;
mod terminal;

use std::path::Path;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }

    /// The label's colour as an SGR code: green, yellow, red.
    fn sgr(self) -> &'static str {
        match self {
            Status::Ok => "32",
            Status::Warn => "33",
            Status::Fail => "31",
        }
    }
}

/// One check's result: what was found and, when it is not ok, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub status: Status,
    pub text: String,
    pub fix: Option<String>,
}

impl Finding {
    pub fn ok(text: impl Into<String>) -> Finding {
        Finding {
            status: Status::Ok,
            text: text.into(),
            fix: None,
        }
    }

    pub fn warn(text: impl Into<String>, fix: impl Into<String>) -> Finding {
        Finding {
            status: Status::Warn,
            text: text.into(),
            fix: Some(fix.into()),
        }
    }

    pub fn fail(text: impl Into<String>, fix: impl Into<String>) -> Finding {
        Finding {
            status: Status::Fail,
            text: text.into(),
            fix: Some(fix.into()),
        }
    }

    /// The finding as one line, its status coloured when `color`, the text cleaned.
    pub fn line(&self, color: bool) -> String {
        let (label, sgr, text) = self.parts(color);
        super::output::labelled(&label, sgr, &text)
    }

    /// The padded label, its colour when `color`, and the text with its fix on one line:
    /// findings quote environment values and server messages.
    fn parts(&self, color: bool) -> (String, Option<&'static str>, String) {
        let label = format!("{:<4}", self.status.label());
        let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = match &self.fix {
            Some(fix) => format!("{} (fix: {})", one_line(&self.text), one_line(fix)),
            None => one_line(&self.text),
        };
        (label, color.then(|| self.status.sgr()), text)
    }
}

/// Runs every check and prints it as it completes. Returns whether none failed.
pub async fn run(explicit_config: Option<&Path>, only_profile: Option<&str>) -> bool {
    use std::io::IsTerminal;
    let env = |name: &str| std::env::var(name).ok();
    let color = std::io::stdout().is_terminal() && env("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut failed = false;
    let mut report = |finding: Finding| {
        failed |= finding.status == Status::Fail;
        let (label, sgr, text) = finding.parts(color);
        super::output::say_labelled(&label, sgr, &text);
    };
    for finding in terminal::checks(&env) {
        report(finding);
    }
    if env("TMUX").is_some_and(|v| !v.is_empty()) {
        report(terminal::tmux_clipboard(terminal::tmux_set_clipboard()));
    }
    for finding in profiles::checks(explicit_config, only_profile).await {
        report(finding);
    }
    !failed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_the_status_then_the_finding_and_the_fix() {
        let warn = Finding::warn("locale is C", "export LANG=C.UTF-8");
        assert_eq!(
            warn.line(false),
            "warn  locale is C (fix: export LANG=C.UTF-8)"
        );
        assert_eq!(Finding::ok("fine\nreally").line(false), "ok    fine really");
        assert!(
            Finding::fail("x", "y")
                .line(true)
                .starts_with("\x1b[31mfail")
        );
    }
}
