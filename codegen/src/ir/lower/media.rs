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

#[cfg(test)]
mod tests {
    use super::{body_kind, essence, is_event_stream};
    use crate::ir::model::BodyKind;

    #[test]
    fn the_essence_drops_parameters_and_case() {
        assert_eq!(essence("Text/Plain; charset=utf-8"), "text/plain");
        assert_eq!(essence(" application/json "), "application/json");
        assert!(is_event_stream("text/event-stream; charset=utf-8"));
        assert!(!is_event_stream("text/plain"));
    }

    #[test]
    fn each_media_type_has_a_body_kind() {
        let cases = [
            ("application/json", BodyKind::Json),
            ("application/problem+json", BodyKind::Json),
            ("application/json; charset=utf-8", BodyKind::Json),
            ("application/x-ndjson", BodyKind::Json),
            ("multipart/form-data", BodyKind::Multipart),
            ("multipart/mixed", BodyKind::Multipart),
            ("application/x-www-form-urlencoded", BodyKind::Form),
            ("text/csv", BodyKind::Text),
            ("text/vnd.a+json", BodyKind::Json),
            ("text/x-json", BodyKind::Text),
            ("application/octet-stream", BodyKind::Binary),
            ("image/png", BodyKind::Binary),
        ];
        for (media, kind) in cases {
            assert_eq!(body_kind(media), kind, "{media}");
        }
    }
}
