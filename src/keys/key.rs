//! One key as the config writes it (`q`, `G`, `ctrl-d`, `pagedown`) and as the help shows it.

use std::fmt;

use crokey::KeyCombination;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised so that a typed key and a configured one compare
/// equal: `G` is shift-g however the terminal reports it, and `?` carries no shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(KeyCombination);

impl Key {
    /// The key a terminal event stands for.
    pub fn from_event(event: KeyEvent) -> Key {
        Key::normalised(event.code, event.modifiers)
    }

    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key::normalised(code, modifiers)
    }

    fn normalised(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            // Terminals send Ctrl-Shift-a as Ctrl-a: with Ctrl, a letter is a letter.
            KeyCode::Char(c)
                if c.is_ascii_alphabetic() && modifiers.contains(KeyModifiers::CONTROL) =>
            {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Char(c) if c.is_ascii_uppercase() => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Char(c)
            }
            KeyCode::Char(c)
                if c.is_ascii_lowercase() && modifiers.contains(KeyModifiers::SHIFT) =>
            {
                KeyCode::Char(c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => {
                // Terminals differ on whether `?` or `+` come with shift; the character says it.
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key(KeyCombination::one_key(code, modifiers))
    }

    /// Reads a key as the config writes it. A single upper-case letter means that letter with
    /// shift, as it is typed.
    pub fn parse(text: &str) -> Result<Key, String> {
        let trimmed = text.trim();
        let (modifiers, last) = match trimmed.rsplit_once('-') {
            Some((modifiers, last)) if !last.is_empty() => (&trimmed[..modifiers.len() + 1], last),
            _ => ("", trimmed),
        };
        // The short names the help shows are read back too, so what it prints can be pasted.
        let last = match last.to_ascii_lowercase().as_str() {
            "pgdn" => "pagedown",
            "pgup" => "pageup",
            _ => last,
        };
        // Any other single character is itself (`é`, `ß`): crokey knows ASCII keys only.
        let mut chars = last.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && !c.is_ascii()
        {
            let placeholder = crokey::parse(&format!("{modifiers}a")).map_err(|_| {
                format!("`{text}` is not a key (try q, G, ctrl-d, pagedown, f2, space)")
            })?;
            return Ok(Key::new(KeyCode::Char(c), placeholder.modifiers));
        }
        // An upper-case letter means that letter with shift (`G`), as it is typed.
        let upper = last.len() == 1 && last.chars().all(|c| c.is_ascii_uppercase());
        let shift = if upper { "shift-" } else { "" };
        let combination = crokey::parse(&format!("{modifiers}{shift}{last}")).map_err(|_| {
            format!("`{text}` is not a key (try q, G, ctrl-d, pagedown, f2, space)")
        })?;
        let codes: Vec<KeyCode> = combination.codes.iter().copied().collect();
        match codes.as_slice() {
            [code] => Ok(Key::new(*code, combination.modifiers)),
            _ => Err(format!(
                "`{text}` presses several keys at once, which a terminal cannot report"
            )),
        }
    }

    pub fn code(&self) -> KeyCode {
        *self.0.codes.first()
    }

    pub fn modifiers(&self) -> KeyModifiers {
        self.0.modifiers
    }
}

/// Short and plain: `q`, `G`, `Ctrl-d`, `PgDn`, `Down`, `Space`.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let modifiers = self.modifiers();
        if modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        let implicit_shift = matches!(self.code(), KeyCode::Char(_) | KeyCode::BackTab);
        if modifiers.contains(KeyModifiers::SHIFT) && !implicit_shift {
            f.write_str("Shift-")?;
        }
        match self.code() {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key::from_event(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn configured_keys_match_what_terminals_send() {
        let shift = KeyModifiers::SHIFT;
        let none = KeyModifiers::NONE;
        assert_eq!(Key::parse("G"), Ok(event(KeyCode::Char('G'), shift)));
        assert_eq!(Key::parse("G"), Ok(event(KeyCode::Char('G'), none)));
        assert_eq!(Key::parse("shift-g"), Ok(event(KeyCode::Char('G'), none)));
        assert_eq!(Key::parse("g"), Ok(event(KeyCode::Char('g'), none)));
        assert_eq!(Key::parse("?"), Ok(event(KeyCode::Char('?'), shift)));
        assert_eq!(Key::parse("+"), Ok(event(KeyCode::Char('+'), none)));
        assert_eq!(Key::parse("-"), Ok(event(KeyCode::Char('-'), none)));
        assert_eq!(
            Key::parse("ctrl-d"),
            Ok(event(KeyCode::Char('d'), KeyModifiers::CONTROL))
        );
        assert_eq!(Key::parse("pagedown"), Ok(event(KeyCode::PageDown, none)));
        assert_eq!(Key::parse("backtab"), Ok(event(KeyCode::BackTab, shift)));
        assert_eq!(Key::parse("space"), Ok(event(KeyCode::Char(' '), none)));
    }

    #[test]
    fn ctrl_with_a_letter_ignores_shift_as_terminals_do() {
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(Key::parse("ctrl-A"), Key::parse("ctrl-a"));
        assert_eq!(
            Key::parse("ctrl-a"),
            Ok(event(KeyCode::Char('A'), ctrl | KeyModifiers::SHIFT))
        );
        assert_eq!(Key::parse("é").map(|k| k.to_string()).as_deref(), Ok("é"));
        assert_eq!(
            Key::parse("alt-é"),
            Ok(event(KeyCode::Char('é'), KeyModifiers::ALT))
        );
    }

    #[test]
    fn a_word_that_is_not_a_key_is_refused_with_examples() {
        let error = Key::parse("ctrl-").unwrap_err();
        assert!(error.contains("ctrl-d"), "{error}");
        assert!(Key::parse("qq").is_err());
        assert!(Key::parse("ctrl-a-b").unwrap_err().contains("several keys"));
    }

    #[test]
    fn every_key_reads_back_from_how_it_is_shown() {
        for (_, _, defaults) in crate::keys::COMMANDS {
            for text in defaults {
                let key = Key::parse(text).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(
                    Key::parse(&key.to_string()),
                    Ok(key),
                    "{text} shown as {key}"
                );
            }
        }
        for text in [
            "ctrl-shift-a",
            "é",
            "alt-ß",
            "alt-x",
            "f12",
            "insert",
            "delete",
            "ctrl-space",
        ] {
            let key = Key::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                Key::parse(&key.to_string()),
                Ok(key),
                "{text} shown as {key}"
            );
        }
    }

    #[test]
    fn keys_are_shown_short() {
        let shown = |text: &str| Key::parse(text).map(|key| key.to_string());
        assert_eq!(shown("G").as_deref(), Ok("G"));
        assert_eq!(shown("ctrl-d").as_deref(), Ok("Ctrl-d"));
        assert_eq!(shown("pagedown").as_deref(), Ok("PgDn"));
        assert_eq!(shown("down").as_deref(), Ok("Down"));
        assert_eq!(shown("enter").as_deref(), Ok("Enter"));
        assert_eq!(shown("-").as_deref(), Ok("-"));
        assert_eq!(shown("backtab").as_deref(), Ok("Shift-Tab"));
    }
}
