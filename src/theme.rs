//! Colour themes: semantic palettes from `themes/*.toml`, built in or overridden by the user, turned into styles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

mod glyphs;
mod styles;

pub use glyphs::Glyphs;
pub use styles::Styles;

const BUILTIN: [(&str, &str); 4] = [
    ("dark", include_str!("../themes/dark.toml")),
    ("light", include_str!("../themes/light.toml")),
    ("ansi16", include_str!("../themes/ansi16.toml")),
    ("mono", include_str!("../themes/mono.toml")),
];

const BUILTIN_NAMES: [&str; 4] = ["dark", "light", "ansi16", "mono"];

/// Every colour a theme file sets.
const COLOURS: [&str; 22] = [
    "background",
    "text",
    "muted",
    "accent",
    "selection_fg",
    "selection_bg",
    "border",
    "ok",
    "warn",
    "error",
    "added",
    "changed",
    "removed",
    "json_key",
    "json_string",
    "json_number",
    "json_literal",
    "json_punctuation",
    "xml_tag",
    "xml_attribute",
    "xml_value",
    "xml_comment",
];

/// Roles that may carry text modifiers in a theme's `[modifiers]` table.
const MODIFIER_ROLES: [&str; 20] = [
    "text",
    "muted",
    "accent",
    "selection",
    "border",
    "ok",
    "warn",
    "error",
    "added",
    "changed",
    "removed",
    "json_key",
    "json_string",
    "json_number",
    "json_literal",
    "json_punctuation",
    "xml_tag",
    "xml_attribute",
    "xml_value",
    "xml_comment",
];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme `{name}`; built-in themes: {}", BUILTIN_NAMES.join(", "))]
    Unknown { name: String },
    #[error("cannot read theme file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("theme {file}: {message}")]
    Syntax { file: String, message: String },
    #[error(
        "theme {file}: `{field}` = {value:?} is not a colour (use a name such as \"lightblue\", \"#rrggbb\" or an index 0-255)"
    )]
    BadColour {
        file: String,
        field: String,
        value: String,
    },
    #[error(
        "theme {file}: `modifiers.{field}` has {value:?}; use bold, dim, italic, underlined, reversed or crossed_out"
    )]
    BadModifier {
        file: String,
        field: String,
        value: String,
    },
    #[error("theme {file}: unknown field `{field}`")]
    UnknownField { file: String, field: String },
    #[error("theme {file}: `{field}` is missing")]
    Missing { file: String, field: String },
}

/// Every theme by name: the built-ins, then the user's files in `user_themes_dir`.
pub fn names(user_themes_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN_NAMES.iter().map(|n| n.to_string()).collect();
    let files = user_themes_dir.and_then(|dir| std::fs::read_dir(dir).ok());
    let mut user: Vec<String> = files
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let stem = path.file_stem()?.to_str()?.to_owned();
            let toml = path.extension().is_some_and(|e| e == "toml");
            (toml && is_plain_name(&stem) && !names.contains(&stem)).then_some(stem)
        })
        .collect();
    user.sort();
    names.extend(user);
    names
}

pub fn builtin_names() -> &'static [&'static str] {
    &BUILTIN_NAMES
}

/// Loads a theme by name. `{user_themes_dir}/{name}.toml`, when it exists, overrides the
/// built-in of that name field by field (or defines a new theme on top of `dark`).
/// `no_color` (the `NO_COLOR` convention) checks the name but styles with `mono`, colours removed.
pub fn load(
    name: &str,
    user_themes_dir: Option<&Path>,
    no_color: bool,
) -> Result<Styles, ThemeError> {
    let mut palette = resolve(name, user_themes_dir)?;
    if no_color {
        palette = resolve("mono", user_themes_dir)?;
        palette.colours.values_mut().for_each(|c| *c = Color::Reset);
    }
    Ok(palette.styles())
}

