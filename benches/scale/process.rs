//! The release binary in tmux: resident memory with a whole catalog loaded, and the time from
//! spawning it to its first frame on the screen.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::report::{Row, grouped, quantile, ratio, time};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;
const START_RUNS: usize = 7;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_stockroom"))
}

/// A tmux server of its own running one command in a 200x50 session, with HOME and the XDG
/// directories in a temporary directory; killed when dropped.
struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

impl Tmux {
    /// Starts `command` (run by `sh -c` in the home directory) and returns at once.
    fn start(name: &str, home: tempfile::TempDir, command: &str) -> Tmux {
        // A socket per session: a server being killed cannot take the next session with it.
        static SESSIONS: AtomicUsize = AtomicUsize::new(0);
        let session = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let socket = format!("stockroom-bench-{name}-{}-{session}", std::process::id());
        let script = format!(
            "cd {home}; export HOME={home} XDG_CONFIG_HOME={home}/config \
             XDG_STATE_HOME={home}/state XDG_DATA_HOME={home}/data TERM=xterm-256color; {command}",
            home = home.path().display()
        );
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", &WIDTH.to_string(), "-y", &HEIGHT.to_string()])
            .args(["sh", "-c", &script])
            .status()
            .expect("tmux must be installed");
        assert!(status.success(), "tmux could not start a session");
        Tmux {
            socket,
            _home: home,
        }
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The pane's process: the program itself, as the script `exec`s it.
    fn pid(&self) -> u32 {
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
            .expect("tmux list-panes");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("a pane pid")
    }

    fn send_keys(&self, keys: &str) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0", keys])
            .status();
    }

