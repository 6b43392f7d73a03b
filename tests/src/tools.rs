//! External tools the tests install for themselves, pinned, into `<repo>/.cache/` (gitignored),
//! once: later runs find them there. Concurrent test processes and threads serialise on an
//! exclusive `flock` of `.cache/<tool>.lock`; an installation counts only once its `.complete`
//! marker (holding the pinned versions) is written last, so an interrupted install is redone.
//!
//! Nothing is skipped: if a tool cannot be installed, the calling test panics with the reason.
//!
//! Requirements on the machine: `npm` (Node 20+) and `python3` (3.11) on `PATH`.
//! `TEST_PYTHON` overrides the interpreter used to create the virtualenv.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

/// `@redocly/cli` (2.77.0 is the newest that still runs on Node 20.19+).
pub const REDOCLY_CLI: &str = "@redocly/cli@2.77.0";
/// `@stoplight/spectral-cli`.
pub const SPECTRAL_CLI: &str = "@stoplight/spectral-cli@6.16.3";
/// `@stoplight/prism-cli`.
pub const PRISM_CLI: &str = "@stoplight/prism-cli@5.14.2";
/// The real signal-cli REST gateway.
pub const SIGNAL_REST_API: &str = "python-signal-cli-rest-api==22.10.6";
/// Sanic 22.9 breaks with newer websockets.
pub const WEBSOCKETS: &str = "websockets==10.4";

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `<repo>/.cache`, created if needed.
pub fn cache_dir() -> PathBuf {
    let dir = repo_root().join(".cache");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// An exclusive lock on a file, released on drop (also when the process dies).
pub struct FileLock(File);

/// Takes an exclusive lock on `path` (created if missing), waiting for it.
pub fn lock(path: &Path) -> FileLock {
    FileLock::acquire(path)
}

impl FileLock {
    fn acquire(path: &Path) -> FileLock {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .unwrap_or_else(|e| panic!("cannot open lock file {}: {e}", path.display()));
        // SAFETY: flock on a descriptor we own; blocks until the lock is ours.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert!(rc == 0, "cannot lock {}: {}", path.display(), std::io::Error::last_os_error());
        FileLock(file)
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // SAFETY: unlocking our own descriptor.
        unsafe {
            libc::flock(self.0.as_raw_fd(), libc::LOCK_UN);
        }
    }
}

/// Runs an installer command; the error carries its output.
fn run(what: &str, cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let tail = |b: &[u8]| {
        let t = String::from_utf8_lossy(b);
        let lines: Vec<&str> = t.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    };
    Err(format!(
        "{what}: {cmd:?} failed ({}):\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        tail(&out.stdout),
        tail(&out.stderr)
    ))
}

/// Installs into `dir` unless its marker says this exact set is there; under the lock `name`.
fn install_once(name: &str, dir: &Path, key: &str, install: impl FnOnce(&Path) -> Result<(), String>) -> Result<(), String> {
    let marker = dir.join(".complete");
    if std::fs::read_to_string(&marker).is_ok_and(|k| k == key) {
        return Ok(());
    }
    let _lock = FileLock::acquire(&cache_dir().join(format!("{name}.lock")));
    // Someone else may have finished while we waited.
    if std::fs::read_to_string(&marker).is_ok_and(|k| k == key) {
        return Ok(());
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove the stale {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let started = Instant::now();
    eprintln!("[tools] installing {key} into {} (first run only)…", dir.display());
    install(dir)?;
    std::fs::write(&marker, key).map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    eprintln!("[tools] installed {name} in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The Node tools: Redocly CLI, Spectral and Prism.
#[derive(Debug, Clone)]
pub struct NodeTools {
    bin: PathBuf,
}

impl NodeTools {
    /// A command running `node_modules/.bin/<tool>`.
    pub fn command(&self, tool: &str) -> Command {
        let mut c = Command::new(self.bin.join(tool));
        // No telemetry, update checks or colours in test logs.
        c.env("REDOCLY_TELEMETRY", "off")
            .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
            .env("NO_UPDATE_NOTIFIER", "1")
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0");
        c
    }

    /// `redocly`.
    pub fn redocly(&self) -> Command {
        self.command("redocly")
    }

    /// `spectral`.
    pub fn spectral(&self) -> Command {
        self.command("spectral")
    }

    /// `prism`.
    pub fn prism(&self) -> Command {
        self.command("prism")
    }
}

/// Installs (first call only) and returns the pinned Node tools. Panics with the reason if npm
/// is missing or the install fails.
pub fn node_tools() -> NodeTools {
    static TOOLS: OnceLock<Result<NodeTools, String>> = OnceLock::new();
    let tools = TOOLS.get_or_init(|| {
        let dir = cache_dir().join("npm");
        let key = format!("{REDOCLY_CLI} {SPECTRAL_CLI} {PRISM_CLI}");
        install_once("npm", &dir, &key, |dir| {
            run(
                "installing the Node tools (needs npm and network access to the npm registry)",
                Command::new("npm")
                    .arg("install")
                    .arg("--prefix")
                    .arg(dir)
                    .args(["--no-audit", "--no-fund", "--loglevel=error", "--no-update-notifier"])
                    .args([REDOCLY_CLI, SPECTRAL_CLI, PRISM_CLI]),
            )
        })?;
        let bin = dir.join("node_modules/.bin");
        for tool in ["redocly", "spectral", "prism"] {
            if !bin.join(tool).exists() {
                return Err(format!("npm install finished but {} is missing", bin.join(tool).display()));
            }
        }
        Ok(NodeTools { bin })
    });
    match tools {
        Ok(t) => t.clone(),
        Err(e) => panic!("cannot install the pinned Node tools: {e}"),
    }
}

/// The virtualenv with python-signal-cli-rest-api.
#[derive(Debug, Clone)]
pub struct SignalVenv {
    dir: PathBuf,
}

impl SignalVenv {
    /// The venv's `python`.
    pub fn python(&self) -> PathBuf {
        self.dir.join("bin/python")
    }

    /// A command starting the REST gateway (the package's `run()` entry point).
    pub fn server_command(&self) -> Command {
        let mut c = Command::new(self.python());
        c.args(["-c", "from python_signal_cli_rest_api import run; run()"]).env("PYTHONUNBUFFERED", "1");
        c
    }
}

/// The interpreter used to create the virtualenv: `$TEST_PYTHON`, else `python3.11`, else `python3`.
fn base_python() -> String {
    if let Ok(p) = std::env::var("TEST_PYTHON") {
        return p;
    }
    let works = |p: &str| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success());
    if works("python3.11") {
        "python3.11".to_owned()
    } else {
        "python3".to_owned()
    }
}

/// Installs (first call only) and returns the signal-cli REST API virtualenv. Panics with the
/// reason if Python or pip fail.
pub fn signal_venv() -> SignalVenv {
    static VENV: OnceLock<Result<SignalVenv, String>> = OnceLock::new();
    let venv = VENV.get_or_init(|| {
        let dir = cache_dir().join("signal-venv");
        let python = base_python();
        let key = format!("{SIGNAL_REST_API} {WEBSOCKETS}");
        install_once("signal-venv", &dir, &key, |dir| {
            run("creating the virtualenv", Command::new(&python).args(["-m", "venv"]).arg(dir))?;
            run(
                "installing python-signal-cli-rest-api (needs network access to PyPI)",
                Command::new(dir.join("bin/python"))
                    .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"])
                    .args([SIGNAL_REST_API, WEBSOCKETS]),
            )
        })?;
        let venv = SignalVenv { dir };
        let check = Command::new(venv.python()).args(["-c", "import python_signal_cli_rest_api"]).output();
        match check {
            Ok(o) if o.status.success() => Ok(venv),
            Ok(o) => Err(format!("the venv cannot import python_signal_cli_rest_api: {}", String::from_utf8_lossy(&o.stderr))),
            Err(e) => Err(format!("cannot run {}: {e}", venv.python().display())),
        }
    });
    match venv {
        Ok(v) => v.clone(),
        Err(e) => panic!("cannot install the signal-cli REST API: {e}"),
    }
}

/// The system Python (for the fake signal-cli, standard library only).
pub fn system_python() -> String {
    base_python()
}
