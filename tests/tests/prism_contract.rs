//! Contract tests: every operation of every generated client, called through Prism 5.14.2
//! (`prism mock`, request validation on) with arguments taken from the spec's examples
//! (see `tests/build.rs`). A recording proxy between client and Prism sees what the client
//! cannot: Prism's `sl-violations` header.
//!
//! A call passes when exactly one request reached Prism, with the method and path the spec
//! template gives for the driver's arguments, Prism answered without any violation (request
//! or response) and not with 422/404/405/5xx, and the generated client decoded the answer.

use std::time::Instant;

use tests::driver::{Call, Outcome};
use tests::prism::Prism;
use tests::proxy::{Exchange, RecordingProxy};

/// A reqwest client that never goes through an environment proxy (everything is loopback).
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("http client")
}

/// Everything wrong with one call.
fn check(call: &Call, exchanges: &[Exchange]) -> Vec<String> {
    let op = call.op;
    let mut problems = Vec::new();
    if let Outcome::BadSample(m) = &call.outcome {
        problems.push(format!("the driver's sample does not fit the generated type: {m}"));
        return problems;
    }
    let [ex] = exchanges else {
        problems.push(format!("expected exactly one request, Prism got {}: {}", exchanges.len(), call.outcome));
        return problems;
    };
    if ex.method != op.method || ex.path != op.path {
        problems.push(format!("the client requested {} {}, the spec says {} {}", ex.method, ex.path, op.method, op.path));
    }
    match ex.status {
        None => problems.push(format!("Prism did not answer (crash or reset?): {}", ex.body)),
        Some(s @ (404 | 405 | 422)) => problems.push(format!("Prism answered {s}: {}", ex.body)),
        Some(s) if s >= 500 => problems.push(format!("Prism answered {s}: {}", ex.body)),
        Some(_) => {}
    }
    if let Some(v) = &ex.violations {
        let violations: Vec<serde_json::Value> = serde_json::from_str(v).unwrap_or_else(|_| vec![serde_json::json!(v)]);
        let real: Vec<&serde_json::Value> = violations.iter().filter(|v| !prism_limitation(v)).collect();
        if !real.is_empty() {
            problems.push(format!("sl-violations: {}", serde_json::to_string(&real).unwrap_or_default()));
        }
    }
    if !call.outcome.is_ok() {
        problems.push(format!("the client did not accept Prism's answer: {}", call.outcome));
    }
    problems
}

/// Violations that are Prism's limits, not contract breaches.
///
/// Prism checks `format: int64` against JavaScript's safe integers (|n| <= 2^53 - 1) and reports
/// larger values as `maximum` violations. Real int64 values above that exist (TADA's `gentime` is
/// a nanosecond timestamp, e.g. 1569546004009720191); the generated client decodes them into
/// `i64` exactly, which the call's successful decode shows.
fn prism_limitation(violation: &serde_json::Value) -> bool {
    let message = violation.get("message").and_then(|m| m.as_str()).unwrap_or_default();
    violation.get("code").and_then(|c| c.as_str()) == Some("maximum")
        && violation.pointer("/location/0").and_then(|l| l.as_str()) == Some("response")
        && message.ends_with("must be <= 9007199254740991")
}

/// Drives every operation of one API through Prism; panics with a report of all failures.
macro_rules! contract {
    ($test:ident, $module:ident, $spec:literal) => {
        #[tokio::test(flavor = "current_thread")]
        async fn $test() {
            let started = Instant::now();
            let mut prism = Prism::start($spec);
            let proxy = RecordingProxy::start(&prism.url).await;
            let client = generated::$module::Client::with_http_client(&proxy.url(), http());
            let client = tests::drivers::$module::authorize(client);
            let ops = tests::drivers::$module::OPERATIONS;
            let mut failures = Vec::new();
            for op in ops {
                let before = proxy.len();
                let call = tests::drivers::$module::run(&client, op.operation_id).await.expect("known operation");
                let problems = check(&call, &proxy.since(before));
                if !problems.is_empty() {
                    failures.push(format!("{} ({} {}):\n    {}", op.operation_id, op.method, op.path_template, problems.join("\n    ")));
                }
            }
            let running = prism.is_running();
            eprintln!(
                "{}: {} operations through Prism in {:.1} s, {} failed",
                $spec,
                ops.len(),
                started.elapsed().as_secs_f64(),
                failures.len()
            );
            assert!(running, "Prism exited during the run; its log ends with:\n{}", prism.service.log_tail(40));
            assert!(
                failures.is_empty(),
                "{} of {} operations of {} failed the Prism contract:\n{}",
                failures.len(),
                ops.len(),
                $spec,
                failures.join("\n")
            );
            assert_eq!(proxy.len(), ops.len(), "one request per operation");
        }
    };
}

