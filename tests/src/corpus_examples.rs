//! The corpus's examples step: what it found per spec, and how failures of ours are grouped for
//! the report. Every example a spec carries (component schemas, request bodies, responses; see
//! `codegen::example_cases`) is decoded into its generated type by [`crate::corpus_decode`] (with
//! the feature `corpus-examples`), and each failure is judged by [`crate::corpus_judge`]: an
//! example invalid against its own schema is the spec's fault; a valid one that does not decode
//! is ours. The results are read back without those (and their dependencies) for `corpus report`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// What the validator says of one example that did not decode.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The example breaks its schema: the spec's fault. The first error, with its path.
    Invalid(String),
    /// The example fits its schema, so a failure to decode is the generator's fault.
    Valid,
    /// The schema could not be compiled (an external `$ref`, a malformed schema).
    Unjudged(String),
}

/// One failing example.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Where the example is.
    pub pointer: String,
    /// The generated type.
    pub rust_type: String,
    /// The decoding error (or how the program died).
    pub error: String,
    /// The validator's verdict.
    pub verdict: Verdict,
}

/// The step's outcome for one spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExamplesOutcome {
    /// The spec's name.
    pub spec: String,
    /// Examples with an emitted type.
    pub examples: usize,
    /// Examples whose schema was left out of the crate (used by no operation).
    pub skipped: usize,
    /// Examples that decoded.
    pub decoded: usize,
    /// Why nothing could be decoded (generation or the build failed), else empty.
    pub error: String,
    /// The examples that did not decode.
    pub failures: Vec<Failure>,
}

impl ExamplesOutcome {
    /// Failures whose example breaks its schema.
    pub fn spec_faults(&self) -> usize {
        self.failures.iter().filter(|f| matches!(f.verdict, Verdict::Invalid(_))).count()
    }

    /// Failures whose example fits its schema.
    pub fn our_faults(&self) -> usize {
        self.failures.iter().filter(|f| f.verdict == Verdict::Valid).count()
    }

    /// Failures the validator could not judge.
    pub fn unjudged(&self) -> usize {
        self.failures.iter().filter(|f| matches!(f.verdict, Verdict::Unjudged(_))).count()
    }

    /// One JSON line.
    pub fn to_json(&self) -> Value {
        let failures: Vec<Value> = self
            .failures
            .iter()
            .map(|f| {
                let (verdict, why) = match &f.verdict {
                    Verdict::Invalid(e) => ("spec", e.as_str()),
                    Verdict::Valid => ("ours", ""),
                    Verdict::Unjudged(e) => ("unjudged", e.as_str()),
                };
                json!({"pointer": f.pointer, "type": f.rust_type, "error": f.error, "verdict": verdict, "why": why})
            })
            .collect();
        json!({"spec": self.spec, "examples": self.examples, "skipped": self.skipped, "decoded": self.decoded, "error": self.error, "failures": failures})
    }

    /// Reads a line [`Self::to_json`] wrote.
    pub fn from_json(v: &Value) -> Self {
        let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let n = |v: &Value| v.as_u64().unwrap_or(0) as usize;
        let failures = v["failures"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| Failure {
                        pointer: s(&f["pointer"]),
                        rust_type: s(&f["type"]),
                        error: s(&f["error"]),
                        verdict: match f["verdict"].as_str() {
                            Some("spec") => Verdict::Invalid(s(&f["why"])),
                            Some("ours") => Verdict::Valid,
                            _ => Verdict::Unjudged(s(&f["why"])),
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();
        ExamplesOutcome { spec: s(&v["spec"]), examples: n(&v["examples"]), skipped: n(&v["skipped"]), decoded: n(&v["decoded"]), error: s(&v["error"]), failures }
    }
}

/// A decoding error with the specifics taken out (paths, quoted values, numbers), so failures
/// of one cause group together.
pub fn error_shape(error: &str) -> String {
    // `decode_json` puts the path first (`data[3].type: …`); a message has spaces before its colon.
    let msg = error.split_once(": ").filter(|(path, _)| !path.contains(' ')).map_or(error, |(_, m)| m);
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    // `expected struct FooBody`: the cause, not the type, is what groups.
    let msg = match msg.find("expected struct ") {
        Some(i) => format!("{}expected struct …", &msg[..i]),
        None => msg.to_owned(),
    };
    let mut out = String::new();
    let mut chars = msg.chars().peekable();
    // Field names in backticks stay: they say which property (a union's tag) is at stake.
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push(c);
                out.push('…');
                // Up to the closing quote; escaped quotes inside belong to the value.
                let mut escaped = false;
                for d in chars.by_ref() {
                    match d {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        _ if d == c => break,
                        _ => {}
                    }
                }
                out.push(c);
            }
            c if c.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('N');
            }
            c => out.push(c),
        }
    }
    out.chars().take(140).collect()
}

/// Our faults grouped by [`error_shape`], most frequent first: (shape, count, one example pointer).
pub fn our_faults_by_shape<'a>(outcomes: impl IntoIterator<Item = &'a ExamplesOutcome>) -> Vec<(String, usize, String)> {
    let mut groups: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for o in outcomes {
        for f in o.failures.iter().filter(|f| f.verdict == Verdict::Valid) {
            let g = groups.entry(error_shape(&f.error)).or_insert((0, format!("{} {}", o.spec, f.pointer)));
            g.0 += 1;
        }
    }
    let mut v: Vec<(String, usize, String)> = groups.into_iter().map(|(k, (n, at))| (k, n, at)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shapes_drop_paths_values_and_numbers() {
        assert_eq!(
            error_shape("data[3].type: unknown `type` value Some(\"message\") at line 1 column 52"),
            "unknown `type` value Some(\"…\")"
        );
        assert_eq!(error_shape("invalid type: null, expected struct ABody at line 1 column 4"), "invalid type: null, expected struct …");
        assert_eq!(error_shape(r#"invalid type: string "{\"a\": 1}", expected a map"#), r#"invalid type: string "…", expected a map"#);
        assert_eq!(error_shape("invalid type: null, expected a string"), "invalid type: null, expected a string");
    }
}
