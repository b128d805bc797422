//! The theme the screen is drawn with, and every theme `:theme` can switch to.

use crate::theme::Styles;

#[derive(Debug, Clone)]
pub struct Themes {
    /// The theme in use.
    pub name: String,
    pub styles: Styles,
    /// Every theme by name, read when the UI started; one that would not load says why.
    pub available: Vec<(String, Result<Styles, String>)>,
    /// NO_COLOR is set: every theme is drawn without colour.
    pub no_color: bool,
}

impl Default for Themes {
    fn default() -> Themes {
        Themes {
            name: "dark".to_owned(),
            styles: Styles::default(),
            available: vec![],
            no_color: false,
        }
    }
}

impl Themes {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.available.iter().map(|(name, _)| name.as_str())
    }

    /// Whether colours other than the theme's may be drawn: a profile's accent.
    pub fn colour(&self) -> bool {
        !self.no_color && self.name != "mono"
    }

    /// Switches to a theme by name, or says why not.
    pub fn switch(&mut self, name: &str) -> Result<(), String> {
        let found = self.available.iter().find(|(known, _)| known == name);
        match found {
            Some((_, Ok(styles))) => {
                self.name = name.to_owned();
                self.styles = *styles;
                Ok(())
            }
            Some((_, Err(why))) => Err(why.clone()),
            None => Err(format!(
                "no theme `{name}` (themes: {})",
                self.names().collect::<Vec<_>>().join(", ")
            )),
        }
    }
}
