//! Response status keys: which count as success, and the word each gives its outcome variant
//! (`Ok`, `NotFound`, `Status4xx`).

use crate::document::{self, StatusKey};
use crate::ir::model::StatusMatch;

pub(super) fn status_match(key: StatusKey) -> StatusMatch {
    match key {
        StatusKey::Code(c) => StatusMatch::Code(c),
        StatusKey::Range(d) => StatusMatch::Range(d),
        StatusKey::Default => StatusMatch::Default,
    }
}

/// Whether some response has a 2xx status (else `default` is the success).
pub(super) fn has_success_status(responses: &[document::Response]) -> bool {
    responses.iter().any(|r| is_success(status_match(r.status)))
}

/// Whether a response is a success of its operation: a 2xx, or `default` when there is none.
pub(super) fn counts_as_success(m: StatusMatch, has_success: bool) -> bool {
    is_success(m) || (m == StatusMatch::Default && !has_success)
}

fn is_success(m: StatusMatch) -> bool {
    match m {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

pub(super) fn status_word(m: StatusMatch) -> String {
    match m {
        StatusMatch::Code(c) => match c {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            409 => "Conflict".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            503 => "ServiceUnavailable".into(),
            c => format!("Status{c}"),
        },
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}
