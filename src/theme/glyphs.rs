//! The symbols the screen draws beyond colour: box borders, markers, separators, cuts; Unicode or plain ASCII.

use ratatui::symbols::border;

/// Borders drawn with `+`, `-` and `|` only.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Every non-ASCII symbol the UI draws, so a terminal without a UTF-8 locale gets ASCII instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// The lines of every bordered pane.
    pub border: border::Set<'static>,
    /// The row the cursor is on: `▶`.
    pub marker: &'static str,
    /// Between parts of a title or a status: `·`.
    pub dot: &'static str,
    /// Between the status bar's sections: `│`.
    pub bar: &'static str,
    /// From a value to the next one: `→`.
    pub arrow: &'static str,
    /// Where text was cut, exactly one column wide: `…`.
    pub cut: &'static str,
    /// Work in progress or more to come, in prose: `…`.
    pub more: &'static str,
    /// A missing value, or a pause in a sentence: `—`.
    pub dash: &'static str,
    /// Between the ends of a range: `–`.
    pub range: &'static str,
    /// Something went right: `✓`.
    pub ok: &'static str,
    /// Something went wrong, or a row to be deleted: `✗`.
    pub fail: &'static str,
    /// A row with a staged change: `±`, one column wide.
    pub changed: &'static str,
    /// A row marked for a change of several products at once: `●`, one column wide.
    pub picked: &'static str,
    /// Plus or minus in prose: `±`.
    pub plus_minus: &'static str,
    /// The text cursor of an input: `▏`.
    pub cursor: &'static str,
    /// A horizontal rule: `─`.
    pub rule: &'static str,
    /// Arrow keys named in hints and the help.
    pub key_up: &'static str,
    pub key_down: &'static str,
    pub key_left: &'static str,
    pub key_right: &'static str,
    /// A sort's direction: `↑`, `↓`.
    pub ascending: &'static str,
    pub descending: &'static str,
    /// Times, as in a price list's `retail×10`: `×`.
    pub times: &'static str,
    /// At least, in a rule: `≥`.
    pub at_least: &'static str,
    /// A progress bar's done and to-do cells: `█`, `░`.
    pub bar_done: &'static str,
    pub bar_todo: &'static str,
}

impl Glyphs {
    /// Box drawing and typographic symbols: the look on a UTF-8 terminal.
    pub const fn unicode() -> Glyphs {
        Glyphs {
            border: border::PLAIN,
            marker: "▶",
            dot: "·",
            bar: "│",
            arrow: "→",
            cut: "…",
            more: "…",
            dash: "—",
            range: "–",
            ok: "✓",
            fail: "✗",
            changed: "±",
            picked: "●",
            plus_minus: "±",
            cursor: "▏",
            rule: "─",
            key_up: "↑",
            key_down: "↓",
            key_left: "←",
            key_right: "→",
            ascending: "↑",
            descending: "↓",
            times: "×",
            at_least: "≥",
            bar_done: "█",
            bar_todo: "░",
        }
    }

    /// Plain ASCII, for a terminal whose locale is not UTF-8.
    pub const fn ascii() -> Glyphs {
        Glyphs {
            border: ASCII_BORDER,
            marker: ">",
            dot: "-",
            bar: "|",
            arrow: "->",
            cut: "~",
            more: "...",
            dash: "-",
            range: "-",
            ok: "+",
            fail: "x",
            changed: "~",
            picked: "#",
            plus_minus: "+/-",
            cursor: "|",
            rule: "-",
            key_up: "Up",
            key_down: "Down",
            key_left: "Left",
            key_right: "Right",
            ascending: "^",
            descending: "v",
            times: "x",
            at_least: ">=",
            bar_done: "#",
            bar_todo: ".",
        }
    }

    /// `text` written with Unicode glyphs, each swapped for this set's: for fixed tables of keys
    /// and words. A `…` becomes `more`, a `±` becomes `plus_minus`.
    pub fn text(&self, text: &str) -> String {
        let unicode = Glyphs::unicode();
        let pairs = [
            (unicode.more, self.more),
            (unicode.plus_minus, self.plus_minus),
            (unicode.marker, self.marker),
            (unicode.dot, self.dot),
            (unicode.bar, self.bar),
            (unicode.arrow, self.arrow),
            (unicode.dash, self.dash),
            (unicode.range, self.range),
            (unicode.ok, self.ok),
            (unicode.fail, self.fail),
            (unicode.cursor, self.cursor),
            (unicode.rule, self.rule),
            (unicode.key_up, self.key_up),
            (unicode.key_down, self.key_down),
            (unicode.times, self.times),
            (unicode.at_least, self.at_least),
            (unicode.bar_done, self.bar_done),
            (unicode.bar_todo, self.bar_todo),
        ];
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            let mut buf = [0; 4];
            let c = &*c.encode_utf8(&mut buf);
            match pairs.iter().find(|(from, _)| *from == c) {
                Some((_, to)) => out.push_str(to),
                None => out.push_str(c),
            }
        }
        out
    }

    /// ASCII when `ascii`, else Unicode.
    pub const fn pick(ascii: bool) -> Glyphs {
        if ascii {
            Glyphs::ascii()
        } else {
            Glyphs::unicode()
        }
    }
}

impl Default for Glyphs {
    fn default() -> Self {
        Glyphs::unicode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(g: &Glyphs) -> Vec<&'static str> {
        let b = g.border;
        vec![
            b.top_left,
            b.top_right,
            b.bottom_left,
            b.bottom_right,
            b.vertical_left,
            b.vertical_right,
            b.horizontal_top,
            b.horizontal_bottom,
            g.marker,
            g.dot,
            g.bar,
            g.arrow,
            g.cut,
            g.more,
            g.dash,
            g.range,
            g.ok,
            g.fail,
            g.changed,
            g.plus_minus,
            g.cursor,
            g.rule,
            g.key_up,
            g.key_down,
            g.ascending,
            g.descending,
            g.times,
            g.at_least,
            g.bar_done,
            g.bar_todo,
        ]
    }

    #[test]
    fn ascii_glyphs_are_ascii() {
        assert!(
            symbols(&Glyphs::ascii())
                .iter()
                .all(|s| s.is_ascii() && !s.is_empty())
        );
    }

    #[test]
    fn text_swaps_unicode_glyphs() {
        let line = "j k  ↓ ↑ · stock ±1 → done…";
        assert_eq!(Glyphs::unicode().text(line), line);
        assert_eq!(
            Glyphs::ascii().text(line),
            "j k  Down Up - stock +/-1 -> done..."
        );
    }

    #[test]
    fn one_column_glyphs_stay_one_column() {
        for g in [Glyphs::unicode(), Glyphs::ascii()] {
            for s in [
                g.marker, g.cut, g.changed, g.cursor, g.rule, g.bar_done, g.bar_todo,
            ] {
                assert_eq!(unicode_width::UnicodeWidthStr::width(s), 1, "{s:?}");
            }
        }
    }
}
