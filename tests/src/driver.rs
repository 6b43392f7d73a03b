//! Support for the generated per-API drivers (see `build.rs` and [`crate::drivers`]).
//!
//! A driver calls every operation of one generated `Client` once, with arguments built from the
//! spec's examples (or values synthesised from the schemas), and reports each call as a [`Call`]:
//! which operation, the method and path the client is expected to request, and what came back.
//! The drivers know nothing about the server: point the client at Prism, a wiremock server or a
//! real server and judge the [`Call`]s there.

use std::any::Any;
use std::fmt;

use generated::runtime;

/// A decoded success value of any operation (the generated types are `Debug`).
pub trait Value: fmt::Debug + Any + Send {
    /// For downcasting to the operation's success type.
    fn as_any(&self) -> &dyn Any;
}

impl<T: fmt::Debug + Any + Send> Value for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What a driver knows about one operation before calling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The generated method name.
    pub method_name: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The spec's path template, e.g. `/v1/groups/{number}`.
    pub path_template: &'static str,
    /// The path the client requests with the driver's arguments, percent-encoded the way the
    /// generated client encodes path parameters (relative to the base URL, no query).
    pub path: &'static str,
    /// The request body's media type, if the driver sends a body.
    pub body_media_type: Option<&'static str>,
    /// Query, header and cookie parameters the driver sets (wire names, `in:name`).
    pub params: &'static [&'static str],
}

impl Operation {
    /// Whether a request path (as a server sees it, without query) is this operation's path.
    pub fn matches_path(&self, path: &str) -> bool {
        path == self.path
    }
}

/// One driven call.
#[derive(Debug)]
pub struct Call {
    /// The operation.
    pub op: &'static Operation,
    /// What came back.
    pub outcome: Outcome,
}

impl Call {
    /// A one-line description for failure reports.
    pub fn describe(&self) -> String {
        format!("{} ({} {}): {}", self.op.operation_id, self.op.method, self.op.path, self.outcome)
    }
}

/// The result of one driven call.
#[derive(Debug)]
pub enum Outcome {
    /// The call succeeded; the decoded value (downcast with [`Value::as_any`]).
    Ok(Box<dyn Value>),
    /// The call returned a [`runtime::Error`].
    Failed(CallError),
    /// The driver could not build an argument from the spec's sample (no request was sent).
    BadSample(String),
}

impl Outcome {
    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }

    /// The error, if the call returned one.
    pub fn error(&self) -> Option<&CallError> {
        match self {
            Outcome::Failed(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok(v) => {
                let text = format!("{v:?}");
                write!(f, "ok {}", shorten(&text, 300))
            }
            Outcome::Failed(e) => write!(f, "{e}"),
            Outcome::BadSample(m) => write!(f, "bad sample: {m}"),
        }
    }
}

/// The variant of [`runtime::Error`] a call failed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// [`runtime::Error::InvalidRequest`].
    InvalidRequest,
    /// [`runtime::Error::Transport`].
    Transport,
    /// [`runtime::Error::Api`]: a documented error status, body decoded.
    Api,
    /// [`runtime::Error::UnexpectedResponse`].
    UnexpectedResponse,
    /// [`runtime::Error::Decode`].
    Decode,
    /// [`runtime::Error::BodyTooLarge`].
    BodyTooLarge,
    /// Any other variant (e.g. a credential source failed); see the message.
    Other,
}

/// A [`runtime::Error`] with its type parameter erased.
#[derive(Debug, Clone)]
pub struct CallError {
    /// Which variant.
    pub kind: ErrorKind,
    /// The HTTP status, where a response came back.
    pub status: Option<u16>,
    /// The error's `Display` text (for `Api`, includes the decoded body's `Debug`).
    pub message: String,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} error", self.kind)?;
        if let Some(s) = self.status {
            write!(f, " (status {s})")?;
        }
        write!(f, ": {}", shorten(&self.message, 400))
    }
}

impl<E: fmt::Debug> From<&runtime::Error<E>> for CallError {
    fn from(e: &runtime::Error<E>) -> Self {
        let kind = match e {
            runtime::Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            runtime::Error::Transport(_) => ErrorKind::Transport,
            runtime::Error::Api(_) => ErrorKind::Api,
            runtime::Error::UnexpectedResponse(_) => ErrorKind::UnexpectedResponse,
            runtime::Error::Decode { .. } => ErrorKind::Decode,
            runtime::Error::BodyTooLarge { .. } => ErrorKind::BodyTooLarge,
            // Variants added to the runtime later.
            #[allow(unreachable_patterns)]
            _ => ErrorKind::Other,
        };
        let mut message = e.to_string();
        if let runtime::Error::Transport(t) = e {
            // The transport error's cause chain says what really happened (reset, refused, …).
            let mut source = std::error::Error::source(t);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
        }
        CallError { kind, status: e.status().map(|s| s.as_u16()), message }
    }
}

/// Turns a generated call's result into an [`Outcome`].
pub fn outcome<T: fmt::Debug + Send + 'static, E: fmt::Debug>(result: Result<T, runtime::Error<E>>) -> Outcome {
    match result {
        Ok(v) => Outcome::Ok(Box::new(v)),
        Err(e) => Outcome::Failed(CallError::from(&e)),
    }
}

/// Decodes a sample argument (JSON text from the spec) into the type the call needs.
pub fn sample<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| format!("{what}: sample {} does not decode: {e}", shorten(json, 200)))
}

/// A small valid PNG (1×1, transparent), the driver's file for every upload.
pub const SAMPLE_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The file the drivers upload: `file.png` with the given `Content-Type`.
pub fn sample_file(content_type: &str) -> runtime::FilePart {
    runtime::FilePart::new("file.png", SAMPLE_PNG).with_content_type(content_type)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}
