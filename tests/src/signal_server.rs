//! The real python-signal-cli-rest-api 22.10.6 (from the `.cache/` venv) in front of the fake
//! signal-cli JSON-RPC backend `tests/signal_server/fake_signal_cli.py`, both on loopback ports,
//! both stopped (with their process groups) on drop. See `tests/signal_server/README.md`.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::process::{free_port, Ready, Service, TempDir};
use crate::tools::{repo_root, signal_venv, system_python};

/// A running gateway + fake backend.
#[derive(Debug)]
pub struct SignalServer {
    /// The gateway's base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    // Field order is drop order: the gateway goes first, then the fake, then the scratch dir.
    server: Service,
    fake: Service,
    record: PathBuf,
    seen: usize,
    _dir: TempDir,
}

impl SignalServer {
    /// Starts the fake (with `fake_args`, e.g. `["--fail", "send"]`) and the gateway; waits until
    /// the gateway serves its OpenAPI document. Installs the venv first if needed.
    pub fn start(fake_args: &[&str]) -> SignalServer {
        let venv = signal_venv();
        let dir = TempDir::new("signal-server");
        let record = dir.path().join("rpc.jsonl");
        let script = repo_root().join("tests/signal_server/fake_signal_cli.py");
        let mut fake_cmd = Command::new(system_python());
        fake_cmd.arg(&script).arg("0").arg("--record").arg(&record).args(fake_args);
        let (fake, line) = Service::spawn("fake signal-cli", fake_cmd, Ready::FirstStdoutLine, Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{e}"));
        let fake_port: u16 = line
            .as_deref()
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("the fake printed {line:?} instead of its port"));

        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let url = format!("http://127.0.0.1:{port}");
            let mut cmd = venv.server_command();
            for var in ["ACCOUNT", "DEBUG", "WORKERS", "ACCESS_LOG"] {
                cmd.env_remove(format!("PYTHON_SIGNAL_CLI_REST_API_{var}"));
            }
            cmd.env("PYTHON_SIGNAL_CLI_REST_API_HOST", "127.0.0.1")
                .env("PYTHON_SIGNAL_CLI_REST_API_PORT", port.to_string())
                .env("PYTHON_SIGNAL_CLI_REST_API_JSONRPC_HOST", "127.0.0.1")
                .env("PYTHON_SIGNAL_CLI_REST_API_JSONRPC_PORT", fake_port.to_string());
            let ready = Ready::Http(format!("{url}/docs/openapi.json"));
            match Service::spawn("python-signal-cli-rest-api", cmd, ready, Duration::from_secs(60)) {
                Ok((server, _)) => return SignalServer { url, server, fake, record, seen: 0, _dir: dir },
                Err(e) => last_error = e,
            }
        }
        panic!("python-signal-cli-rest-api did not start: {last_error}\nfake log:\n{}", fake.log_tail(20));
    }

    /// Every JSON-RPC request the fake received so far (`{"method", "params", "id"}`).
    pub fn rpc_log(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.record).unwrap_or_default();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad record line {l:?}: {e}")))
            .collect()
    }

    /// The JSON-RPC requests received since the last call of this method.
    pub fn new_rpc(&mut self) -> Vec<Value> {
        let all = self.rpc_log();
        let new = all[self.seen.min(all.len())..].to_vec();
        self.seen = all.len();
        new
    }

    /// The gateway's output so far (for failure messages).
    pub fn server_log(&self) -> String {
        self.server.log_tail(60)
    }

    /// Whether both processes still run.
    pub fn is_running(&mut self) -> bool {
        self.server.is_running() && self.fake.is_running()
    }
}
