//! The styles the screen draws with, one per role, and the colourless fallback.

use ratatui::style::{Modifier, Style};

use super::{Glyphs, load};

/// One style per role the screen draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styles {
    /// Text on the theme's background, painted under everything.
    pub base: Style,
    pub text: Style,
    pub muted: Style,
    pub accent: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub header: Style,
    pub selection: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub added: Style,
    pub changed: Style,
    pub removed: Style,
    pub status_bar: Style,
    /// The whole status bar on a production profile: loud in every theme, mono included.
    pub status_bar_production: Style,
    /// A loud label such as `PROD`.
    pub badge: Style,
    /// A key name in the hints line and the help.
    pub key: Style,
    /// An object key in a JSON body.
    pub json_key: Style,
    pub json_string: Style,
    pub json_number: Style,
    /// `true`, `false`, `null`.
    pub json_literal: Style,
    /// Braces, brackets, commas and colons (also `<`, `>`, `=` in XML).
    pub json_punctuation: Style,
    /// An element name in an XML body.
    pub xml_tag: Style,
    pub xml_attribute: Style,
    /// An attribute's quoted value.
    pub xml_value: Style,
    pub xml_comment: Style,
    /// A match of the body search, laid over the text's own style.
    pub search_match: Style,
    /// The match the search is on: stronger than the others in every theme, mono included.
    pub search_current: Style,
    /// Borders and symbols: Unicode, or ASCII for a terminal without a UTF-8 locale.
    pub glyphs: Glyphs,
}

impl Styles {
    /// No colours, meaning carried by modifiers only: the fallback when no theme can be read.
    pub fn plain() -> Styles {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        let dim = plain.add_modifier(Modifier::DIM);
        Styles {
            base: plain,
            text: plain,
            muted: dim,
            accent: bold,
            border: plain,
            border_focused: bold,
            title: bold,
            header: bold,
            selection: plain.add_modifier(Modifier::REVERSED),
            ok: plain,
            warn: bold,
            error: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            added: bold,
            changed: plain.add_modifier(Modifier::UNDERLINED),
            removed: plain.add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
            status_bar: plain,
            status_bar_production: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            badge: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            json_key: bold,
            json_string: plain,
            json_number: plain,
            json_literal: plain,
            json_punctuation: plain,
            xml_tag: bold,
            xml_attribute: plain,
            xml_value: plain,
            xml_comment: dim,
            search_match: plain.add_modifier(Modifier::REVERSED),
            search_current: plain
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            glyphs: Glyphs::unicode(),
        }
    }
}

impl Default for Styles {
    /// The dark theme.
    fn default() -> Self {
        load("dark", None, false).unwrap_or_else(|_| Styles::plain())
    }
}
