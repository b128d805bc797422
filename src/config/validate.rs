//! Checks a parsed config and names each bad field, so one run of `config check` lists them all.

use std::fmt;
use std::path::Path;

use url::Url;

use super::Config;
use crate::catalog::model::Platform;

/// One problem with one field, e.g. `profiles.shop.base_url: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A request may wait this long for its answer: a second at least, ten minutes at most.
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=600;
/// A pace slower than one request in 100 s never finishes a catalog; faster than 1000 a second
/// is no pace at all.
pub const REQUESTS_PER_SECOND: std::ops::RangeInclusive<f64> = 0.01..=1000.0;

pub fn validate(config: &Config) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |field: String, message: String| problems.push(Problem { field, message });

    if let Some(name) = &config.default_profile
        && !config.profiles.contains_key(name)
    {
        let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
        let known = if known.is_empty() {
            "none defined".to_owned()
        } else {
            known.join(", ")
        };
        problem(
            "default_profile".into(),
            format!("no profile named \"{name}\" (profiles: {known})"),
        );
    }

    if let Err(key_problems) = crate::keys::Bindings::build(&config.keys) {
        for p in key_problems {
            problem(p.field, p.message);
        }
    }

    for (name, profile) in &config.profiles {
        let field = |key: &str| format!("profiles.{name}.{key}");
        match Url::parse(profile.base_url.trim()) {
            Err(e) => problem(
                field("base_url"),
                format!("\"{}\" is not a URL: {e}", profile.base_url),
            ),
            Ok(url) if !matches!(url.scheme(), "http" | "https") => {
                problem(field("base_url"), "must start with https://".into());
            }
            Ok(url)
                if url.scheme() == "http" && !is_loopback(&url) && !profile.allow_insecure_http =>
            {
                problem(
                    field("base_url"),
                    "plain http:// is only allowed for loopback; use https:// or set allow_insecure_http = true"
                        .into(),
                );
            }
            Ok(_) => {}
        }
        let needs_user = matches!(
            profile.platform,
            Platform::Cscart | Platform::B2bwave | Platform::Ugal
        );
        if needs_user && profile.user.as_deref().is_none_or(|u| u.trim().is_empty()) {
            let what = match profile.platform {
                Platform::Cscart => "the admin e-mail",
                Platform::B2bwave => "the app code",
                _ => "\"website\"",
            };
            problem(
                field("user"),
                format!("missing: {} platform needs {what}", profile.platform),
            );
        }
        match &profile.secret {
            None => problem(
                field("secret"),
                "missing: add secret = { env = \"VAR\" }, { command = \"...\" } or { value = \"...\" }".into(),
            ),
            Some(secret) => {
                if let Err(e) = secret.check_shape() {
                    problem(field("secret"), e.to_string());
                }
            }
        }
        if let Some(timeout) = profile.timeout_secs
            && !TIMEOUT_SECS.contains(&timeout)
        {
            problem(
                field("timeout_secs"),
                format!(
                    "must be from {} to {} seconds, not {timeout}",
                    TIMEOUT_SECS.start(),
                    TIMEOUT_SECS.end()
                ),
            );
        }
        if let Some(accent) = &profile.accent
            && accent_colour(accent).is_none()
        {
            problem(
                field("accent"),
                format!(
                    "`{accent}` is not a colour: use a name (magenta, lightblue), 0-255 or #rrggbb"
                ),
            );
        }
        if let Some(rate) = profile.requests_per_second
            && !REQUESTS_PER_SECOND.contains(&rate)
        {
            problem(
                field("requests_per_second"),
                format!(
                    "must be a number above 0, from {} to {} (such as 2 or 0.5), not {rate}",
                    REQUESTS_PER_SECOND.start(),
                    REQUESTS_PER_SECOND.end()
                ),
            );
        }
    }
    problems
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A warning when the file holds an inline secret and its group or other users may read it.
pub fn permission_warning(path: &Path, config: &Config) -> Option<String> {
    let inline: Vec<&str> = config
        .profiles
        .iter()
        .filter(|(_, p)| p.secret.as_ref().is_some_and(|s| s.is_inline()))
        .map(|(name, _)| name.as_str())
        .collect();
    if inline.is_empty() {
        return None;
    }
    readable_by_others(path).then(|| {
        format!(
            "run chmod 600 {}: it holds an inline secret (profiles: {}) and is readable by other users",
            path.display(),
            inline.join(", ")
        )
    })
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(rate: &str) -> Vec<Problem> {
        problems_with(&format!("requests_per_second = {rate}"))
    }

    fn problems_with(line: &str) -> Vec<Problem> {
        let text = format!(
            "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"https://shop.example\"\nuser = \"a@b.c\"\nsecret = {{ env = \"KEY\" }}\n{line}\n"
        );
        let config: Config = toml::from_str(&text).unwrap();
        validate(&config)
    }

    #[test]
    fn extreme_rates_and_timeouts_are_refused_naming_the_range() {
        for bad in ["1e-300", "0.001", "1000000", "1.7976931348623157e308"] {
            let found = problems(bad);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(found[0].message.contains("from 0.01 to 1000"), "{found:?}");
        }
        assert_eq!(problems("0.01"), vec![]);
        assert_eq!(problems("1000"), vec![]);
        for bad in ["0", "601", "18446744073709551615"] {
            let found = problems_with(&format!("timeout_secs = {bad}"));
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(found[0].field, "profiles.shop.timeout_secs");
            assert!(
                found[0].message.contains("from 1 to 600 seconds"),
                "{found:?}"
            );
        }
        assert_eq!(problems_with("timeout_secs = 600"), vec![]);
    }

    #[test]
    fn requests_per_second_must_be_above_zero() {
        assert_eq!(problems("2"), vec![]);
        assert_eq!(problems("0.5"), vec![]);
        for bad in ["0", "-1", "nan", "inf"] {
            let found = problems(bad);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(found[0].field, "profiles.shop.requests_per_second");
            assert!(found[0].message.starts_with("must be a number above 0"));
        }
    }
}

/// A profile's accent as a terminal colour, if it names one.
pub fn accent_colour(text: &str) -> Option<ratatui::style::Color> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod accent_tests {
    use super::accent_colour;
    use ratatui::style::Color;

    #[test]
    fn accents_are_colour_names_numbers_or_hex() {
        assert_eq!(accent_colour("magenta"), Some(Color::Magenta));
        assert_eq!(accent_colour("33"), Some(Color::Indexed(33)));
        assert_eq!(accent_colour("#ff8800"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(accent_colour("shiny"), None);
    }
}
