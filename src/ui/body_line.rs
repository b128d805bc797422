//! One body line as spans: cut to the pane, coloured by syntax, search matches laid over.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::inspect::body::BodyKind;
use crate::inspect::highlight::{self, Token};
use crate::sanitize::clean;
use crate::theme::Styles;

/// Lines up to this size are tokenized whole, so a cut never changes how the visible part reads;
/// longer ones only as far as they show.
const TOKENIZE_WHOLE: usize = 4096;

/// A search match on a line: its bytes, and whether it is the current one.
pub struct Mark {
    pub range: Range<usize>,
    pub current: bool,
}

/// `text` scrolled right by `shift` columns (a cut mark on the left says so), shown in
/// `columns`: a long line reads to its end this way, highlighted as the whole line.
pub fn body_line(
    text: &str,
    kind: Option<BodyKind>,
    marks: &[Mark],
    (shift, columns): (usize, usize),
    styles: &Styles,
) -> Line<'static> {
    let start = if shift == 0 {
        0
    } else {
        visible_end(text, shift)
    };
    let shifted = start > 0 && start < text.len();
    let rest = text.get(start..).unwrap_or_default();
    let room = columns.saturating_sub(usize::from(shifted));
    // A line wider than the pane ends in the cut mark, so a cut value never reads as whole.
    let cut = visible_end(rest, room) < rest.len();
    let end = start
        + if cut {
            visible_end(rest, room.saturating_sub(1))
        } else {
            rest.len()
        };
    let tokens = kind.map_or_else(Vec::new, |kind| tokens(text, end, kind));
    let tokens = if valid(text, end, &tokens) {
        tokens
    } else {
        vec![(0..end, Token::Plain)]
    };
    let tokens: Vec<(Range<usize>, Token)> = tokens
        .into_iter()
        .filter(|(range, _)| range.end > start)
        .map(|(range, token)| (range.start.max(start)..range.end, token))
        .collect();
    let mut spans = Vec::with_capacity(tokens.len() + 2 * marks.len() + 2);
    if shifted {
        spans.push(Span::styled(super::text::cut_mark(), styles.muted));
    }
    for (range, token) in tokens {
        let base = token_style(token, styles);
        let mut at = range.start;
        while at < range.end {
            let mark = marks
                .iter()
                .find(|m| m.range.end > at && m.range.start < range.end);
            let (next, style) = match mark {
                Some(m) if m.range.start <= at => {
                    let over = if m.current {
                        styles.search_current
                    } else {
                        styles.search_match
                    };
                    (m.range.end.min(range.end), base.patch(over))
                }
                Some(m) => (m.range.start, base),
                None => (range.end, base),
            };
            if let Some(piece) = text.get(at..next) {
                spans.push(Span::styled(clean(piece).into_owned(), style));
            }
            if next <= at {
                break;
            }
            at = next;
        }
    }
    if cut {
        spans.push(Span::styled(super::text::cut_mark(), styles.muted));
    }
    Line::from(spans)
}

/// The byte where the line stops showing: enough characters to fill `columns` once cleaned.
/// Every character counts at least one column, so a line of zero-width characters stays cheap.
fn visible_end(text: &str, columns: usize) -> usize {
    let mut used = 0;
    let mut buffer = [0; 4];
    for (at, c) in text.char_indices() {
        if used >= columns {
            return at;
        }
        used += clean(c.encode_utf8(&mut buffer)).width().max(1);
    }
    text.len()
}

fn tokens(text: &str, end: usize, kind: BodyKind) -> Vec<(Range<usize>, Token)> {
    let source = if text.len() <= TOKENIZE_WHOLE {
        text
    } else {
        text.get(..end).unwrap_or_default()
    };
    let all = match kind {
        BodyKind::Json => highlight::json_line(source),
        BodyKind::Xml => highlight::xml_line(source),
        _ => return Vec::new(),
    };
    all.into_iter()
        .filter(|(range, _)| range.start < end)
        .map(|(range, token)| (range.start..range.end.min(end), token))
        .collect()
}

/// Whether the tokens cover `..end` in order, on character boundaries: anything else is
/// drawn plain rather than trusted.
fn valid(text: &str, end: usize, tokens: &[(Range<usize>, Token)]) -> bool {
    let mut at = 0;
    for (range, _) in tokens {
        if range.start != at || range.end < range.start || text.get(range.clone()).is_none() {
            return false;
        }
        at = range.end;
    }
    at == end
}

fn token_style(token: Token, styles: &Styles) -> Style {
    match token {
        Token::Key => styles.json_key,
        Token::String => styles.json_string,
        Token::Number => styles.json_number,
        Token::Literal => styles.json_literal,
        Token::Punctuation => styles.json_punctuation,
        Token::Tag => styles.xml_tag,
        Token::Attribute => styles.xml_attribute,
        Token::AttributeValue => styles.xml_value,
        Token::Comment => styles.xml_comment,
        Token::Text | Token::Plain => styles.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn cuts_at_the_pane_and_cleans_each_piece() {
        let styles = Styles::default();
        let line = body_line(
            "  \"a\u{1b}b\": 12345",
            Some(BodyKind::Json),
            &[],
            (0, 12),
            &styles,
        );
        // Cut one column short, for the mark that says so.
        assert_eq!(shown(&line), "  \"a\\u{1b}b…");
        let line = body_line("abcdef", None, &[], (0, 3), &styles);
        assert_eq!(shown(&line), "ab…");
        let line = body_line("abc", None, &[], (0, 3), &styles);
        assert_eq!(shown(&line), "abc", "a line that fits is whole");
    }

    #[test]
    fn a_shifted_line_shows_its_end_with_a_cut_mark_on_the_left() {
        let styles = Styles::default();
        let text = "  \"name\": \"a very long value that ends here\"";
        let line = body_line(text, Some(BodyKind::Json), &[], (20, 30), &styles);
        assert_eq!(shown(&line), "…ng value that ends here\"");
        let line = body_line(text, Some(BodyKind::Json), &[], (4, 10), &styles);
        assert_eq!(shown(&line), "…ame\": \"a…");
        let line = body_line("short", None, &[], (10, 10), &styles);
        assert_eq!(
            shown(&line),
            "",
            "a line that ends before the shift shows nothing"
        );
        let marks = [Mark {
            range: 30..35,
            current: true,
        }];
        let line = body_line(text, Some(BodyKind::Json), &marks, (20, 30), &styles);
        let matched: Vec<_> = line.spans.iter().filter(|s| s.content == "hat e").collect();
        assert_eq!(matched.len(), 1, "a match past the shift is still marked");
    }

    #[test]
    fn a_match_splits_tokens_and_the_current_one_differs() {
        let styles = Styles::default();
        let marks = [
            Mark {
                range: 2..4,
                current: false,
            },
            Mark {
                range: 10..12,
                current: true,
            },
        ];
        let line = body_line(
            "\"abcd\": \"abcd\"",
            Some(BodyKind::Json),
            &marks,
            (0, 80),
            &styles,
        );
        let matched: Vec<_> = line
            .spans
            .iter()
            .filter(|s| s.content == "bc")
            .map(|s| s.style)
            .collect();
        assert_eq!(matched.len(), 2);
        assert_ne!(matched[0], matched[1]);
        assert_eq!(shown(&line), "\"abcd\": \"abcd\"");
    }
}
