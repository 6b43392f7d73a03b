//! JSON pointers (RFC 6901): built from tokens, escaped and unescaped, and read from local
//! `$ref`s. Every stage names places in the spec by pointer: diagnostics, the document model, the
//! IR's `pointer` fields and the diff's findings.

/// The JSON pointer of a local `$ref` (`#/a/b%20c` → `/a/b c`): a ref is a URI fragment, so it is
/// percent-decoded (RFC 6901 §6); `~1`/`~0` stay escaped. `None` for a ref outside the file.
pub fn ref_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned())
}

/// [`ref_pointer`] in a document whose 3.2 `$self` is `self_uri`: a ref that starts with the
/// document's own URI is local too.
pub fn local_ref_pointer(self_uri: Option<&str>, reference: &str) -> Option<String> {
    match self_uri {
        Some(base) if !base.is_empty() && reference.starts_with(base) => ref_pointer(&reference[base.len()..]),
        _ => ref_pointer(reference),
    }
}

/// The last token of a JSON pointer, unescaped (the name a ref gives its target).
pub fn last_token(pointer: &str) -> String {
    pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~")
}

/// Escapes one JSON-pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` followed by the escaped `tokens`.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_owned();
    for t in tokens {
        out.push('/');
        out.push_str(&pointer_token(t));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_unescaped() {
        assert_eq!(pointer("/paths", &["/pets/{id}", "get"]), "/paths/~1pets~1{id}/get");
        assert_eq!(pointer_token("a~b/c"), "a~0b~1c");
        assert_eq!(last_token("/components/schemas/a~1b~0c"), "a/b~c");
    }

    #[test]
    fn refs_are_fragments_percent_decoded() {
        assert_eq!(ref_pointer("#/components/schemas/Big%20Pet").as_deref(), Some("/components/schemas/Big Pet"));
        assert_eq!(ref_pointer("other.yaml#/x"), None);
        assert_eq!(local_ref_pointer(Some("https://x/api.yaml"), "https://x/api.yaml#/a").as_deref(), Some("/a"));
        assert_eq!(local_ref_pointer(None, "https://x/api.yaml#/a"), None);
    }
}
