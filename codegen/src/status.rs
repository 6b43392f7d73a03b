//! A response's status key (`200`, `4XX`, `default`): read by the document model, carried by the
//! IR's outcome arms, matched by emit and named by the surface and the diff. One type for every
//! stage, so what counts as a success and how a key is written are decided once.

/// A key of an operation's `responses`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusKey {
    /// One code.
    Code(u16),
    /// `2XX`, `4XX`, … (the first digit).
    Range(u16),
    /// `default`.
    Default,
}

impl StatusKey {
    /// Reads a key as written: a code from 100 to 599, `1XX` to `5XX` in either case, or
    /// `default`; `None` for anything else.
    pub fn parse(key: &str) -> Option<Self> {
        if key == "default" {
            return Some(StatusKey::Default);
        }
        let b = key.as_bytes();
        if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].eq_ignore_ascii_case(b"xx") {
            return Some(StatusKey::Range(u16::from(b[0] - b'0')));
        }
        match key.parse::<u16>() {
            Ok(c) if (100..=599).contains(&c) => Some(StatusKey::Code(c)),
            _ => None,
        }
    }

    /// As written in `responses` (`200`, `2XX`, `default`).
    pub fn key(self) -> String {
        match self {
            StatusKey::Code(c) => c.to_string(),
            StatusKey::Range(r) => format!("{r}XX"),
            StatusKey::Default => "default".to_owned(),
        }
    }

    /// Whether it is a 2xx key (`default` is a success only where nothing else is: see
    /// [`StatusKey::counts_as_success`]).
    pub fn is_success(self) -> bool {
        match self {
            StatusKey::Code(c) => (200..300).contains(&c),
            StatusKey::Range(r) => r == 2,
            StatusKey::Default => false,
        }
    }

    /// Whether a response under this key is a success of its operation: a 2xx, or `default`
    /// when the operation documents no 2xx.
    pub fn counts_as_success(self, operation_has_2xx: bool) -> bool {
        self.is_success() || (self == StatusKey::Default && !operation_has_2xx)
    }

    /// The word an outcome variant takes from the key (`Ok`, `NotFound`, `Status4xx`).
    pub fn word(self) -> String {
        let named = match self {
            StatusKey::Code(c) => match c {
                200 => "Ok",
                201 => "Created",
                202 => "Accepted",
                204 => "NoContent",
                400 => "BadRequest",
                401 => "Unauthorized",
                403 => "Forbidden",
                404 => "NotFound",
                409 => "Conflict",
                422 => "UnprocessableEntity",
                429 => "TooManyRequests",
                500 => "InternalServerError",
                503 => "ServiceUnavailable",
                c => return format!("Status{c}"),
            },
            StatusKey::Range(r) => return format!("Status{r}xx"),
            StatusKey::Default => "Default",
        };
        named.to_owned()
    }

    /// How the docs of an outcome variant name the key (`Status 404`, `Any other status`).
    pub fn label(self) -> String {
        match self {
            StatusKey::Code(c) => format!("Status {c}"),
            StatusKey::Range(r) => format!("Status {r}XX"),
            StatusKey::Default => "Any other status".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StatusKey;

    #[test]
    fn keys_read_and_write_back() {
        for (text, key, written) in [("200", StatusKey::Code(200), "200"), ("4xx", StatusKey::Range(4), "4XX"), ("5XX", StatusKey::Range(5), "5XX"), ("default", StatusKey::Default, "default")] {
            assert_eq!(StatusKey::parse(text), Some(key), "{text}");
            assert_eq!(key.key(), written);
        }
        for bad in ["600", "99", "6XX", "2x", "Default", "", "20O"] {
            assert_eq!(StatusKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn success_is_a_2xx_or_default_when_there_is_none() {
        assert!(StatusKey::Code(200).is_success() && StatusKey::Code(299).is_success() && StatusKey::Range(2).is_success());
        assert!(!StatusKey::Code(302).is_success() && !StatusKey::Range(4).is_success() && !StatusKey::Default.is_success());
        assert!(StatusKey::Default.counts_as_success(false));
        assert!(!StatusKey::Default.counts_as_success(true));
        assert!(!StatusKey::Code(404).counts_as_success(false));
    }

    #[test]
    fn each_key_has_a_variant_word_and_a_label() {
        let cases = [
            (StatusKey::Code(200), "Ok", "Status 200"),
            (StatusKey::Code(204), "NoContent", "Status 204"),
            (StatusKey::Code(404), "NotFound", "Status 404"),
            (StatusKey::Code(429), "TooManyRequests", "Status 429"),
            (StatusKey::Code(418), "Status418", "Status 418"),
            (StatusKey::Range(4), "Status4xx", "Status 4XX"),
            (StatusKey::Default, "Default", "Any other status"),
        ];
        for (key, word, label) in cases {
            assert_eq!(key.word(), word, "{key:?}");
            assert_eq!(key.label(), label, "{key:?}");
        }
    }
}
