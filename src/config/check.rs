//! Reads a config's text and names every problem in it at once, in file order: syntax errors,
//! then each field of the wrong type or name, and what `validate` finds in the rest.
//!
//! serde stops at the first field it cannot read, so each field is read on its own here (a
//! profile's field over a minimal sound profile), a bad one is named and left out, and the
//! rest is read and validated as a whole. The document is kept as toml's spanned tables, so
//! every number reads as it would in the whole file and each problem knows its line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Deserializer};

use super::{Config, Problem, Profile, validate};

/// A minimal sound profile that one field at a time is read over.
const SOUND_PROFILE: [(&str, &str); 2] = [
    ("platform", "\"cscart\""),
    ("base_url", "\"https://shop.example\""),
];

/// The config in `text`, or every problem it has, in the order they appear in the file, each
/// ending in its line: `profiles.shop.timeout_secs: invalid type: … (line 7)`.
pub fn check_text(text: &str) -> Result<Config, Vec<Problem>> {
    let line_of = |at: usize| text.get(..at).unwrap_or(text).matches('\n').count() + 1;
    let (document, mut syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        syntax.sort_by_key(|error| error.span().map_or(usize::MAX, |s| s.start));
        return Err(syntax
            .iter()
            .map(|error| Problem {
                field: error.span().map_or_else(
                    || "the file".to_owned(),
                    |s| format!("line {}", line_of(s.start)),
                ),
                message: message(error),
            })
            .collect());
    }
    let mut positions = HashMap::new();
    key_positions(document.get_ref(), "", &mut positions);
    let mut found = Vec::new();
    let usable = usable_parts(document.into_inner(), &mut found);
    let typed: Vec<String> = found
        .iter()
        .map(|(p, _): &(Problem, _)| p.field.clone())
        .collect();
    match read::<Config>(usable) {
        Ok(config) => {
            let checked = validate(&config).into_iter().filter(|p| {
                !typed
                    .iter()
                    .any(|field| p.field.starts_with(field.as_str()))
            });
            found.extend(checked.map(|problem| (problem, None)));
            if found.is_empty() {
                return Ok(config);
            }
        }
        Err(error) => found.push((
            Problem {
                field: "the file".to_owned(),
                message: message(&error),
            },
            error.span().map(|s| s.start),
        )),
    }
    // A field that is missing is placed after the last one of its table.
    let position = |field: &str| {
        if let Some(at) = positions.get(field) {
            return *at;
        }
        let Some((parent, _)) = field.rsplit_once('.') else {
            return usize::MAX;
        };
        let inside = format!("{parent}.");
        positions
            .iter()
            .filter(|(path, _)| path.starts_with(&inside) || path.as_str() == parent)
            .map(|(_, at)| *at + 1)
            .max()
            .unwrap_or(usize::MAX)
    };
    let mut problems: Vec<(usize, Problem)> = found
        .into_iter()
        .map(|(mut problem, at)| {
            let at = at.or_else(|| positions.get(&problem.field).copied());
            if let Some(at) = at {
                problem.message = format!("{} (line {})", problem.message, line_of(at));
            }
            (position(&problem.field), problem)
        })
        .collect();
    problems.sort_by_key(|(at, _)| *at);
    Err(problems.into_iter().map(|(_, problem)| problem).collect())
}

/// A problem and, when known, where in the file its value is.
type Found = (Problem, Option<usize>);

fn read<'i, T: Deserialize<'i>>(table: DeTable<'i>) -> Result<T, toml::de::Error> {
    T::deserialize(Deserializer::from(Spanned::new(0..0, table)))
}

fn key(name: &str) -> Spanned<Cow<'_, str>> {
    Spanned::new(0..0, Cow::Borrowed(name))
}

/// One entry's table, to read on its own.
fn alone<'i>(name: Spanned<Cow<'i, str>>, value: Spanned<DeValue<'i>>) -> DeTable<'i> {
    let mut table = DeTable::new();
    table.insert(name, value);
    table
}

