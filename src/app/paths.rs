//! File names a `:` command's last word can become, as a shell completes them.

use std::path::{Path, PathBuf};

/// `~/…` as the shell reads it: under `$HOME`.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// How many names are offered at most from one directory.
const MAX_NAMES: usize = 500;

/// The paths starting with `word`, spelled as typed (`~/` stays), directories ending in `/`;
/// hidden files only when the name typed so far starts with a dot.
pub fn completions(word: &str, home: Option<PathBuf>) -> Vec<String> {
    let (dir_part, prefix) = match word.rfind('/') {
        Some(slash) => (&word[..=slash], &word[slash + 1..]),
        None => ("", word),
    };
    let dir = match (dir_part.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if dir_part.is_empty() => PathBuf::from("."),
        _ => PathBuf::from(dir_part),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return vec![];
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let shown =
                name.starts_with(prefix) && (!name.starts_with('.') || prefix.starts_with('.'));
            // A name with a space could not be told from the next word of the command.
            if !shown || name.contains(' ') || name.chars().any(char::is_control) {
                return None;
            }
            let slash = if entry.path().is_dir() { "/" } else { "" };
            Some(format!("{dir_part}{name}{slash}"))
        })
        .collect();
    names.sort();
    names.truncate(MAX_NAMES);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_directory() {
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(
                expand_home(Path::new("~/exports/a.har")),
                PathBuf::from(home).join("exports/a.har")
            );
        }
        assert_eq!(
            expand_home(Path::new("/tmp/a.har")),
            PathBuf::from("/tmp/a.har")
        );
        assert_eq!(expand_home(Path::new("a~b")), PathBuf::from("a~b"));
    }

    #[test]
    fn files_and_directories_complete_as_typed() {
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(e) => panic!("{e}"),
        };
        for name in ["stock.csv", "stock-2.csv", ".hidden.csv", "with space.csv"] {
            let _ = std::fs::write(dir.path().join(name), "sku,stock\n");
        }
        let _ = std::fs::create_dir(dir.path().join("stockfiles"));
        let base = format!("{}/", dir.path().display());
        assert_eq!(
            completions(&format!("{base}st"), None),
            [
                format!("{base}stock-2.csv"),
                format!("{base}stock.csv"),
                format!("{base}stockfiles/"),
            ]
        );
        assert_eq!(
            completions(&format!("{base}."), None),
            [format!("{base}.hidden.csv")]
        );
        assert_eq!(
            completions("~/sto", Some(dir.path().to_path_buf())),
            ["~/stock-2.csv", "~/stock.csv", "~/stockfiles/"]
        );
        assert!(completions("/no/such/dir/x", None).is_empty());
    }
}
