//! The search prompt's little language, in each platform's own words, turned into filters.
//!
//! `red shirt sku:U0012 status:active price:10..20 stock:..5 cat:224`: bare words search the
//! name; `key:value` terms set one filter each; ranges are `a..b`, `a..` or `..b`. Each
//! platform adds its own: `vendor:` on CS-Cart, `cat:NAME` and `status:draft|sold` on Valigara,
//! `status:online|offline` and `id:` on UGAL, `status:discontinued|coming-soon` on B2B Wave.
//! A term a platform cannot read is an error naming what it can, never a fuzzy search.

use std::ops::Range;

use crate::app::state::State;
use crate::catalog::model::{Filters, Money, Platform, Status};

/// Why a search could not be understood, in words for the user, and the term at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError {
    pub message: String,
    /// Where in the text the term at fault is (bytes), to be shown marked.
    pub term: Option<Range<usize>>,
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// B2B Wave's `status_id` values (judgment: the document names the field, not its values).
const B2BWAVE_STATUS_IDS: [(&str, u64); 3] =
    [("active", 1), ("discontinued", 2), ("coming-soon", 3)];

/// The platform whose words the active store's search is read in.
pub fn platform_of(state: &State) -> Platform {
    state.profile().map_or(Platform::Cscart, |p| p.platform)
}

/// The `key:` words `platform` reads, in the order they are explained.
pub fn keys(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::Cscart => &[
            "sku", "status", "price", "stock", "cat", "vendor", "changed",
        ],
        Platform::Valigara => &["sku", "status", "price", "stock", "cat", "changed"],
        Platform::B2bwave => &["sku", "status", "price", "stock", "cat", "changed"],
        Platform::Ugal => &["sku", "status", "price", "stock", "cat", "id", "changed"],
    }
}

/// The `status:` words `platform` reads: its own, and the list's labels for the same states.
pub fn status_words(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::Cscart => &["active", "disabled", "hidden"],
        Platform::Valigara => &["active", "inactive", "draft", "sold", "disabled"],
        Platform::B2bwave => &["active", "discontinued", "coming-soon", "disabled"],
        Platform::Ugal => &["online", "offline", "active", "disabled"],
    }
}

/// The search syntax on `platform`, one token per entry so a line can drop what does not fit.
pub fn syntax(platform: Platform) -> Vec<&'static str> {
    let mut tokens = vec!["name words", "sku:CODE"];
    tokens.push(match platform {
        Platform::Cscart => "status:active|disabled|hidden",
        Platform::Valigara => "status:active|inactive|draft|sold",
        Platform::B2bwave => "status:active|discontinued|coming-soon|disabled",
        Platform::Ugal => "status:online|offline",
    });
    tokens.extend(["price:10..20", "stock:0..5", "changed:"]);
    tokens.push(match platform {
        Platform::Valigara => "cat:NAME",
        _ => "cat:ID",
    });
    match platform {
        Platform::Cscart => tokens.push("vendor:NAME|ID"),
        Platform::Ugal => tokens.push("id:PRODUCT"),
        _ => {}
    }
    tokens
}

/// What Tab offers for a search term on `platform`: each key, and each status word.
pub fn completions(platform: Platform) -> Vec<String> {
    let mut terms: Vec<String> = keys(platform).iter().map(|k| format!("{k}:")).collect();
    terms.extend(status_words(platform).iter().map(|w| format!("status:{w}")));
    terms
}

/// Tab: the term being typed at the end of `text` completed to the platform's key or status
/// word it starts, or as far as the words it starts agree.
pub fn complete(text: &mut String, platform: Platform) {
    let start = text.rfind(char::is_whitespace).map_or(0, |at| at + 1);
    let typed = text[start..].to_ascii_lowercase();
    if typed.is_empty() {
        return;
    }
    let words: Vec<String> = completions(platform)
        .into_iter()
        .filter(|word| word.starts_with(&typed))
        .collect();
    let Some(first) = words.first() else {
        return;
    };
    let agreed = words.iter().fold(first.len(), |len, word| {
        first
            .bytes()
            .zip(word.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count()
    });
    if agreed > typed.len() {
        text.truncate(start);
        text.push_str(&first[..agreed]);
    }
}

/// The filters `text` asks for on `platform`, or what is wrong with its first bad term.
pub fn parse(text: &str, platform: Platform) -> Result<Filters, SearchError> {
    let mut filters = Filters::default();
    let mut words = Vec::new();
    for (at, term) in terms(text) {
        let Some((key, value)) = term.split_once(':') else {
            words.push(term);
            continue;
        };
        let fault = |message: String| SearchError {
            message,
            term: Some(at..at + term.len()),
        };
        read_term(&mut filters, platform, key, value).map_err(fault)?;
    }
    if !words.is_empty() {
        filters.name = Some(words.join(" "));
    }
    Ok(filters)
}

/// The filters of every term `platform` can read, and the first error (with its term) when
/// some cannot be: what the list shows while the search is still being typed. The term being
/// typed at the end is no error while it may still become one the platform reads
/// (`status:dra` on the way to `status:draft`); it is only left out.
pub fn readable_part(text: &str, platform: Platform) -> (Filters, Option<SearchError>) {
    let mut first_error = None;
    let mut readable = text.to_owned();
    loop {
        match parse(&readable, platform) {
            Ok(filters) => return (filters, first_error),
            Err(error) => {
                let Some(term) = error.term.clone() else {
                    return (Filters::default(), Some(error));
                };
                let typing = term.end == readable.len()
                    && readable
                        .get(term.clone())
                        .is_some_and(|t| may_become_readable(t, platform));
                readable.replace_range(term, "");
                if !typing {
                    first_error.get_or_insert(error);
                }
            }
        }
    }
}

/// Whether typing on after `term` can reach one of the platform's keys or status words.
fn may_become_readable(term: &str, platform: Platform) -> bool {
    let term = term.to_ascii_lowercase();
    completions(platform)
        .iter()
        .any(|word| word.len() > term.len() && word.starts_with(&term))
}

/// Each whitespace-separated term with where it starts.
fn terms(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |term| (term.as_ptr() as usize - text.as_ptr() as usize, term))
}

