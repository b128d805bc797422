//! File names a `:` command's last word can become, as a shell completes them, and the private
//! files and directory (0600 in 0700) the state directory's log and exports are made as.

use std::path::{Path, PathBuf};

/// `~/…` as the shell reads it: under `$HOME`.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// Creates `dir` and its parents, and makes `dir` itself readable by its owner only.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Opens `path` for appending, created readable by its owner only (an existing file is made so).
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Writes `text` to a new file in `dir` (made private first) readable by its owner only.
pub fn write_private(dir: &Path, path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    private_dir(dir)?;
    let mut file = private_file(path)?;
    file.set_len(0)?;
    file.write_all(text.as_bytes())
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
    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_in_a_0700_directory() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("state");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.join("x.har");
        std::fs::write(&file, "old and longer").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::write_private(&dir, &file, "new").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }

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
