//! Fitting text into columns by display width: wide (CJK) characters count twice, cuts end in `…`.

use std::cell::Cell;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

thread_local! {
    /// The mark a cut ends in while a frame is drawn: the styles' `glyphs.cut`, one column wide.
    static CUT: Cell<&'static str> = const { Cell::new("…") };
}

/// Sets the cut mark for the frame being drawn, and puts the previous one back when dropped.
pub struct CutGuard(&'static str);

impl CutGuard {
    pub fn set(cut: &'static str) -> CutGuard {
        CutGuard(CUT.with(|c| c.replace(cut)))
    }
}

impl Drop for CutGuard {
    fn drop(&mut self) {
        CUT.with(|c| c.set(self.0));
    }
}

/// The mark a cut ends in: `…`, or the styles' ASCII one while an ASCII frame is drawn.
pub fn cut_mark() -> &'static str {
    CUT.with(Cell::get)
}

pub fn width(text: &str) -> usize {
    text.width()
}

/// The text cut to at most `max` columns, ending in `…` when anything was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(cut_mark());
    out
}

/// Exactly `columns` wide, left-aligned: cut with `…` or padded with spaces.
pub fn fit_left(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let pad = columns.saturating_sub(out.width());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Exactly `columns` wide, right-aligned.
pub fn fit_right(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let pad = columns.saturating_sub(cut.width());
    let mut out: String = std::iter::repeat_n(' ', pad).collect();
    out.push_str(&cut);
    out
}

/// At most `max` columns, keeping the end (where a cursor is): `…end of the input`.
pub fn keep_end(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let tail: String = take_columns(text.chars().rev(), max.saturating_sub(1))
        .chars()
        .rev()
        .collect();
    format!("{}{tail}", cut_mark())
}

/// At most `max` columns, keeping the start and the end: `/api/prod…page=3`.
pub fn truncate_middle(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max < 3 {
        return truncate(text, max);
    }
    let tail_budget = (max - 1) / 2;
    let head_budget = max - 1 - tail_budget;
    let head = take_columns(text.chars(), head_budget);
    let tail: String = take_columns(text.chars().rev(), tail_budget)
        .chars()
        .rev()
        .collect();
    format!("{head}{}{tail}", cut_mark())
}

/// Word-wrapped to `columns`; a word longer than a line is cut across lines.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let gap = usize::from(!current.is_empty());
        if current.width() + gap + word.width() <= columns {
            if gap == 1 {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        let mut rest = word;
        while rest.width() > columns {
            let head = take_columns(rest.chars(), columns);
            if head.is_empty() {
                break;
            }
            rest = &rest[head.len()..];
            lines.push(head);
        }
        current.push_str(rest);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Cuts text into lines of at most `columns`, anywhere: for JSON, where a break at a space
/// inside a string would read as if the value held a line break.
pub fn wrap_anywhere(text: &str, columns: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let head = take_columns(rest.chars(), columns.max(1));
        if head.is_empty() {
            break;
        }
        rest = &rest[head.len()..];
        lines.push(head);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn take_columns(chars: impl Iterator<Item = char>, budget: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        out.push(c);
        used += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_never_overflow() {
        assert_eq!(truncate("木製スプーン", 6), "木製…");
        assert_eq!(fit_left("木製スプーン", 6), "木製… ");
        assert_eq!(width(&fit_left("木製スプーン", 7)), 7);
        assert_eq!(fit_right("30.00", 7), "  30.00");
        assert_eq!(fit_left("abc", 0), "");
    }

    #[test]
    fn wrapping_breaks_at_words_and_cuts_long_ones() {
        assert_eq!(wrap("Send 3 changes? y", 8), ["Send 3", "changes?", "y"]);
        assert_eq!(
            wrap("{\"amount\":\"15\"}", 6),
            ["{\"amou", "nt\":\"1", "5\"}"]
        );
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn middle_truncation_keeps_both_ends() {
        assert_eq!(truncate_middle("/api/products?page=3", 11), "/api/…age=3");
        assert_eq!(truncate_middle("/short", 11), "/short");
        assert_eq!(keep_end("sku:U001 status:hidden", 8), "…:hidden");
    }
}