fn read_term(
    filters: &mut Filters,
    platform: Platform,
    key: &str,
    value: &str,
) -> Result<(), String> {
    let key = key.to_ascii_lowercase();
    let known = keys(platform);
    let canonical = match key.as_str() {
        "code" => "sku",
        "category" => "cat",
        other => other,
    };
    if !known.contains(&canonical) {
        return Err(format!(
            "{} has no `{key}:` filter (it has {})",
            platform.display_name(),
            known.join(", ")
        ));
    }
    if canonical == "changed" {
        filters.changed = !matches!(value, "no" | "n" | "false" | "0");
        return Ok(());
    }
    if value.is_empty() {
        return Err(format!("`{key}:` needs a value"));
    }
    match canonical {
        "sku" => filters.sku = Some(value.to_owned()),
        "status" => status(filters, platform, value)?,
        "cat" if platform == Platform::Valigara => filters.category_name = Some(value.to_owned()),
        "cat" => {
            let id = number(value).ok_or(format!("category `{value}` is not a number"))?;
            filters.category_id = Some(id);
        }
        "vendor" => match number(value) {
            Some(id) => filters.vendor_id = Some(id),
            None => filters.vendor_name = Some(value.to_owned()),
        },
        "id" => {
            let id = number(value).ok_or(format!("product id `{value}` is not a number"))?;
            filters.parent_id = Some(id);
        }
        "price" => {
            let (min, max) = range(value, "price", Money::parse)?;
            filters.price_min = min;
            filters.price_max = max;
        }
        _ => {
            let (min, max) = range(value, "stock", |v| v.parse::<i64>().ok())?;
            filters.stock_min = min;
            filters.stock_max = max;
        }
    }
    Ok(())
}

fn number(value: &str) -> Option<u64> {
    value.parse().ok()
}

/// `status:` in the platform's words. B2B Wave's words name its `status_id`, which only the
/// server can filter; every other status is tested against the loaded rows.
fn status(filters: &mut Filters, platform: Platform, value: &str) -> Result<(), String> {
    let word = value.to_ascii_lowercase();
    let local = match (platform, word.as_str()) {
        (Platform::B2bwave, "disabled") => Status::Disabled,
        (Platform::B2bwave, word) => {
            let found = B2BWAVE_STATUS_IDS.iter().find(|(name, _)| *name == word);
            if let Some((_, id)) = found {
                filters.status_id = Some(*id);
                return Ok(());
            }
            return Err(unknown_status(platform, value));
        }
        (Platform::Cscart, "a" | "active") => Status::Active,
        (Platform::Cscart, "d" | "disabled") => Status::Disabled,
        (Platform::Cscart, "h" | "hidden") => Status::Hidden,
        (Platform::Valigara, "active") => Status::Active,
        (Platform::Valigara, "inactive" | "disabled") => Status::Disabled,
        (Platform::Valigara, "draft" | "sold") => Status::Other(word),
        (Platform::Ugal, "online" | "active") => Status::Active,
        (Platform::Ugal, "offline" | "disabled") => Status::Disabled,
        _ => return Err(unknown_status(platform, value)),
    };
    filters.status = Some(local);
    Ok(())
}

fn unknown_status(platform: Platform, value: &str) -> String {
    format!(
        "{} has no status `{value}` (it has {})",
        platform.display_name(),
        status_words(platform).join(", ")
    )
}

type Bounds<T> = (Option<T>, Option<T>);