fn resolve(name: &str, user_themes_dir: Option<&Path>) -> Result<Palette, ThemeError> {
    let builtin = BUILTIN.iter().find(|(builtin, _)| *builtin == name);
    let user_file = user_themes_dir
        .filter(|_| is_plain_name(name))
        .map(|dir| dir.join(format!("{name}.toml")))
        .filter(|path| path.is_file());
    match (builtin, user_file) {
        (_, Some(path)) => {
            let base_text = builtin.map_or(BUILTIN[0].1, |(_, text)| *text);
            let base = Palette::parse(base_text, &format!("built-in {name}"), None)?;
            let text = std::fs::read_to_string(&path).map_err(|source| ThemeError::Read {
                path: path.clone(),
                source,
            })?;
            Palette::parse(&text, &path.display().to_string(), Some(base))
        }
        (Some((_, text)), None) => Palette::parse(text, &format!("built-in {name}"), None),
        (None, None) => Err(ThemeError::Unknown {
            name: name.to_string(),
        }),
    }
}

/// A theme name must not walk out of the themes directory.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[derive(Debug, Clone, Default)]
struct Palette {
    colours: BTreeMap<String, Color>,
    modifiers: BTreeMap<String, Modifier>,
}

impl Palette {
    /// Reads a theme file; with a `base`, the file only needs the fields it changes.
    fn parse(text: &str, file: &str, base: Option<Palette>) -> Result<Palette, ThemeError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| ThemeError::Syntax {
            file: file.to_string(),
            message: e.message().to_string(),
        })?;
        let mut palette = base.unwrap_or_default();
        for (key, value) in &table {
            if key == "modifiers" {
                palette.read_modifiers(value, file)?;
                continue;
            }
            if !COLOURS.contains(&key.as_str()) {
                return Err(ThemeError::UnknownField {
                    file: file.to_string(),
                    field: key.clone(),
                });
            }
            let bad = || ThemeError::BadColour {
                file: file.to_string(),
                field: key.clone(),
                value: value.to_string(),
            };
            let colour = value.as_str().ok_or_else(bad)?;
            let colour = Color::from_str(colour).map_err(|_| bad())?;
            palette.colours.insert(key.clone(), colour);
        }
        if let Some(missing) = COLOURS.iter().find(|c| !palette.colours.contains_key(**c)) {
            return Err(ThemeError::Missing {
                file: file.to_string(),
                field: (*missing).to_string(),
            });
        }
        Ok(palette)
    }

    fn read_modifiers(&mut self, value: &toml::Value, file: &str) -> Result<(), ThemeError> {
        let Some(table) = value.as_table() else {
            return Err(ThemeError::Syntax {
                file: file.to_string(),
                message: "`modifiers` must be a table of role = [\"bold\", ...]".into(),
            });
        };
        for (role, names) in table {
            if !MODIFIER_ROLES.contains(&role.as_str()) {
                return Err(ThemeError::UnknownField {
                    file: file.to_string(),
                    field: format!("modifiers.{role}"),
                });
            }
            let bad = |value: String| ThemeError::BadModifier {
                file: file.to_string(),
                field: role.clone(),
                value,
            };
            let names = names.as_array().ok_or_else(|| bad(names.to_string()))?;
            let mut modifier = Modifier::empty();
            for name in names {
                let name = name.as_str().ok_or_else(|| bad(name.to_string()))?;
                modifier |= modifier_named(name).ok_or_else(|| bad(name.to_string()))?;
            }
            self.modifiers.insert(role.clone(), modifier);
        }
        Ok(())
    }

    fn colour(&self, name: &str) -> Color {
        self.colours.get(name).copied().unwrap_or(Color::Reset)
    }

    fn role(&self, name: &str) -> Style {
        let modifier = self.modifiers.get(name).copied().unwrap_or_default();
        Style::new().fg(self.colour(name)).add_modifier(modifier)
    }

    fn styles(&self) -> Styles {
        let text = self.role("text");
        let accent = self.role("accent");
        let error = self.role("error");
        let base = text.bg(self.colour("background"));
        Styles {
            base,
            text,
            muted: self.role("muted"),
            accent,
            border: self.role("border"),
            border_focused: accent.add_modifier(Modifier::BOLD),
            title: text.add_modifier(Modifier::BOLD),
            header: text.add_modifier(Modifier::BOLD),
            selection: Style::new()
                .fg(self.colour("selection_fg"))
                .bg(self.colour("selection_bg"))
                .add_modifier(self.modifiers.get("selection").copied().unwrap_or_default()),
            ok: self.role("ok"),
            warn: self.role("warn"),
            error,
            added: self.role("added"),
            changed: self.role("changed"),
            removed: self.role("removed"),
            status_bar: base,
            status_bar_production: Style::new()
                .fg(self.colour("error"))
                .bg(self.colour("background"))
                .add_modifier(Modifier::REVERSED | Modifier::BOLD),
            badge: error.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: accent.add_modifier(Modifier::BOLD),
            json_key: self.role("json_key"),
            json_string: self.role("json_string"),
            json_number: self.role("json_number"),
            json_literal: self.role("json_literal"),
            json_punctuation: self.role("json_punctuation"),
            xml_tag: self.role("xml_tag"),
            xml_attribute: self.role("xml_attribute"),
            xml_value: self.role("xml_value"),
            xml_comment: self.role("xml_comment"),
            search_match: self.role("warn").add_modifier(Modifier::REVERSED),
            search_current: accent
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),

            glyphs: Glyphs::unicode(),
        }
    }
}

