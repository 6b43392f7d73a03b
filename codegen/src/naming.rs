//! Turning spec names into Rust identifiers: heck for case, deunicode for non-ASCII,
//! keywords and prelude names escaped, collisions resolved by numbered suffixes. Also the edit
//! distance behind the did-you-mean hints of the earlier stages.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async",
    "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try", "gen", "union", "macro_rules", "raw", "safe",
];

// Types the generated code names without a path; a spec type of the same name gets a suffix.
const RESERVED_TYPES: &[&str] = &["Option", "Result", "String", "Vec", "Box", "Self", "Some", "None", "Ok", "Err"];

/// Splits a wire name into ASCII words: non-ASCII is transliterated, a leading `+`/`-` becomes a
/// word (`+998` → `plus 998`), other punctuation separates words.
fn words(raw: &str) -> String {
    let ascii = deunicode::deunicode(raw);
    let mut out = String::with_capacity(ascii.len() + 8);
    let trimmed = ascii.trim_start();
    if let Some(rest) = trimmed.strip_prefix('+') {
        out.push_str("plus ");
        out.push_str(rest);
    } else if trimmed.starts_with('-') && trimmed[1..].starts_with(|c: char| c.is_ascii_digit()) {
        out.push_str("minus ");
        out.push_str(&trimmed[1..]);
    } else {
        out.push_str(trimmed);
    }
    out.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A snake_case identifier for a field, parameter or method (`_id` → `id`, `type` → `type_`).
pub fn snake(raw: &str) -> String {
    let mut s = words(raw).to_snake_case();
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// A kebab-case cargo feature name for a tag (`Code Scanning` → `code-scanning`).
pub fn kebab(raw: &str) -> String {
    let s = heck::ToKebabCase::to_kebab_case(words(raw).as_str());
    match s.chars().next() {
        None => "untagged".to_owned(),
        Some(c) if !c.is_ascii_alphanumeric() => format!("tag{s}"),
        Some(_) => s,
    }
}

/// An UpperCamelCase identifier for a type or variant (`page[size]` → `PageSize`).
pub fn camel(raw: &str) -> String {
    let mut s = words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = "Value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push_str("Value");
    }
    s
}

/// A type name: like [`camel`], and never one of the prelude names generated code relies on.
pub fn type_name(raw: &str) -> String {
    let s = camel(raw);
    if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Type")
    } else {
        s
    }
}

/// A SCREAMING_SNAKE_CASE name for a constant.
pub fn screaming(raw: &str) -> String {
    snake(raw).trim_end_matches('_').to_ascii_uppercase()
}

/// Hands out unique names in one scope, deterministically: the first claimant of a name keeps it,
/// later ones get `2`, `3`, … (with `_` before the number in snake_case names).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: HashSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { used: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Claims `base`, or the first free numbered variant of it.
    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let snake_like = base.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        // Trailing `_` (escaped keywords) then a number would read badly: drop it first.
        let stem = base.trim_end_matches('_');
        for n in 2.. {
            let candidate = if snake_like { format!("{stem}_{n}") } else { format!("{stem}{n}") };
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

/// Levenshtein distance, for did-you-mean hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_wire_names_become_identifiers() {
        assert_eq!(snake("+998"), "plus_998");
        assert_eq!(snake("Имя"), "imia");
        assert_eq!(snake("a-b"), "a_b");
        assert_eq!(snake("_id"), "id");
        assert_eq!(snake("page[size]"), "page_size");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("123abc"), "n123abc");
        assert_eq!(snake("%%"), "value");
        assert_eq!(camel("page[size]"), "PageSize");
        assert_eq!(camel("200"), "V200");
        assert_eq!(camel("-1"), "Minus1");
        assert_eq!(type_name("string"), "StringType");
        assert_eq!(type_name("Self"), "SelfValue");
    }

    #[test]
    fn scope_resolves_collisions_in_order() {
        let mut s = Scope::default();
        assert_eq!(s.claim("id"), "id");
        assert_eq!(s.claim("id"), "id_2");
        assert_eq!(s.claim("type_"), "type_");
        assert_eq!(s.claim("type_"), "type_2");
        assert_eq!(s.claim("Team"), "Team");
        assert_eq!(s.claim("Team"), "Team2");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("string", "string"), 0);
        assert_eq!(edit_distance("strng", "string"), 1);
        assert_eq!(edit_distance("intger", "integer"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        // Characters, not bytes: one substitution and two insertions.
        assert_eq!(edit_distance("Имя", "Имена"), 3);
    }
}