contract!(signal_cli_rest_api_every_operation, signal_cli_rest_api, "signal-cli-rest-api.yaml");
contract!(tada_every_operation, tada, "tada.yaml");
contract!(squadus_every_operation, squadus, "squadus.yaml");
contract!(sgnl_every_operation, sgnl, "sgnl.yaml");

/// Regression guard for stoplightio/prism#2672: Prism 5.14.2 crashes (the connection is reset
/// and the process dies) on a multipart part without `Content-Type`. The generated client gives
/// every part one, so a multipart upload through it gets an answer and Prism keeps running.
#[tokio::test(flavor = "current_thread")]
async fn multipart_upload_gets_an_answer_from_prism_and_violations_are_seen() {
    let mut prism = Prism::start("squadus.yaml");
    let proxy = RecordingProxy::start(&prism.url).await;
    let client = tests::drivers::squadus::authorize(generated::squadus::Client::with_http_client(&proxy.url(), http()));
    let form = generated::squadus::types::UploadAutoupdateForm::new().with_file(
        generated::runtime::FilePart::new("autoupdate.json", &b"{\"channel\":\"stable\"}"[..]), // no explicit type
    );
    let result = client.upload_autoupdate(form).await;
    let exchanges = proxy.exchanges();
    let [ex] = exchanges.as_slice() else { panic!("expected one request, got {exchanges:?}") };
    let body = String::from_utf8_lossy(&ex.request_body);
    let parts: Vec<&str> = body.split("Content-Disposition: form-data").skip(1).collect();
    assert_eq!(parts.len(), 1, "one part: {body}");
    for part in &parts {
        let head = part.split("\r\n\r\n").next().unwrap_or_default();
        assert!(
            head.to_ascii_lowercase().contains("content-type: application/octet-stream"),
            "the part carries the spec's encoding type: {head:?}"
        );
    }
    assert!(ex.status.is_some(), "Prism answered the multipart request (not a reset): {}", ex.body);
    assert!(prism.is_running(), "Prism survived the multipart request; log:\n{}", prism.service.log_tail(40));
    assert_eq!(ex.violations, None, "no violations");
    let ok = result.expect("the upload succeeds against the mock");
    assert!(format!("{ok:?}").contains("true"), "{ok:?}");
    // Prism is still usable afterwards.
    let again = client.upload_autoupdate(generated::squadus::types::UploadAutoupdateForm::new()).await;
    assert!(again.is_ok() || again.as_ref().is_err_and(|e| e.status().is_some()), "Prism still answers: {again:?}");

    // The harness itself: an invalid request (missing required properties) must show up as a
    // violation, or the contract tests above would pass vacuously.
    let before = proxy.len();
    let resp = http()
        .post(format!("{}/users.create", proxy.url()))
        .header("X-Auth-Token", "t")
        .header("X-User-Id", "u")
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("raw request through the proxy");
    let [ex] = proxy.since(before).try_into().unwrap_or_else(|v: Vec<Exchange>| panic!("one exchange, got {v:?}"));
    assert_eq!(Some(resp.status().as_u16()), ex.status);
    let violations = ex.violations.expect("Prism reports the invalid body in sl-violations");
    assert!(violations.contains("request"), "{violations}");
    let op = tests::drivers::squadus::OPERATIONS.iter().find(|o| o.operation_id == "createUser").expect("createUser");
    let call = Call { op, outcome: Outcome::Ok(Box::new(())) };
    let problems = check(&call, &[Exchange { violations: Some(violations), ..ex }]);
    assert!(problems.iter().any(|p| p.starts_with("sl-violations")), "check() flags the violation: {problems:?}");
}
