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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_is_a_2xx_or_default_when_there_is_none() {
        assert!(is_success(StatusMatch::Code(200)) && is_success(StatusMatch::Code(299)) && is_success(StatusMatch::Range(2)));
        assert!(!is_success(StatusMatch::Code(302)) && !is_success(StatusMatch::Range(4)) && !is_success(StatusMatch::Default));
        assert!(counts_as_success(StatusMatch::Default, false));
        assert!(!counts_as_success(StatusMatch::Default, true));
        assert!(!counts_as_success(StatusMatch::Code(404), false));
        assert_eq!(status_match(StatusKey::Range(5)), StatusMatch::Range(5));
    }

    #[test]
    fn each_status_has_a_variant_word() {
        let cases = [
            (StatusMatch::Code(200), "Ok"),
            (StatusMatch::Code(204), "NoContent"),
            (StatusMatch::Code(404), "NotFound"),
            (StatusMatch::Code(429), "TooManyRequests"),
            (StatusMatch::Code(418), "Status418"),
            (StatusMatch::Range(4), "Status4xx"),
            (StatusMatch::Default, "Default"),
        ];
        for (m, word) in cases {
            assert_eq!(status_word(m), word, "{m:?}");
        }
    }
}