/// The failure of reading `table`, with where its value is.
fn failure<T>(
    result: Result<T, toml::de::Error>,
    field: String,
    span: &Range<usize>,
) -> Option<Found> {
    result.err().map(|error| {
        let at = error
            .span()
            .filter(|s| s.start != 0 || s.end != 0)
            .unwrap_or(span.clone());
        (
            Problem {
                field,
                message: message(&error),
            },
            Some(at.start),
        )
    })
}

/// The document without the fields that cannot be read (each named in `found`), and without
/// the profiles that lack a field every profile needs.
fn usable_parts<'i>(document: DeTable<'i>, found: &mut Vec<Found>) -> DeTable<'i> {
    let mut usable = DeTable::new();
    for (name, value) in document {
        let span = value.span();
        let field = name.get_ref().to_string();
        match (field.as_str(), value.get_ref()) {
            ("profiles", DeValue::Table(profiles)) => {
                let profiles = usable_profiles(profiles.clone(), found);
                usable.insert(name, Spanned::new(span, DeValue::Table(profiles)));
            }
            ("keys", DeValue::Table(keys)) => {
                let mut kept = DeTable::new();
                for (binding, keys_value) in keys.clone() {
                    let probe = alone(
                        key("keys"),
                        Spanned::new(
                            span.clone(),
                            DeValue::Table(alone(binding.clone(), keys_value.clone())),
                        ),
                    );
                    let at = keys_value.span();
                    match failure(
                        read::<Config>(probe),
                        format!("keys.{}", binding.get_ref()),
                        &at,
                    ) {
                        Some(problem) => found.push(problem),
                        None => {
                            kept.insert(binding, keys_value);
                        }
                    }
                }
                usable.insert(name, Spanned::new(span, DeValue::Table(kept)));
            }
            _ => {
                let probe = alone(name.clone(), value.clone());
                match failure(read::<Config>(probe), field, &span) {
                    Some(problem) => found.push(problem),
                    None => {
                        usable.insert(name, value);
                    }
                }
            }
        }
    }
    usable
}

fn usable_profiles<'i>(profiles: DeTable<'i>, found: &mut Vec<Found>) -> DeTable<'i> {
    let mut usable = DeTable::new();
    for (name, profile) in profiles {
        let span = profile.span();
        let DeValue::Table(fields) = profile.get_ref() else {
            found.push((
                Problem {
                    field: format!("profiles.{}", name.get_ref()),
                    message:
                        "must be a table: [profiles.NAME] with platform, base_url, user and secret"
                            .to_owned(),
                },
                Some(span.start),
            ));
            continue;
        };
        let given: Vec<String> = fields.keys().map(|k| k.get_ref().to_string()).collect();
        let mut kept = DeTable::new();
        for (field, value) in fields.clone() {
            let mut probe = DeTable::new();
            for (sound, text) in SOUND_PROFILE {
                if let Ok(sound_value) = DeValue::parse(text) {
                    probe.insert(key(sound), sound_value);
                }
            }
            probe.insert(field.clone(), value.clone());
            let path = format!("profiles.{}.{}", name.get_ref(), field.get_ref());
            match failure(read::<Profile>(probe), path, &value.span()) {
                Some((mut problem, at)) => {
                    if field.get_ref() == "platform" {
                        let shown = text_of(value.get_ref());
                        problem.message = format!(
                            "{shown} is not a platform: use cscart, valigara, b2bwave or ugal"
                        );
                    }
                    found.push((problem, at));
                }
                None => {
                    kept.insert(field, value);
                }
            }
        }
        let mut complete = true;
        for (required, what) in [
            ("platform", "cscart, valigara, b2bwave or ugal"),
            ("base_url", "the store's address, https://..."),
        ] {
            complete &= kept.keys().any(|k| k.get_ref() == required);
            if !given.iter().any(|k| k == required) {
                found.push((
                    Problem {
                        field: format!("profiles.{}.{required}", name.get_ref()),
                        message: format!("missing: {what}"),
                    },
                    None,
                ));
            }
        }
        if complete {
            usable.insert(name, Spanned::new(span, DeValue::Table(kept)));
        }
    }
    usable
}

