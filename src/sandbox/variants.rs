//! The undocumented details the sandbox can play another way (`--variant NAME`), one per guess.
//!
//! The default sandbox follows the platforms' documents and, where they are silent, the
//! judgment written in `docs/platforms/*.md`. Each variant is a plausible alternative to one
//! of those judgments, so the client can be shown to cope with the real server whichever way
//! it turns out to behave.

use std::fmt;
use std::str::FromStr;

/// One alternative to a guess about a platform's undocumented behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    /// B2B Wave serves at most 25 products a page, whatever `per_page` asks.
    B2bwavePageCap25,
    /// B2B Wave serves at most 50 products a page.
    B2bwavePageCap50,
    /// B2B Wave serves at most 100 products a page (the default's guess, made explicit).
    B2bwavePageCap100,
    /// B2B Wave serves as many products a page as `per_page` asks.
    B2bwavePageCapNone,
    /// B2B Wave ignores the undocumented `id_eq` filter.
    B2bwaveIdEqIgnored,
    /// B2B Wave's list rows carry no `quantity`, `quantity_monitor` or `quantities`, as in
    /// the documented list sample.
    B2bwaveNoListQuantities,
    /// Valigara's search refuses `sort` and `order` as unknown keys (status 303).
    ValigaraSortRefused,
    /// Valigara's search ignores `sort` and `order`: ids come back in id order.
    ValigaraSortIgnored,
    /// Valigara's listing limit is 4 requests in any rolling hour, not a leaky bucket.
    ValigaraRollingHour,
    /// UGAL's item collection carries no `<price>`: only the item itself has prices.
    UgalNoListPrice,
    /// CS-Cart answers a PUT with the id as a string, `{"product_id": "12"}`.
    CscartStringIds,
}

impl Variant {
    pub const ALL: [Variant; 11] = [
        Variant::B2bwavePageCap25,
        Variant::B2bwavePageCap50,
        Variant::B2bwavePageCap100,
        Variant::B2bwavePageCapNone,
        Variant::B2bwaveIdEqIgnored,
        Variant::B2bwaveNoListQuantities,
        Variant::ValigaraSortRefused,
        Variant::ValigaraSortIgnored,
        Variant::ValigaraRollingHour,
        Variant::UgalNoListPrice,
        Variant::CscartStringIds,
    ];

    /// The name `--variant` takes.
    pub fn name(self) -> &'static str {
        match self {
            Variant::B2bwavePageCap25 => "b2bwave-page-cap-25",
            Variant::B2bwavePageCap50 => "b2bwave-page-cap-50",
            Variant::B2bwavePageCap100 => "b2bwave-page-cap-100",
            Variant::B2bwavePageCapNone => "b2bwave-page-cap-none",
            Variant::B2bwaveIdEqIgnored => "b2bwave-id-eq-ignored",
            Variant::B2bwaveNoListQuantities => "b2bwave-no-list-quantities",
            Variant::ValigaraSortRefused => "valigara-sort-refused",
            Variant::ValigaraSortIgnored => "valigara-sort-ignored",
            Variant::ValigaraRollingHour => "valigara-rolling-hour",
            Variant::UgalNoListPrice => "ugal-no-list-price",
            Variant::CscartStringIds => "cscart-string-ids",
        }
    }

    /// One line for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Variant::B2bwavePageCap25 => "B2B Wave pages hold at most 25 products",
            Variant::B2bwavePageCap50 => "B2B Wave pages hold at most 50 products",
            Variant::B2bwavePageCap100 => "B2B Wave pages hold at most 100 products",
            Variant::B2bwavePageCapNone => "B2B Wave pages hold as many as per_page asks",
            Variant::B2bwaveIdEqIgnored => "B2B Wave ignores the undocumented id_eq filter",
            Variant::B2bwaveNoListQuantities => "B2B Wave's list rows carry no quantities",
            Variant::ValigaraSortRefused => "Valigara's search refuses sort/order (303)",
            Variant::ValigaraSortIgnored => "Valigara's search ignores sort/order",
            Variant::ValigaraRollingHour => "Valigara's listing limit is 4 in any rolling hour",
            Variant::UgalNoListPrice => "UGAL's item collection has no <price>",
            Variant::CscartStringIds => "CS-Cart answers a PUT with the id as a string",
        }
    }

    /// The largest page B2B Wave serves under the variants chosen: `None` for no cap.
    pub fn b2bwave_page_cap(variants: &[Variant], default: usize) -> Option<usize> {
        let cap = variants.iter().rev().find_map(|variant| match variant {
            Variant::B2bwavePageCap25 => Some(Some(25)),
            Variant::B2bwavePageCap50 => Some(Some(50)),
            Variant::B2bwavePageCap100 => Some(Some(100)),
            Variant::B2bwavePageCapNone => Some(None),
            _ => None,
        });
        cap.unwrap_or(Some(default))
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `--variant` name that is not one of `Variant::ALL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant(pub String);

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
        write!(
            f,
            "unknown variant {:?}; known: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownVariant {}

impl FromStr for Variant {
    type Err = UnknownVariant;

    fn from_str(text: &str) -> Result<Variant, UnknownVariant> {
        let text = text.trim();
        Variant::ALL
            .into_iter()
            .find(|variant| variant.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownVariant(text.to_owned()))
    }
}

/// The `--variant` help: every name with its description.
pub fn help() -> String {
    let mut help = String::from(
        "Play an alternative to an undocumented detail (repeatable); the default follows the \
         documents.\n",
    );
    for variant in Variant::ALL {
        help.push_str(&format!(
            "\n  {:<28} {}",
            variant.name(),
            variant.description()
        ));
    }
    help
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_its_variant() {
        for variant in Variant::ALL {
            assert_eq!(variant.name().parse::<Variant>(), Ok(variant));
        }
        assert!("b2bwave-page-cap-7".parse::<Variant>().is_err());
    }

    #[test]
    fn the_last_page_cap_named_wins() {
        let caps = [Variant::B2bwavePageCap25, Variant::B2bwavePageCapNone];
        assert_eq!(Variant::b2bwave_page_cap(&caps, 100), None);
        assert_eq!(Variant::b2bwave_page_cap(&[], 100), Some(100));
    }
}
