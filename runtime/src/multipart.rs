//! Multipart uploads: the [`FilePart`] users hand in, and the parts generated code builds from it
//! and from text fields; both check what goes into a part's headers.

use std::fmt;

use super::{Bytes, Error};

/// A file to upload as one part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The part's file name, sent in its `Content-Disposition`.
    pub file_name: String,
    /// The part's `Content-Type`; the spec's encoding (or `application/octet-stream`) when `None`.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: Bytes,
}

impl FilePart {
    /// A part named `file_name` holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FilePart { file_name: file_name.into(), content_type: None, bytes: bytes.into() }
    }

    /// Sets the part's `Content-Type`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[doc(hidden)]
/// A multipart text part with an explicit `Content-Type` (some servers and validators need one).
pub fn text_part<E>(value: String, content_type: &str) -> Result<reqwest::multipart::Part, Error<E>> {
    reqwest::multipart::Part::text(value)
        .mime_str(content_type)
        .map_err(|e| Error::InvalidRequest(format!("bad content type `{content_type}`: {e}")))
}

#[doc(hidden)]
/// A multipart file part; its `Content-Type` is the file's own, else the spec's, else octet-stream.
pub fn file_part<E>(file: FilePart, default_type: &str) -> Result<reqwest::multipart::Part, Error<E>> {
    // The name goes into the part's `Content-Disposition` header: control characters there could
    // start a header of their own.
    if file.file_name.chars().any(char::is_control) {
        return Err(Error::InvalidRequest("a multipart file name may not contain control characters".to_owned()));
    }
    let content_type = file.content_type.unwrap_or_else(|| default_type.to_owned());
    reqwest::multipart::Part::stream(reqwest::Body::from(file.bytes))
        .file_name(file.file_name)
        .mime_str(&content_type)
        .map_err(|e| Error::InvalidRequest(format!("bad content type `{content_type}`: {e}")))
}