fn modifier_named(name: &str) -> Option<Modifier> {
    Some(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette(name: &str) -> Palette {
        let text = BUILTIN.iter().find(|(n, _)| *n == name).unwrap().1;
        Palette::parse(text, name, None).unwrap()
    }

    #[test]
    fn every_builtin_parses() {
        for name in builtin_names() {
            load(name, None, false).unwrap();
        }
        assert_eq!(BUILTIN.map(|(n, _)| n), BUILTIN_NAMES);
    }

    #[test]
    fn ansi16_uses_named_colours_and_mono_none() {
        for colour in palette("ansi16").colours.values() {
            assert!(
                !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                "{colour:?}"
            );
        }
        assert!(palette("mono").colours.values().all(|c| *c == Color::Reset));
        let mono = load("mono", None, false).unwrap();
        assert!(mono.selection.add_modifier.contains(Modifier::REVERSED));
        assert_ne!(mono.error, mono.text);
    }

    #[test]
    fn no_color_styles_with_modifiers_only() {
        assert!(matches!(
            load("nope", None, true),
            Err(ThemeError::Unknown { .. })
        ));
        let styles = load("light", None, true).unwrap();
        assert_eq!(styles.error.fg, Some(Color::Reset));
        assert_eq!(styles.base.bg, Some(Color::Reset));
        assert!(styles.selection.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn user_file_overrides_a_builtin_field_by_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dark.toml"), "accent = \"#ff8800\"\n").unwrap();
        let styles = load("dark", Some(dir.path()), false).unwrap();
        assert_eq!(styles.accent.fg, Some(Color::Rgb(0xff, 0x88, 0x00)));
        assert_eq!(styles.error, Styles::default().error);
        std::fs::write(dir.path().join("mine.toml"), "ok = \"42\"\n").unwrap();
        let styles = load("mine", Some(dir.path()), false).unwrap();
        assert_eq!(styles.ok.fg, Some(Color::Indexed(42)));
    }

    #[test]
    fn a_bad_colour_names_the_file_and_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dark.toml"), "warn = \"orangeish\"\n").unwrap();
        let error = load("dark", Some(dir.path()), false).unwrap_err();
        let text = error.to_string();
        assert!(matches!(error, ThemeError::BadColour { ref field, .. } if field == "warn"));
        assert!(
            text.contains("dark.toml") && text.contains("`warn`"),
            "{text}"
        );
        std::fs::write(
            dir.path().join("dark.toml"),
            "[modifiers]\nerror = [\"blink2\"]\n",
        )
        .unwrap();
        let text = load("dark", Some(dir.path()), false)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("modifiers.error") && text.contains("blink2"),
            "{text}"
        );
    }

    #[test]
    fn unknown_theme_lists_the_builtins() {
        let text = load("solarized", None, false).unwrap_err().to_string();
        assert!(text.contains("solarized") && text.contains("dark, light, ansi16, mono"));
    }
}
