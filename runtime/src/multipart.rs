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

#[cfg(test)]
mod tests {
    use super::super::Error;
    use super::{file_part, text_part, FilePart};

    /// reqwest has no getter for a part's headers; its `Debug` shows the mime type and file name.
    fn shown(part: &reqwest::multipart::Part) -> String {
        format!("{part:?}")
    }

    #[test]
    fn a_file_part_uses_its_own_type_else_the_given_default() {
        let png = FilePart::new("a.png", vec![1, 2]).with_content_type("image/png");
        let own = file_part::<()>(png, "application/octet-stream").unwrap();
        assert!(shown(&own).contains("\"image/png\""), "{}", shown(&own));
        assert!(shown(&own).contains("\"a.png\""), "{}", shown(&own));
        let default = file_part::<()>(FilePart::new("a.bin", &b"xy"[..]), "application/pdf").unwrap();
        assert!(shown(&default).contains("\"application/pdf\""), "{}", shown(&default));
    }

    #[test]
    fn a_text_part_gets_the_given_type() {
        let part = text_part::<()>("{}".to_owned(), "application/json").unwrap();
        assert!(shown(&part).contains("\"application/json\""), "{}", shown(&part));
    }

    #[test]
    fn bad_content_types_and_control_characters_in_file_names_are_refused() {
        let refused = |r: Result<reqwest::multipart::Part, Error<()>>| match r {
            Err(Error::InvalidRequest(m)) => m,
            other => panic!("expected InvalidRequest, got {other:?}"),
        };
        assert!(refused(text_part("x".to_owned(), "not a type")).contains("bad content type `not a type`"));
        let file = FilePart::new("a.txt", Vec::new()).with_content_type("no/such type");
        assert!(refused(file_part(file, "text/plain")).contains("bad content type"));
        let message = refused(file_part(FilePart::new("a\r\nX-Injected: 1", Vec::new()), "text/plain"));
        assert!(message.contains("control characters"), "{message}");
    }

    #[test]
    fn debug_shows_the_size_not_the_bytes() {
        let file = FilePart::new("f.txt", &b"secret bytes"[..]);
        let shown = format!("{file:?}");
        assert!(shown.contains("len: 12") && shown.contains("f.txt"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
