//! Media types: their essence (no parameters, lower case) and the body encoding each stands
//! for; shared by request bodies and responses.

use crate::ir::model::BodyKind;

/// A media type without parameters, lower-cased (`Text/Plain; charset=utf-8` → `text/plain`).
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

pub(super) fn is_event_stream(media: &str) -> bool {
    essence(media) == "text/event-stream"
}

pub(super) fn body_kind(media: &str) -> BodyKind {
    let m = essence(media);
    if m == "application/json" || m.ends_with("+json") {
        BodyKind::Json
    } else if m == "multipart/form-data" || m.starts_with("multipart/") {
        BodyKind::Multipart
    } else if m == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if m.starts_with("text/") {
        BodyKind::Text
    } else if m.contains("json") {
        BodyKind::Json
    } else {
        BodyKind::Binary
    }
}