    /// Polls the screen as fast as tmux answers until `ready`; the screen and when it was seen.
    fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> (String, Instant) {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            let seen = Instant::now();
            if ready(&screen) {
                return (screen, seen);
            }
            assert!(
                seen < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// A home directory holding `config.toml` with one CS-Cart profile at `base_url`.
fn home_with_profile(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("a temporary directory");
    let config = format!(
        "default_profile = \"shop\"\n[profiles.shop]\nplatform = \"cscart\"\n\
         base_url = \"{base_url}\"\nuser = \"admin@example.com\"\nsecret = {{ env = \"SHOP_KEY\" }}\n"
    );
    let path = home.path().join("config.toml");
    std::fs::write(&path, config).expect("writing the config");
    (home, path)
}

pub fn stockroom_command(config: &Path, key: &str) -> String {
    format!(
        "SHOP_KEY={key} exec {} --config {}",
        binary().display(),
        config.display()
    )
}

/// `stockroom sandbox` in a process of its own, so its memory is not counted; its CS-Cart URL and key.
struct HeadlessSandbox {
    child: Child,
    base_url: String,
    key: String,
}

impl HeadlessSandbox {
    fn start(products: usize) -> HeadlessSandbox {
        let mut child = Command::new(binary())
            .args(["sandbox", "--addr", "127.0.0.1:0", "--products"])
            .arg(products.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the sandbox starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let line = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find(|line| line.starts_with("cscart"))
            .expect("the sandbox names its CS-Cart store");
        let fields: Vec<&str> = line.split_whitespace().collect();
        let key = fields
            .iter()
            .find_map(|field| field.strip_prefix("key="))
            .expect("a key")
            .to_owned();
        HeadlessSandbox {
            child,
            base_url: fields[1].to_owned(),
            key,
        }
    }
}

impl Drop for HeadlessSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (VmRSS, VmHWM) in kB of a process.
fn memory(pid: u32) -> (u64, u64) {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The app's resident memory once a catalog of `products` has loaded: (RSS, peak) in kB, and
/// how long the load took from spawning.
fn loaded_memory(products: usize) -> (u64, u64, Duration) {
    let sandbox = HeadlessSandbox::start(products);
    let (home, config) = home_with_profile(&sandbox.base_url);
    let total = format!("{} products", grouped(products as u64));
    let start = Instant::now();
    let tmux = Tmux::start("memory", home, &stockroom_command(&config, &sandbox.key));
    let (_, seen) = tmux.wait_for("the whole catalog", Duration::from_secs(120), |screen| {
        screen.contains(&total) && !screen.contains("loading")
    });
    // Let the last page's allocations settle.
    std::thread::sleep(Duration::from_millis(500));
    let (rss, peak) = memory(tmux.pid());
    (rss, peak, seen - start)
}

pub fn resident_memory() -> Row {
    let (small, small_peak, _) = loaded_memory(1_000);
    let (big, big_peak, took) = loaded_memory(100_000);
    let limit_kb = 200 * 1024;
    let met = big < limit_kb;
    let mb = |kb: u64| format!("{:.1} MB", kb as f64 / 1024.0);
    Row {
        goal: "resident memory, 100,000 products loaded: < 200 MB".into(),
        baseline: format!("1,000 products: {} (peak {})", mb(small), mb(small_peak)),
        result: format!("{} (peak {})", mb(big), mb(big_peak)),
        ratio: ratio(big as f64 / small as f64),
        met,
        how: format!(
            "the release binary in tmux at 200x50 on a CS-Cart profile of a `stockroom sandbox \
             --products N` running in a process of its own; VmRSS (and VmHWM, the peak) from \
             /proc/<pid>/status half a second after the status bar shows the total and no longer \
             says loading ({} after spawning for 100,000)",
            time(took)
        ),
        miss: (!met).then(|| {
            format!(
                "{} resident, {:.0}% over 200 MB",
                mb(big),
                (big as f64 / limit_kb as f64 - 1.0) * 100.0
            )
        }),
    }
}

/// The app's resident memory once the whole catalog of `products` is in its list, started by
/// `command` in a fresh home: (RSS, peak) in kB, and how long from spawning until it was.
/// Pressing `G` lands on the last row only once every row is there.
pub fn whole_catalog_memory(
    products: usize,
    command: impl FnOnce(&Path) -> String,
) -> (u64, u64, Duration) {
    let home = tempfile::tempdir().expect("a temporary directory");
    let command = command(home.path());
    let last = format!("row {} of", grouped(products as u64));
    let start = Instant::now();
    let tmux = Tmux::start("whole", home, &command);
    let deadline = start + Duration::from_secs(120);
    let seen = loop {
        tmux.send_keys("G");
        std::thread::sleep(Duration::from_millis(50));
        let screen = tmux.screen();
        if screen.contains(&last) {
            break Instant::now();
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {last}; screen:\n{screen}"
        );
    };
    std::thread::sleep(Duration::from_millis(500));
    let (rss, peak) = memory(tmux.pid());
    (rss, peak, seen - start)
}

/// Time from spawning `command` in tmux until `ready` holds on the screen, median of several runs.
pub fn time_to_screen(name: &str, command: impl Fn(&Path) -> String, ready: &str) -> Duration {
    let mut times = Vec::new();
    for _ in 0..START_RUNS {
        let home = tempfile::tempdir().expect("a temporary directory");
        let command = command(home.path());
        let start = Instant::now();
        let tmux = Tmux::start(name, home, &command);
        let (_, seen) = tmux.wait_for(ready, Duration::from_secs(20), |screen| {
            screen.contains(ready)
        });
        times.push(seen - start);
        drop(tmux);
    }
    quantile(&mut times, 0.5)
}

pub fn first_frame() -> Row {
    // Connections are accepted by the kernel and never answered: the app waits for nothing.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a port");
    let port = silent.local_addr().expect("a local address").port();
    let base_url = format!("http://127.0.0.1:{port}");
    let baseline = time_to_screen(
        "shell",
        |_| "printf ready; exec sleep 5".to_owned(),
        "ready",
    );
    let app = time_to_screen(
        "start",
        |home| {
            let config = home.join("config.toml");
            std::fs::write(
                &config,
                format!(
                    "default_profile = \"shop\"\n[profiles.shop]\nplatform = \"cscart\"\n\
                     base_url = \"{base_url}\"\nuser = \"admin@example.com\"\n\
                     secret = {{ env = \"SHOP_KEY\" }}\n"
                ),
            )
            .expect("writing the config");
            stockroom_command(&config, "unused-key")
        },
        "loading",
    );
    drop(silent);
    let limit = Duration::from_millis(100);
    let met = app < limit;
    Row {
        goal: "start to first frame, no network answer: < 100 ms".into(),
        baseline: format!("`printf ready` {}", time(baseline)),
        result: format!(
            "{} ({} over the shell)",
            time(app),
            time(app.saturating_sub(baseline))
        ),
        ratio: ratio(app.as_secs_f64() / baseline.as_secs_f64()),
        met,
        how: format!(
            "from spawning `tmux new-session -d -x 200 -y 50` until `capture-pane`, polled \
             back to back, shows the status bar's `loading`, median of {START_RUNS}; the profile \
             points at a bound port that never accepts; baseline: the same harness running \
             `sh -c 'printf ready; sleep 5'` until `ready` shows. The result includes tmux's own \
             start, which the baseline measures"
        ),
        miss: (!met).then(|| {
            format!(
                "the first frame shows {} after spawning, {:.0}% over 100 ms; the shell baseline \
                 takes {} in the same harness",
                time(app),
                (app.as_secs_f64() / limit.as_secs_f64() - 1.0) * 100.0,
                time(baseline)
            )
        }),
    }
}