fn range<T: Clone>(
    value: &str,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Bounds<T>, String> {
    let bad = || format!("{what} `{value}` is not a number or a range like 10..20");
    let bound = |text: &str| -> Result<Option<T>, String> {
        if text.is_empty() {
            Ok(None)
        } else {
            parse(text).map(Some).ok_or_else(bad)
        }
    };
    match value.split_once("..") {
        Some((low, high)) => Ok((bound(low)?, bound(high)?)),
        None => {
            let exact = bound(value)?;
            Ok((exact.clone(), exact))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_terms() {
        let filters = parse(
            "red shirt sku:U0012 status:hidden price:10..20.5 stock:..5 cat:224",
            Platform::Cscart,
        )
        .unwrap();
        assert_eq!(filters.name.as_deref(), Some("red shirt"));
        assert_eq!(filters.sku.as_deref(), Some("U0012"));
        assert_eq!(filters.status, Some(Status::Hidden));
        assert_eq!(filters.price_min, Money::parse("10"));
        assert_eq!(filters.price_max, Money::parse("20.5"));
        assert_eq!((filters.stock_min, filters.stock_max), (None, Some(5)));
        assert_eq!(filters.category_id, Some(224));
    }

    #[test]
    fn exact_value_is_a_closed_range() {
        let filters = parse("stock:0", Platform::Cscart).unwrap();
        assert_eq!((filters.stock_min, filters.stock_max), (Some(0), Some(0)));
    }

    #[test]
    fn mistakes_are_explained_and_located() {
        let error = parse("red colour:red", Platform::Cscart).unwrap_err();
        assert!(error.message.contains("no `colour:` filter"), "{error}");
        assert!(error.message.contains("vendor"), "{error}");
        assert_eq!(error.term, Some(4..14));
        let error = parse("price:cheap", Platform::Cscart).unwrap_err();
        assert!(error.message.contains("price"));
        let error = parse("status:gone", Platform::Cscart).unwrap_err();
        assert!(
            error.message.contains("active, disabled, hidden"),
            "{error}"
        );
        assert_eq!(parse("", Platform::Cscart).unwrap(), Filters::default());
    }

    #[test]
    fn each_platform_reads_its_own_words() {
        let valigara = parse("status:draft cat:Rings", Platform::Valigara).unwrap();
        assert_eq!(valigara.status, Some(Status::Other("draft".into())));
        assert_eq!(valigara.category_name.as_deref(), Some("Rings"));
        let ugal = parse("status:offline id:2786", Platform::Ugal).unwrap();
        assert_eq!(
            (ugal.status, ugal.parent_id),
            (Some(Status::Disabled), Some(2786))
        );
        let wave = parse("status:coming-soon", Platform::B2bwave).unwrap();
        assert_eq!((wave.status_id, wave.status), (Some(3), None));
        let cscart = parse("vendor:2", Platform::Cscart).unwrap();
        assert_eq!(cscart.vendor_id, Some(2));
        let cscart = parse("vendor:kettle", Platform::Cscart).unwrap();
        assert_eq!(cscart.vendor_name.as_deref(), Some("kettle"));
    }

    #[test]
    fn the_readable_part_leaves_out_only_the_unread_terms() {
        let (filters, error) =
            readable_part("red colour:blue sku:A1 status:gone", Platform::Cscart);
        assert_eq!(filters.name.as_deref(), Some("red"));
        assert_eq!(filters.sku.as_deref(), Some("A1"));
        assert_eq!(filters.status, None);
        assert_eq!(
            error.and_then(|e| e.term),
            Some(4..15),
            "the first one is reported"
        );
    }

    #[test]
    fn a_term_on_its_way_to_a_word_is_left_out_unflagged() {
        let (filters, error) = readable_part("ring status:dra", Platform::Valigara);
        assert_eq!((filters.name.as_deref(), error), (Some("ring"), None));
        let (_, error) = readable_part("ring status:", Platform::Valigara);
        assert_eq!(error, None);
        let (_, error) = readable_part("ring status:hid", Platform::Valigara);
        assert!(error.is_some(), "no Valigara status starts with hid");
        let (_, error) = readable_part("status:dra ring", Platform::Valigara);
        assert!(error.is_some(), "a term left behind is flagged");
    }

    #[test]
    fn tab_completes_the_last_term_to_the_platforms_words() {
        let completed = |text: &str, platform| {
            let mut text = text.to_owned();
            complete(&mut text, platform);
            text
        };
        assert_eq!(
            completed("ring st", Platform::Valigara),
            "ring st",
            "status or stock"
        );
        assert_eq!(completed("ring sta", Platform::Valigara), "ring status:");
        assert_eq!(
            completed("ring status:dr", Platform::Valigara),
            "ring status:draft"
        );
        assert_eq!(
            completed("status:c", Platform::B2bwave),
            "status:coming-soon"
        );
        assert_eq!(completed("ve", Platform::Cscart), "vendor:");
        assert_eq!(completed("ve", Platform::Ugal), "ve", "UGAL has no vendors");
        assert_eq!(completed("ring ", Platform::Cscart), "ring ");
    }

    #[test]
    fn words_a_platform_does_not_have_name_the_ones_it_has() {
        let error = parse("status:hidden", Platform::Valigara).unwrap_err();
        assert!(
            error.message.contains("active, inactive, draft, sold"),
            "{error}"
        );
        let error = parse("vendor:2", Platform::Ugal).unwrap_err();
        assert!(error.message.contains("no `vendor:` filter"), "{error}");
        assert!(error.message.contains("id"), "{error}");
        let error = parse("status:online", Platform::B2bwave).unwrap_err();
        assert!(error.message.contains("discontinued"), "{error}");
    }
}
