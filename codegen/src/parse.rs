//! Stage 1, read — parse: spec text → YAML/JSON value → the resolved [`Document`], keeping a map from
//! JSON pointers to source positions so every later diagnostic can name a line.

use std::collections::HashMap;
use std::sync::OnceLock;

use saphyr_parser::{Event, Parser};

use crate::diagnostic::{Diagnostic, Location};
use crate::pointer::pointer_token;
use crate::document::Document;

/// The text of one spec and where each node of it stands.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// The file name, as the user gave it.
    pub file: String,
    /// The whole text.
    pub text: String,
    // Built on first use: only a spec with diagnostics pays for indexing every node.
    positions: OnceLock<HashMap<String, Location>>,
    line_starts: OnceLock<Vec<usize>>,
}

impl SpecSource {
    /// Indexes `text` (best effort: a text the YAML scanner rejects simply has no positions).
    pub fn new(file: impl Into<String>, text: impl Into<String>) -> Self {
        SpecSource { file: file.into(), text: text.into(), positions: OnceLock::new(), line_starts: OnceLock::new() }
    }

    /// The position of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        locate_in(self.positions.get_or_init(|| index_positions(&self.text, None)), pointer)
    }

    /// The 1-based line `n` (without its line break).
    pub fn line(&self, n: usize) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0).chain(self.text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1)).collect()
        });
        let start = *starts.get(n.checked_sub(1)?)?;
        let end = starts.get(n).map_or(self.text.len(), |&e| e - 1);
        let line = self.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// Fills in the file, location and source line of each diagnostic. A few diagnostics on a
    /// big spec are placed by one pass that follows only their pointers, instead of indexing
    /// every node (GitHub's spec: 0.7 s and 240 MB for a single note).
    pub fn place_all(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        const FEW: usize = 32;
        let mut unplaced: Vec<&str> = diags.iter().filter(|d| d.location.is_none()).map(|d| d.pointer.as_str()).collect();
        unplaced.sort_unstable();
        unplaced.dedup();
        if self.positions.get().is_some() || unplaced.len() > FEW {
            return diags.into_iter().map(|d| self.place(d)).collect();
        }
        let positions = index_positions(&self.text, Some(&unplaced));
        diags
            .into_iter()
            .map(|mut d| {
                if d.location.is_none() {
                    d.location = locate_in(&positions, &d.pointer);
                }
                self.place(d)
            })
            .collect()
    }

    /// Fills in the file, location and source line of a diagnostic.
    pub fn place(&self, mut d: Diagnostic) -> Diagnostic {
        d.file = self.file.clone();
        if d.location.is_none() {
            d.location = self.locate(&d.pointer);
        }
        if let Some(loc) = d.location {
            if let Some(line) = self.line(loc.line) {
                (d.source_line, d.source_column) = {
                    let (text, column) = crate::diagnostic::snippet(line, loc.column);
                    (Some(text), column)
                };
            }
        }
        d
    }
}

/// A spec that parsed: the raw document and its resolved model.
#[derive(Debug, Clone)]
pub struct ParsedSpec {
    /// Source text and positions.
    pub source: SpecSource,
    /// The document as JSON (YAML keys turned into strings), for the front end's own checks.
    pub raw: serde_json::Value,
    /// The resolved document model every later stage reads.
    pub document: Document,
    /// Warnings about what [`crate::repair`] changed before reading it.
    pub repairs: Vec<Diagnostic>,
    /// What reading the model found (errors mean no code can be generated).
    pub reading: Vec<Diagnostic>,
}

