//! Child processes for tests: free loopback ports, spawning with a readiness wait, and teardown
//! that leaves nothing behind.
//!
//! Every child is the leader of its own process group; dropping a [`Service`] sends SIGTERM and
//! then SIGKILL to the whole group (grandchildren included) and reaps the child. The child also
//! gets `PR_SET_PDEATHSIG = SIGTERM`, so it goes away with the test process even when that process
//! is killed without unwinding. SIGTERM rather than SIGKILL so that a supervisor child can still
//! stop its own workers (Sanic's main process stops its worker processes on SIGTERM; after a
//! SIGKILL they would be orphaned).
//!
//! `PR_SET_PDEATHSIG` fires when the *thread* that spawned the child exits, so spawn services
//! from the thread that owns them (a `#[test]` or `current_thread` `#[tokio::test]` does).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A loopback port that was free a moment ago (the OS picks it; the socket is closed again).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cannot bind a loopback socket to find a free port")
}

/// A scratch directory, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// A fresh directory under the system temp dir.
    pub fn new(prefix: &str) -> TempDir {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running child process (and its process group), stopped on drop.
#[derive(Debug)]
pub struct Service {
    name: String,
    child: Option<Child>,
    log: PathBuf,
    _dir: Option<TempDir>,
}

/// How to tell a service is ready.
#[derive(Debug, Clone)]
pub enum Ready {
    /// A TCP connect to the address succeeds.
    Tcp(SocketAddr),
    /// An HTTP GET of the URL gets any response (any status).
    Http(String),
    /// A line of the child's stdout (the first one) is available; it is returned by `spawn`.
    FirstStdoutLine,
}

impl Service {
    /// Spawns `command` in its own process group with stdout/stderr going to a log file (unless
    /// [`Ready::FirstStdoutLine`], which reads stdout), waits until it is ready or `timeout`
    /// passes, and fails with the log's tail when it exits or never becomes ready.
    ///
    /// Returns the service and, for [`Ready::FirstStdoutLine`], that line.
    pub fn spawn(name: &str, mut command: Command, ready: Ready, timeout: Duration) -> Result<(Service, Option<String>), String> {
        let dir = TempDir::new(&format!("svc-{}", name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")));
        let log = dir.path().join("output.log");
        let log_file = File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
        command.stdin(Stdio::null()).stderr(Stdio::from(err_file));
        if matches!(ready, Ready::FirstStdoutLine) {
            command.stdout(Stdio::piped());
        } else {
            command.stdout(Stdio::from(log_file));
        }
        command.process_group(0);
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM as libc::c_ulong, 0, 0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // The parent may have died between fork and prctl.
                if libc::getppid() == 1 {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
        let child = command.spawn().map_err(|e| format!("cannot start {name} ({command:?}): {e}"))?;
        let mut service = Service { name: name.to_owned(), child: Some(child), log, _dir: Some(dir) };
        let deadline = Instant::now() + timeout;
        let line = match ready {
            Ready::FirstStdoutLine => Some(service.first_stdout_line(deadline)?),
            Ready::Tcp(addr) => {
                service.wait_until(deadline, || TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok())?;
                None
            }
            Ready::Http(url) => {
                service.wait_until(deadline, || http_get_any(&url))?;
                None
            }
        };
        Ok((service, line))
    }

    fn first_stdout_line(&mut self, deadline: Instant) -> Result<String, String> {
        let stdout = self.child.as_mut().and_then(|c| c.stdout.take()).ok_or("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = tx.send(reader.read_line(&mut line).map(|_| line));
            // Keep draining so the child never blocks on a full pipe.
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
        });
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(Ok(line)) if !line.trim().is_empty() => return Ok(line.trim().to_owned()),
                Ok(_) => return Err(self.failure("closed stdout without printing a line")),
                Err(_) if Instant::now() > deadline => return Err(self.failure("printed nothing before the timeout")),
                Err(_) => {
                    if let Some(status) = self.exited() {
                        return Err(self.failure(&format!("exited ({status}) before printing a line")));
                    }
                }
            }
        }
    }

    fn wait_until(&mut self, deadline: Instant, mut ready: impl FnMut() -> bool) -> Result<(), String> {
        loop {
            if let Some(status) = self.exited() {
                return Err(self.failure(&format!("exited ({status}) before it was ready")));
            }
            if ready() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(self.failure("was not ready before the timeout"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.as_mut().and_then(|c| c.try_wait().ok().flatten())
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.exited().is_none()
    }

    /// The process id (also the process group id).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Everything the process wrote to stdout/stderr so far.
    pub fn log(&self) -> String {
        std::fs::read(&self.log).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }

    /// The last `lines` lines of the log.
    pub fn log_tail(&self, lines: usize) -> String {
        let log = self.log();
        let all: Vec<&str> = log.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    fn failure(&mut self, what: &str) -> String {
        self.stop();
        format!("{} {what}; its output ends with:\n{}", self.name, self.log_tail(40))
    }

    /// Stops the whole process group: SIGTERM, up to 3 s grace, then SIGKILL; reaps the child.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let pgid = child.id() as libc::pid_t;
        // SAFETY: plain kill(2) on our own child's process group.
        unsafe {
            libc::kill(-pgid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (workers, grandchildren) goes now.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether anything answers an HTTP GET of `url` (`http://host:port/path` only).
fn http_get_any(url: &str) -> bool {
    use std::io::Write;
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".to_owned()));
    let Ok(addr) = host.parse::<SocketAddr>() else { return false };
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    matches!(stream.read(&mut buf), Ok(n) if n >= 12 && buf.starts_with(b"HTTP/1."))
}
