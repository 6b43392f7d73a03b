//! [`Secret`]: the one type credentials travel in, so that no `Debug` or `Display` of a client,
//! a config or a token can print one.

use std::fmt;

/// A credential or other sensitive string. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a sensitive value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself: call this only where it must leave the program.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(\"***\")");
        assert_eq!(secret.to_string(), "***");
        // Nor does the `Debug` of something holding one.
        assert!(!format!("{:?}", Some(&secret)).contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn serializes_as_the_bare_string_and_converts_from_strings() {
        let secret = Secret::from("k-1");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"k-1\"");
        let back: Secret = serde_json::from_str("\"k-1\"").unwrap();
        assert_eq!(back, secret);
        assert_eq!(Secret::from("k-1".to_owned()), Secret::new("k-1"));
        assert_eq!(Secret::default().expose(), "");
    }
}