/// Parses spec text (YAML or JSON). Errors are already placed in the source.
pub fn parse(file: &str, text: &str) -> Result<ParsedSpec, Vec<Diagnostic>> {
    let source = SpecSource::new(file, text);
    let fail = |d: Diagnostic| Err(vec![source.place(d)]);
    if text.trim().is_empty() {
        return fail(Diagnostic::error("", "the spec file is empty")
            .with_hint("an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.3), `info` and `paths`"));
    }
    let mut raw = match parse_value(text) {
        Ok(raw) => raw,
        Err(d) => return fail(*d),
    };
    if let Err(d) = check_version(&raw) {
        return fail(*d);
    }
    let repairs = crate::repair::repair(&mut raw);
    let (document, reading) = crate::document::read(&raw);
    Ok(ParsedSpec { source, raw, document, repairs, reading })
}

/// The document as JSON. A JSON text (most published specs) is read by serde_json: several
/// times faster than the YAML parser on multi-megabyte specs, and it takes integers beyond
/// 64 bits (as floats) that serde_yaml refuses.
fn parse_value(text: &str) -> Result<serde_json::Value, Box<Diagnostic>> {
    if text.trim_start().starts_with('{') {
        let json_error = match serde_json::from_str(text) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        // A YAML flow mapping (`{openapi: 3.0.3, …}`) starts the same way.
        if let Ok(v) = serde_yaml::from_str(text) {
            return Ok(yaml_to_json(v));
        }
        let mut d = Diagnostic::error("", format!("the spec is not valid JSON: {}", strip_location(&json_error.to_string())));
        d.location = Some(Location { line: json_error.line(), column: json_error.column() });
        return Err(Box::new(d.with_hint("check brackets, commas and quoting near this position")));
    }
    // Straight into JSON values when that works (any spec whose keys are scalars and unique),
    // which skips building serde_yaml's own tree; anything else takes the slower path below,
    // which reports the problem.
    if let Ok(StrictJson(v)) = serde_yaml::from_str::<StrictJson>(text) {
        return Ok(v);
    }
    match serde_yaml::from_str(text) {
        Ok(v) => Ok(yaml_to_json(v)),
        Err(e) => {
            let mut d = Diagnostic::error("", format!("the spec is not valid YAML or JSON: {}", strip_location(&e.to_string())));
            d.location = e.location().map(|l| Location { line: l.line(), column: l.column() });
            Err(Box::new(d.with_hint("check indentation, quoting and brackets near this line")))
        }
    }
}

/// A JSON value read from YAML that, unlike `serde_json::Value`, refuses a repeated key (a
/// mapping's later entry would silently replace the earlier one).
struct StrictJson(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictJson)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    // Integers beyond 64 bits (OpenAI's `minimum: -9223372036854776000`) stay numbers, as floats.
    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let StrictJson(value) = map.next_value()?;
            if out.insert(key, value).is_some() {
                return Err(serde::de::Error::custom("duplicate key"));
            }
        }
        Ok(serde_json::Value::Object(out))
    }
}

fn check_version(raw: &serde_json::Value) -> Result<(), Box<Diagnostic>> {
    let Some(obj) = raw.as_object() else {
        return Err(Box::new(Diagnostic::error("", "the spec's top level must be a mapping")));
    };
    if obj.contains_key("swagger") {
        return Err(Box::new(Diagnostic::error("/swagger", "this is a Swagger 2.0 document; only OpenAPI 3.x is supported")
            .with_hint("convert it first, e.g. with `npx swagger2openapi spec.yaml -o spec3.yaml`")));
    }
    match obj.get("openapi") {
        None => Err(Box::new(Diagnostic::error("", "missing `openapi` version field")
            .with_hint("add `openapi: 3.1.0` (or 3.0.3) at the top"))),
        Some(serde_json::Value::String(v)) if ["3.0", "3.1", "3.2"].iter().any(|p| v.starts_with(p)) => Ok(()),
        Some(v) => Err(Box::new(Diagnostic::error("/openapi", format!("unsupported OpenAPI version {}; expected 3.0.x, 3.1.x or 3.2.x", v.as_str().map_or(v.to_string(), str::to_owned)))
            .with_hint("use `openapi: 3.1.0` or `openapi: 3.0.3` (quoted or not)"))),
    }
}

