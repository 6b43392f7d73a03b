//! Prism (`@stoplight/prism-cli`) mock servers for contract tests.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use crate::process::{free_port, Ready, Service};
use crate::tools::{node_tools, repo_root};

/// A running `prism mock` for one spec; stopped on drop.
#[derive(Debug)]
pub struct Prism {
    /// The process.
    pub service: Service,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Prism {
    /// Starts `prism mock` (request validation on, the default) for `specs/<file>` on a free
    /// loopback port and waits until it answers. Installs Prism first if needed.
    ///
    /// Without `--errors` on purpose: Prism 5.14.2 reports request violations the same way with or
    /// without it (the spec's 400/422 answer plus an `sl-violations` header, which the tests read
    /// through [`crate::proxy::RecordingProxy`]); `--errors` only turns response violations into
    /// bare 500s, which would hide the example body from the client's decoder.
    pub fn start(spec_file: &str) -> Prism {
        let tools = node_tools();
        let spec = repo_root().join("specs").join(spec_file);
        assert!(spec.exists(), "{} does not exist", spec.display());
        let mut last_error = String::new();
        // A port can be taken between choosing and binding it; try a few.
        for _ in 0..3 {
            match Self::try_start(&tools, &spec) {
                Ok(p) => return p,
                Err(e) => last_error = e,
            }
        }
        panic!("Prism did not start for {spec_file}: {last_error}");
    }

    fn try_start(tools: &crate::tools::NodeTools, spec: &Path) -> Result<Prism, String> {
        let port = free_port();
        let mut cmd = tools.prism();
        cmd.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()]).arg(spec);
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let (service, _) = Service::spawn("prism", cmd, Ready::Tcp(addr), Duration::from_secs(90))?;
        Ok(Prism { service, url: format!("http://{addr}") })
    }

    /// Whether the Prism process is still running (it crashes on some inputs).
    pub fn is_running(&mut self) -> bool {
        self.service.is_running()
    }
}
