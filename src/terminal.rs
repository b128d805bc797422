//! The terminal: what its environment says about it (whether its locale is UTF-8, whether to draw
//! ASCII), and the one the UI draws on.

pub mod gap_fill;

use std::io::{self, Stdout};

use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use gap_fill::GapFill;

/// The terminal the UI draws on: crossterm on stdout, through `GapFill` to write fewer bytes.
pub type AppTerminal = Terminal<GapFill<CrosstermBackend<Stdout>>>;

/// Takes the terminal for the UI: raw mode on the alternate screen, put back by
/// `ratatui::restore` (also on a panic), cleared once so that `GapFill` knows every cell.
pub fn init() -> io::Result<AppTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        previous(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let mut terminal = Terminal::new(GapFill::new(CrosstermBackend::new(io::stdout())))?;
    terminal.backend_mut().clear()?;
    Ok(terminal)
}

/// The variable that forces ASCII (`1`) or Unicode (`0`) drawing, whatever the locale.
pub const ASCII_VAR: &str = "STOCKROOM_ASCII";

/// The locale variable that decides the character set, with its value: the first non-empty
/// of `LC_ALL`, `LC_CTYPE` and `LANG`, as in C's `setlocale`. None set means the "C" locale.
pub fn locale_var(env: &dyn Fn(&str) -> Option<String>) -> Option<(&'static str, String)> {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|name| env(name).filter(|v| !v.is_empty()).map(|v| (name, v)))
}

/// Whether a locale value names UTF-8 (`en_US.UTF-8`, `C.utf8`).
pub fn is_utf8(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.contains("utf-8") || lower.contains("utf8")
}

/// Whether the environment's locale is UTF-8; none set is "C", which is not.
pub fn utf8_locale(env: &dyn Fn(&str) -> Option<String>) -> bool {
    locale_var(env).is_some_and(|(_, value)| is_utf8(&value))
}

/// Whether to draw ASCII: `STOCKROOM_ASCII` (`1`/`true`/`yes` or `0`/`false`/`no`) beats the
/// config's `ascii`, which beats the locale. Any other value of the variable is ignored.
pub fn ascii_wanted(env: &dyn Fn(&str) -> Option<String>, config: Option<bool>) -> bool {
    let forced = env(ASCII_VAR).and_then(|v| match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    });
    forced.or(config).unwrap_or_else(|| !utf8_locale(env))
}

/// The process environment, for the functions above.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn utf8_locale_follows_posix_precedence() {
        assert!(utf8_locale(&env(&[("LANG", "en_US.UTF-8")])));
        assert!(utf8_locale(&env(&[("LC_CTYPE", "C.utf8"), ("LANG", "C")])));
        assert!(!utf8_locale(&env(&[
            ("LC_ALL", "C"),
            ("LANG", "en_US.UTF-8")
        ])));
        assert!(!utf8_locale(&env(&[
            ("LC_ALL", "POSIX"),
            ("LC_CTYPE", "en_US.UTF-8")
        ])));
        assert!(utf8_locale(&env(&[
            ("LC_ALL", ""),
            ("LANG", "de_DE.UTF-8")
        ])));
        assert!(!utf8_locale(&env(&[("LANG", "de_DE.ISO-8859-1")])));
    }

    #[test]
    fn no_locale_is_c_and_not_utf8() {
        assert!(!utf8_locale(&env(&[])));
        assert!(!utf8_locale(&env(&[("LC_ALL", ""), ("LANG", "")])));
    }

    #[test]
    fn the_config_reads_ascii_as_an_optional_bool() {
        let parse = |text: &str| toml::from_str::<crate::config::Config>(text).map(|c| c.ascii);
        assert_eq!(parse("ascii = true").ok(), Some(Some(true)));
        assert_eq!(parse("ascii = false").ok(), Some(Some(false)));
        assert_eq!(parse("").ok(), Some(None));
        assert!(parse("ascii = \"yes\"").is_err());
    }

    #[test]
    fn env_beats_config_beats_locale() {
        let c = [("LANG", "C")];
        let utf8 = [("LANG", "en_US.UTF-8")];
        assert!(ascii_wanted(&env(&c), None));
        assert!(!ascii_wanted(&env(&utf8), None));
        assert!(!ascii_wanted(&env(&c), Some(false)));
        assert!(ascii_wanted(&env(&utf8), Some(true)));
        assert!(!ascii_wanted(
            &env(&[("LANG", "C"), (ASCII_VAR, "0")]),
            Some(true)
        ));
        assert!(ascii_wanted(
            &env(&[("LANG", "en_US.UTF-8"), (ASCII_VAR, "1")]),
            Some(false)
        ));
        assert!(ascii_wanted(
            &env(&[("LANG", "C"), (ASCII_VAR, "maybe")]),
            None
        ));
        assert!(!ascii_wanted(
            &env(&[("LANG", "C"), (ASCII_VAR, "")]),
            Some(false)
        ));
    }
}