fn strip_location(msg: &str) -> String {
    // serde_yaml appends " at line L column C"; the diagnostic shows the location itself.
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// YAML → JSON: keys become strings (`200:` is a string key in OpenAPI), tags are dropped.
fn yaml_to_json(v: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Y::String(s) => serde_json::Value::String(s),
        Y::Sequence(items) => serde_json::Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => serde_json::Value::Object(
            m.into_iter().map(|(k, v)| (yaml_key(k), yaml_to_json(v))).collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn yaml_key(k: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match k {
        Y::String(s) => s,
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        Y::Null => "null".to_owned(),
        other => serde_yaml::to_string(&other).unwrap_or_default().trim().to_owned(),
    }
}

/// The position of `pointer` in `positions`, or of its nearest ancestor there.
fn locate_in(positions: &HashMap<String, Location>, pointer: &str) -> Option<Location> {
    let mut p = pointer;
    loop {
        if let Some(loc) = positions.get(p) {
            return Some(*loc);
        }
        match p.rfind('/') {
            Some(i) => p = &p[..i],
            None => return None,
        }
    }
}

/// Whether `p` is one of `wanted` or an ancestor of one (`None` wants every node).
fn on_wanted_path(p: &str, wanted: Option<&[&str]>) -> bool {
    wanted.is_none_or(|w| w.iter().any(|w| w.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))))
}

/// Walks the YAML event stream once, recording where mapping keys and sequence items start:
/// every node, or with `wanted` only those pointers and their ancestors (a subtree off their
/// paths is skipped without building its pointers, and the walk stops once all are found).
/// Iterative, so deep nesting cannot overflow the stack.
fn index_positions(text: &str, wanted: Option<&[&str]>) -> HashMap<String, Location> {
    enum Frame {
        Map { pointer: String, key: Option<String> },
        Seq { pointer: String, next: usize },
        /// A container off every wanted path.
        Skip,
    }
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // How many wanted pointers have a position yet (they are distinct).
    let mut found = 0;
    let record = |out: &mut HashMap<String, Location>, p: String, loc: Location| -> usize {
        let new_target = wanted.is_some_and(|w| w.contains(&p.as_str())) && !out.contains_key(&p);
        out.entry(p).or_insert(loc);
        usize::from(new_target)
    };
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let loc = Location { line: span.start.line(), column: span.start.col() + 1 };
        // The pointer of the node this event starts, if the event starts a value on a wanted path.
        let value_pointer = |stack: &mut Vec<Frame>| -> Option<String> {
            let p = match stack.last_mut() {
                None => Some(String::new()),
                Some(Frame::Map { pointer, key }) => key.take().map(|k| format!("{pointer}/{}", pointer_token(&k))),
                Some(Frame::Seq { pointer, next }) => {
                    let p = format!("{pointer}/{next}");
                    *next += 1;
                    Some(p)
                }
                Some(Frame::Skip) => None,
            };
            p.filter(|p| on_wanted_path(p, wanted))
        };
        match event {
            Event::Scalar(value, ..) => {
                let is_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    if let Some(Frame::Map { pointer, key }) = stack.last_mut() {
                        let p = format!("{pointer}/{}", pointer_token(&value));
                        if on_wanted_path(&p, wanted) {
                            found += record(&mut out, p, loc);
                        }
                        *key = Some(value.into_owned());
                    }
                } else if let Some(p) = value_pointer(&mut stack) {
                    found += record(&mut out, p, loc);
                }
            }
            Event::Alias(_) => {
                value_pointer(&mut stack);
            }
            Event::MappingStart(..) => match value_pointer(&mut stack) {
                Some(p) => {
                    found += record(&mut out, p.clone(), loc);
                    stack.push(Frame::Map { pointer: p, key: None });
                }
                None => stack.push(Frame::Skip),
            },
            Event::SequenceStart(..) => match value_pointer(&mut stack) {
                Some(p) => {
                    found += record(&mut out, p.clone(), loc);
                    stack.push(Frame::Seq { pointer: p, next: 0 });
                }
                None => stack.push(Frame::Skip),
            },
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
        if wanted.is_some_and(|w| found >= w.len()) {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_read_straight_into_json_matches_the_yaml_tree() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let specs = crate::spec_files(&dir).expect("specs/");
        assert!(specs.len() >= 4);
        for spec in specs {
            let text = std::fs::read_to_string(&spec).expect("read spec");
            let StrictJson(direct) = serde_yaml::from_str(&text).expect("direct read");
            let tree = yaml_to_json(serde_yaml::from_str(&text).expect("YAML tree"));
            assert!(direct == tree, "{} reads differently", spec.display());
        }
        // Non-string scalar keys, as OpenAPI's `200:` response codes.
        let StrictJson(v) = serde_yaml::from_str("200: a\ntrue: b\n1.5: c\n").expect("scalar keys");
        assert_eq!(v, serde_json::json!({"200": "a", "true": "b", "1.5": "c"}));
    }

    #[test]
    fn a_targeted_walk_places_like_the_full_index() {
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/tada.yaml")).expect("tada spec");
        let pointers = ["/components/schemas", "/paths/~1api~1v3~1me/get/responses/200", "/paths/~1api~1v3~1me/get/no/such/child", "/info/title", "/no/such/node", ""];
        let full = SpecSource::new("tada.yaml", text.clone());
        let expected: Vec<Option<Location>> = pointers.iter().map(|p| full.locate(p)).collect();
        assert!(expected.iter().filter(|l| l.is_some()).count() >= 4, "{expected:?}");
        let targeted = SpecSource::new("tada.yaml", text);
        let placed = targeted.place_all(pointers.iter().map(|p| Diagnostic::note(*p, "x")).collect());
        assert!(targeted.positions.get().is_none(), "a few diagnostics must not build the full index");
        assert_eq!(placed.iter().map(|d| d.location).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn a_repeated_yaml_key_is_an_error_with_its_line() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n";
        assert!(serde_yaml::from_str::<StrictJson>(text).is_err());
        let e = parse("t.yaml", text).expect_err("a repeated key is refused");
        assert!(e[0].message.contains("duplicate entry with key \"paths\""), "{e:?}");
        assert!(e[0].location.is_some(), "{e:?}");
    }

    #[test]
    fn positions_name_keys_and_items() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags: [x, y]\n";
        let s = SpecSource::new("t.yaml", text);
        assert_eq!(s.locate("/paths/~1a~1b/get"), Some(Location { line: 4, column: 5 }));
        assert_eq!(s.locate("/paths/~1a~1b/get/tags/1"), Some(Location { line: 5, column: 17 }));
        // An unknown child falls back to its nearest known ancestor.
        assert_eq!(s.locate("/paths/~1a~1b/get/responses"), Some(Location { line: 4, column: 5 }));
    }

    #[test]
    fn empty_and_foreign_versions_are_named() {
        let e = parse("e.yaml", "  \n").unwrap_err();
        assert!(e[0].message.contains("empty"));
        let e = parse("s.yaml", "swagger: '2.0'\ninfo: {}\n").unwrap_err();
        assert!(e[0].message.contains("Swagger 2.0"));
        let e = parse("n.yaml", "openapi: 4.0.0\ninfo: {}\n").unwrap_err();
        assert!(e[0].message.contains("4.0.0"));
        assert_eq!(e[0].location.map(|l| l.line), Some(1));
    }

    #[test]
    fn yaml_syntax_error_has_a_line() {
        let e = parse("bad.yaml", "openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(e[0].message.contains("not valid YAML"), "{}", e[0]);
        assert!(e[0].location.is_some());
    }
}
