//! The real binary in a real terminal: `stockroom demo` driven through tmux.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (its own socket), killed when the test ends.
pub struct Tmux {
    socket: String,
    home: PathBuf,
    _owned: Option<tempfile::TempDir>,
}

impl Tmux {
    /// Starts `command` in a detached session of the given size, with config, state and
    /// logs confined to a temporary directory.
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let mut tmux = Tmux::start_in(name, dir.path(), width, height, command);
        tmux._owned = Some(dir);
        tmux
    }

    /// Like `start`, in a home directory the caller keeps, so a second run finds what the
    /// first one left there (its journal, its log).
    pub fn start_in(name: &str, home: &Path, width: u16, height: u16, command: &str) -> Tmux {
        let socket = format!("stockroom-test-{name}-{}", std::process::id());
        let _ = std::fs::remove_file(home.join("exit"));
        let script = format!(
            "cd {home}; unset STOCKROOM_ASCII; export HOME={home} XDG_CONFIG_HOME={home}/config XDG_STATE_HOME={home}/state \
             XDG_DATA_HOME={home}/data TERM=xterm-256color LC_ALL=C.UTF-8; {command}; echo \"EXIT=$?\" > {home}/exit",
            home = home.display()
        );
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["sh", "-c", &script])
            .status()
            .expect("tmux must be installed to run the end-to-end tests (.ci/run installs it)");
        assert!(status.success(), "tmux could not start a session");
        Tmux {
            socket,
            home: home.to_path_buf(),
            _owned: None,
        }
    }

    pub fn set_option(&self, name: &str, value: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "set-option", "-g", name, value])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// The newest paste buffer: where tmux puts what a program copied with OSC 52.
    pub fn buffer(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "show-buffer"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Kills the program in the pane with SIGKILL, as a crash or `kill -9` would.
    pub fn kill_program(&self) {
        let output = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "list-panes",
                "-t",
                "0",
                "-F",
                "#{pane_pid}",
            ])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let status = Command::new("pkill")
            .args(["-KILL", "-P", &shell])
            .status()
            .unwrap();
        assert!(
            status.success(),
            "no program to kill under the pane's shell {shell}"
        );
    }

    pub fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Types text literally, one key at a time.
    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0", "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// A tmux format for the pane, such as `#{mouse_any_flag}` (whether the program asked
    /// for mouse events).
    pub fn pane_format(&self, format: &str) -> String {
        let output = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "0",
                format,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    pub fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ready` and is settled, failing with the last screen
    /// after 30 s.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            // A capture can fall between two writes of one frame: a screen counts once it
            // reads the same a moment later.
            if ready(&screen) {
                std::thread::sleep(Duration::from_millis(60));
                if self.screen() == screen {
                    return screen;
                }
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The exit line the wrapper script wrote, once the program has ended.
    pub fn wait_exit(&self) -> String {
        let file = self.home.join("exit");
        let deadline = Instant::now() + Duration::from_secs(15);
        while !file.exists() {
            assert!(
                Instant::now() < deadline,
                "the program did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        std::fs::read_to_string(file).unwrap().trim().to_owned()
    }

    pub fn home(&self) -> &Path {
        &self.home
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_stockroom"))
}

#[test]
fn demo_browse_page_search_open_and_quit() {
    let tmux = Tmux::start("demo", 120, 35, &format!("{} demo", binary().display()));

    // Waiting for the whole status line: a capture can fall between two writes of one frame.
    let screen = tmux.wait_for("the first page", |s| {
        s.contains("page 1/") && s.contains("200 GET") && s.contains(" ms")
    });
    assert!(screen.contains("cscart-demo"), "{screen}");
    assert!(
        screen.contains("1,200 products"),
        "the status bar shows the total:\n{screen}"
    );
    assert!(
        screen.contains(" ms"),
        "the status bar shows the latency:\n{screen}"
    );
    let screen = tmux.wait_for("the whole catalog", |s| {
        s.contains("/1,200 ┘") && !s.contains("loading")
    });
    assert!(screen.contains(" 1/1,200 "), "{screen}");

    tmux.send(&["]"]);
    tmux.wait_for("the next screen", |s| {
        s.contains("/1,200 ┘") && !s.contains(" 1/1,200 ")
    });
    tmux.send(&["G"]);
    tmux.wait_for("the last row, from the last page", |s| {
        s.contains(" 1,200/1,200 ") && s.contains("page 5/5")
    });

    tmux.send(&["/"]);
    tmux.type_text("pants");
    let screen = tmux.wait_for("the rows filtered as they are typed", |s| {
        s.contains("100g Pants") && s.contains("of 1,200 ┘")
    });
    assert!(
        !screen.contains("Chromebook"),
        "only matches are listed:\n{screen}"
    );
    tmux.send(&["Enter"]);
    tmux.wait_for("the applied filter", |s| s.contains("filter: pants"));

    tmux.send(&["g", "Enter"]);
    tmux.wait_for("the product's fields", |s| {
        s.contains("Brand  Adidas") && s.contains("Tracking  tracked")
    });

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let log = tmux.home().join("state/stockroom/stockroom.log");
    assert!(
        log.exists(),
        "the log goes to the state directory, not the terminal"
    );
}

#[test]
fn without_a_config_the_ui_explains_how_to_start() {
    let tmux = Tmux::start("welcome", 80, 24, &binary().display().to_string());
    let screen = tmux.wait_for("the welcome screen", |s| s.contains("stockroom demo"));
    assert!(
        screen.contains("config.toml"),
        "it names the config file:\n{screen}"
    );
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

/// Starts `stockroom sandbox` on a free port; returns the child and one platform's
/// base URL, user (empty when it has none) and key, as the command prints them.
pub fn sandbox_endpoint(extra: &[&str], platform: &str) -> (SandboxChild, String, String, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(binary())
        .args(["sandbox", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = BufReader::new(stdout)
        .lines()
        .map(Result::unwrap)
        .find(|line| line.starts_with(platform))
        .unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    let value = |name: &str| {
        fields
            .iter()
            .find_map(|f| f.strip_prefix(name))
            .unwrap_or_default()
            .to_owned()
    };
    (
        SandboxChild(child),
        fields[1].to_owned(),
        value("user="),
        value("key="),
    )
}

/// Starts `stockroom sandbox` on a free port; returns the child and its CS-Cart base URL and key.
pub fn headless_sandbox(extra: &[&str]) -> (SandboxChild, String, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(binary())
        .args(["sandbox", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = BufReader::new(stdout).lines().next().unwrap().unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    let key = fields[3].trim_start_matches("key=").to_owned();
    (SandboxChild(child), fields[1].to_owned(), key)
}

/// A `stockroom sandbox` process, stopped when dropped, so a failing test leaves none behind.
pub struct SandboxChild(std::process::Child);

impl SandboxChild {
    pub fn kill(&mut self) -> std::io::Result<()> {
        self.0.kill()?;
        self.0.wait().map(|_| ())
    }
}

impl Drop for SandboxChild {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

#[test]
fn secrets_never_reach_the_screen_or_the_log() {
    let (mut sandbox, base_url, key) = headless_sandbox(&[]);
    let wrong = "wrong-secret-value-4711";
    let tmux_config = format!(
        "default_profile = \"shop\"\n\
         [profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\nuser = \"admin@example.com\"\n\
         secret = {{ command = \"printf %s {key}\" }}\n\
         [profiles.wrong]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\nuser = \"admin@example.com\"\n\
         secret = {{ env = \"STOCKROOM_WRONG_KEY\" }}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, tmux_config).unwrap();
    let command = format!(
        "STOCKROOM_WRONG_KEY={wrong} {} --config {}",
        binary().display(),
        config.display()
    );
    let tmux = Tmux::start("secrets", 120, 35, &command);

    let mut screens = vec![tmux.wait_for("the first page", |s| s.contains("page 1/"))];
    tmux.send(&["Enter"]);
    screens.push(tmux.wait_for("the product", |s| s.contains("Platform fields")));
    tmux.send(&["?"]);
    screens.push(tmux.wait_for("help", |s| s.contains("Log file")));
    tmux.send(&["?"]);
    tmux.send(&["P"]);
    let refused = tmux.wait_for("the refusal", |s| s.contains("401"));
    assert!(
        refused.contains("wrong"),
        "the status bar names the profile:\n{refused}"
    );
    screens.push(refused);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let _ = sandbox.kill();

    let log = std::fs::read_to_string(tmux.home().join("state/stockroom/stockroom.log")).unwrap();
    assert!(
        log.contains("exchange"),
        "the log records the exchanges:\n{log}"
    );
    for (what, text) in screens.iter().map(|s| ("screen", s)).chain([("log", &log)]) {
        assert!(
            !text.contains(&key),
            "the API key leaked into the {what}:\n{text}"
        );
        assert!(
            !text.contains(wrong),
            "the wrong key leaked into the {what}:\n{text}"
        );
    }
}