/// A scalar as it was written, for a message.
fn text_of(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("\"{text}\""),
        DeValue::Integer(n) => n.as_str().to_owned(),
        DeValue::Float(n) => n.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// toml's message, without the location it may add (the line is added separately).
fn message(error: &toml::de::Error) -> String {
    error.message().trim().to_owned()
}

/// The byte offset of each key, by its dotted path (`profiles.shop.base_url`).
fn key_positions(table: &DeTable<'_>, prefix: &str, positions: &mut HashMap<String, usize>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        positions.entry(path.clone()).or_insert(key.span().start);
        if let DeValue::Table(inner) = value.get_ref() {
            key_positions(inner, &path, positions);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        match check_text(text) {
            Ok(config) => panic!("no problem found in {config:?}"),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_problem_is_named_in_file_order_type_errors_included() {
        let text = "theme = 5\nmouse = \"yes\"\n\
                    [profiles.zeta]\nplatform = \"cscart\"\nbase_url = \"https://z.example\"\n\
                    user = \"a@b.c\"\nsecret = { env = \"K\" }\ntimeout_secs = \"ten\"\naccent = \"shiny\"\n\
                    [profiles.alpha]\nplatform = \"shopify\"\nbase_url = \"nope\"\ncolour = \"red\"\n";
        let found = shown(text);
        let fields: Vec<&str> = found
            .iter()
            .map(|line| line.split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(
            fields,
            [
                "theme",
                "mouse",
                "profiles.zeta.timeout_secs",
                "profiles.zeta.accent",
                "profiles.alpha.platform",
                "profiles.alpha.colour",
            ],
            "{found:#?}"
        );
        assert!(found[0].ends_with("(line 1)"), "{found:#?}");
        assert!(found[2].ends_with("(line 8)"), "{found:#?}");
        assert!(found[4].contains("shopify"), "{found:#?}");
    }

    #[test]
    fn a_sound_profile_beside_a_broken_one_is_still_validated() {
        let text = "[profiles.b]\nplatform = 7\nbase_url = \"https://b.example\"\n\
                    [profiles.c]\nplatform = \"ugal\"\nbase_url = \"ftp://c\"\nsecret = { env = \"K\" }\n";
        let found = shown(text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(
            found,
            [
                "profiles.b.platform: 7 is not a platform: use cscart, valigara, b2bwave or ugal (line 2)",
                "profiles.c.base_url: must start with https:// (line 6)",
                "profiles.c.user: missing: UGAL platform needs \"website\"",
            ]
        );
    }

    #[test]
    fn numbers_read_as_in_the_whole_file() {
        let found = shown(
            "[profiles.s]\nplatform = \"cscart\"\nbase_url = \"https://s.example\"\nuser = \"u\"\n\
             secret = { env = \"K\" }\ntimeout_secs = 18446744073709551615\n",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("profiles.s.timeout_secs: must be from 1 to 600 seconds"),
            "{found:#?}"
        );
    }

    #[test]
    fn syntax_errors_are_each_named_by_line_and_a_missing_field_is_named() {
        let found = shown("theme = \nmouse = = true\n");
        assert!(found.len() >= 2, "{found:#?}");
        assert!(found[0].starts_with("line 1"), "{found:#?}");
        let missing = shown(
            "[profiles.x]\nbase_url = \"https://x.example\"\nuser = \"u\"\nsecret = { env = \"K\" }\n",
        );
        assert_eq!(missing.len(), 1, "{missing:#?}");
        assert_eq!(
            missing[0],
            "profiles.x.platform: missing: cscart, valigara, b2bwave or ugal"
        );
        assert!(check_text("").is_ok());
    }
}
