//! Stage 1, read — validate: every `$ref` is local and points at something, and
//! operationIds are unique. The document model ([`crate::document`]) follows the refs this
//! checks; semantic checks that need the IR happen while lowering.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::pointer::{local_ref_pointer, pointer, pointer_token};
use crate::document::Document;
use crate::parse::ParsedSpec;

/// All problems found, in document order.
pub fn spec(spec: &ParsedSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_refs(&spec.raw, &mut out);
    check_operation_ids(&spec.document, &mut out);
    out
}

/// Walks the document without recursion (depth cannot overflow the stack).
fn check_refs(root: &serde_json::Value, out: &mut Vec<Diagnostic>) {
    // The flag marks a map from names to nodes (a schema's `properties`), where `$ref` can be
    // the name of a property rather than a reference.
    let mut stack: Vec<(&serde_json::Value, String, bool)> = vec![(root, String::new(), false)];
    while let Some((v, at, names)) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let (Some(r), false) = (map.get("$ref"), names) {
                    check_ref(root, r, &format!("{at}/$ref"), out);
                }
                // Examples and extensions hold arbitrary data, where `$ref` is just a key.
                for (k, child) in map.iter().rev() {
                    if (k == "$ref" && !names) || k == "example" || k.starts_with("x-") {
                        continue;
                    }
                    if k == "examples" {
                        // Media-type examples: only `$ref`s to components.examples are refs.
                        if let serde_json::Value::Object(ex) = child {
                            for (name, e) in ex {
                                if let Some(r) = e.get("$ref") {
                                    check_ref(root, r, &format!("{at}/examples/{}/$ref", pointer_token(name)), out);
                                }
                            }
                        }
                        continue;
                    }
                    let child_names = !names && k == "properties";
                    stack.push((child, format!("{at}/{}", pointer_token(k)), child_names));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    stack.push((child, format!("{at}/{i}"), false));
                }
            }
            _ => {}
        }
    }
}

fn check_ref(root: &serde_json::Value, r: &serde_json::Value, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(r) = r.as_str() else {
        out.push(Diagnostic::error(at, "`$ref` must be a string"));
        return;
    };
    let Some(local) = local_ref_pointer(root.get("$self").and_then(serde_json::Value::as_str), r) else {
        out.push(
            Diagnostic::error(at, format!("`$ref: {r}` points outside this file; external references are refused"))
                .with_hint("a spec must not make the generator read other files or URLs: inline the schema under components"),
        );
        return;
    };
    if root.pointer(&local).is_none() {
        let hint = nearest(root, &local);
        out.push(Diagnostic::error(at, format!("`$ref: {r}` points to nothing")).with_hint(hint));
    }
}

fn nearest(root: &serde_json::Value, local: &str) -> String {
    let (parent, last) = match local.rfind('/') {
        Some(i) => (&local[..i], &local[i + 1..]),
        None => return "refs look like `#/components/schemas/Name`".to_owned(),
    };
    let Some(serde_json::Value::Object(siblings)) = root.pointer(parent) else {
        return format!("`#{parent}` does not exist either");
    };
    let best = siblings
        .keys()
        .map(|k| (crate::naming::edit_distance(k, last), k))
        .filter(|(d, _)| *d <= 3)
        .min();
    match best {
        Some((_, k)) => format!("did you mean `#{parent}/{}`?", pointer_token(k)),
        None => format!("no entry named `{last}` under `#{parent}`"),
    }
}

/// Duplicate operationIds, over every operation the document model read (3.2's `query` and
/// `additionalOperations`, and path items reached through refs, included).
fn check_operation_ids(doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for op in &doc.operations {
        let Some(id) = op.operation_id.as_deref() else { continue };
        match seen.get(id) {
            // The same path item reached from two paths is one definition.
            Some(first) if *first == op.pointer => {}
            Some(first) => out.push(
                Diagnostic::error(pointer(&op.pointer, &["operationId"]), format!("duplicate operationId `{id}`"))
                    .with_hint(format!("it is first used at {first}/operationId; operationIds must be unique")),
            ),
            None => {
                seen.insert(id, &op.pointer);
            }
        }
    }
}
