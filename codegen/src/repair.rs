//! Stage 1, read — repairs on the raw document before it is read as OpenAPI, for things
//! published specs get wrong or do in ways the typed model cannot hold. Each repair is a
//! warning naming the node, so nothing changes silently.
//!
//! * An annotation keyword (`pattern`, `format`, `title`, `description`, `summary`) holding a
//!   number or boolean is dropped (api.video writes `"pattern": 0`).
//! * A `$ref` to a schema, parameter, response or request body that lives inside an operation
//!   (`#/paths/~1v2~1x/get/responses/401/content/application~1json/schema`) is hoisted: the
//!   target moves into its `components` section, and it and every ref to it refer there.
//! * A path item that is a `$ref` to another path item (surevoip: `/support/ip-address` →
//!   `#/paths/~1ip-address`) becomes a copy of it; the copies' operationIds are dropped so that
//!   their method names come from method and path and stay unique.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::pointer::{pointer_token, ref_pointer};

/// Applies every repair; returns the warnings.
pub fn repair(raw: &mut Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    drop_bad_annotations(raw, &mut out);
    inline_path_item_refs(raw, &mut out);
    hoist_refs(raw, &mut out);
    out
}

const ANNOTATIONS: [&str; 5] = ["pattern", "format", "title", "description", "summary"];

/// Keys whose values are arbitrary data (not OpenAPI nodes). `default` is data in a schema but
/// the default response in `responses`, and any key is a name in `properties`.
fn is_data(key: &str, parent: &str) -> bool {
    if parent == "responses" || parent == "properties" {
        return false;
    }
    key == "example" || key == "examples" || key == "default" || key == "enum" || key.starts_with("x-")
}

/// Whether any node has an annotation that is not a string (a walk that builds no pointers:
/// nearly every spec has none, and building a pointer for every node costs more than parsing).
fn has_bad_annotation(raw: &Value) -> bool {
    let mut stack: Vec<(&Value, &str)> = vec![(raw, "")];
    while let Some((v, parent)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if parent != "properties"
                    && ANNOTATIONS.iter().any(|k| matches!(map.get(*k), Some(Value::Number(_) | Value::Bool(_))))
                {
                    return true;
                }
                for (k, child) in map {
                    if parent == "properties" || !is_data(k, parent) {
                        stack.push((child, if parent == "properties" { "" } else { k.as_str() }));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, ""))),
            _ => {}
        }
    }
    false
}

fn drop_bad_annotations(raw: &mut Value, out: &mut Vec<Diagnostic>) {
    if !has_bad_annotation(raw) {
        return;
    }
    let mut stack: Vec<(&mut Value, String, String)> = vec![(raw, String::new(), String::new())];
    while let Some((v, at, parent)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if parent == "properties" {
                    for (k, child) in map.iter_mut() {
                        let p = format!("{at}/{}", pointer_token(k));
                        stack.push((child, p, String::new()));
                    }
                    continue;
                }
                for key in ANNOTATIONS {
                    if matches!(map.get(key), Some(Value::Number(_) | Value::Bool(_))) {
                        let value = map.remove(key).unwrap_or_default();
                        out.push(
                            Diagnostic::warning(format!("{at}/{key}"), format!("`{key}: {value}` is not a string; it is ignored"))
                                .with_hint(format!("`{key}` takes a string")),
                        );
                    }
                }
                for (k, child) in map.iter_mut() {
                    if !is_data(k, &parent) {
                        let p = format!("{at}/{}", pointer_token(k));
                        stack.push((child, p, k.clone()));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    stack.push((child, format!("{at}/{i}"), String::new()));
                }
            }
            _ => {}
        }
    }
}

fn inline_path_item_refs(raw: &mut Value, out: &mut Vec<Diagnostic>) {
    let Some(Value::Object(paths)) = raw.get("paths") else { return };
    let mut copies: Vec<(String, Value)> = Vec::new();
    for (path, item) in paths {
        let Some(Value::String(r)) = item.get("$ref") else { continue };
        let Some(pointer) = ref_pointer(r) else { continue };
        let Some(target) = pointer.strip_prefix("/paths/") else { continue };
        let target = target.replace("~1", "/").replace("~0", "~");
        let Some(Value::Object(found)) = paths.get(&target) else { continue };
        if found.contains_key("$ref") {
            continue;
        }
        let mut copy = found.clone();
        for op in copy.values_mut() {
            if let Value::Object(op) = op {
                op.remove("operationId");
            }
        }
        out.push(Diagnostic::warning(
            format!("/paths/{}/$ref", pointer_token(path)),
            format!("path item `$ref: {r}` is inlined; its operations take their names from method and path"),
        ));
        copies.push((path.clone(), Value::Object(copy)));
    }
    if let Some(Value::Object(paths)) = raw.get_mut("paths") {
        for (path, copy) in copies {
            paths.insert(path, copy);
        }
    }
}

/// The `components` section a ref target belongs in, judged by where it sits.
fn section_of(target: &str) -> Option<&'static str> {
    let tokens: Vec<&str> = target.split('/').skip(1).collect();
    let last = *tokens.last()?;
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i]);
    if matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || matches!(parent, Some("properties" | "allOf" | "oneOf" | "anyOf"))
    {
        return Some("schemas");
    }
    match (parent, last) {
        (Some("parameters"), _) => Some("parameters"),
        (Some("responses"), _) => Some("responses"),
        (_, "requestBody") => Some("requestBodies"),
        (Some("headers"), _) => Some("headers"),
        _ => None,
    }
}

/// A readable component name for a hoisted target: its `title` when it has one, else the
/// meaningful tokens of its pointer.
fn hoisted_name(target: &str, node: &Value) -> String {
    if let Some(title) = node.get("title").and_then(Value::as_str).filter(|t| !t.trim().is_empty()) {
        return title.to_owned();
    }
    let skip = ["paths", "content", "schema", "properties", "responses", "parameters", "requestBody", "items"];
    let words: Vec<String> = target
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .filter(|t| !skip.contains(&t.as_str()) && !t.contains('/') || t.starts_with('/'))
        .collect();
    let joined = words.join(" ");
    if joined.trim().is_empty() {
        "Hoisted".to_owned()
    } else {
        joined
    }
}

/// Where hoisted nodes go: target pointer → (section, new name).
type Moves = BTreeMap<String, (&'static str, String)>;

fn hoist_refs(raw: &mut Value, out: &mut Vec<Diagnostic>) {
    let (moved, mut order, aliases) = plan_hoists(raw);
    if order.is_empty() && aliases.is_empty() {
        return;
    }
    move_nodes(raw, &moved, &mut order, out);
    retarget_refs(raw, &moved, &aliases);
}

/// Which nodes that refs point at move to `components`, and under which names; the targets in
/// order of first use; and ref pointer → the node's real pointer where it runs through other refs.
fn plan_hoists(raw: &Value) -> (Moves, Vec<String>, BTreeMap<String, String>) {
    // Every ref, in document order.
    let mut refs: Vec<String> = Vec::new();
    collect_refs(raw, &mut refs);
    // target pointer → (section, new name), in order of first use.
    let mut moved: Moves = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    // ref pointer → the node's real pointer, when the pointer runs through other refs.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for r in &refs {
        let Some(local) = ref_pointer(r) else { continue };
        let Some(real) = real_pointer(raw, &local) else { continue };
        if real != local {
            aliases.insert(local.clone(), real.clone());
        }
        let local = real;
        let Some(section) = section_of(&local) else { continue };
        let canonical = local.starts_with(&format!("/components/{section}/")) && local.matches('/').count() == 3;
        if canonical || moved.contains_key(&local) {
            continue;
        }
        let Some(node) = raw.pointer(&local) else { continue };
        if node.get("$ref").is_some() {
            // A ref to a ref: the inner one is hoisted or canonical on its own.
            continue;
        }
        let base = hoisted_name(&local, node);
        let taken = |name: &str| {
            raw.pointer(&format!("/components/{section}/{}", pointer_token(name))).is_some()
                || moved.values().any(|(s, n)| *s == section && n == name)
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base} {n}");
            n += 1;
        }
        moved.insert(local.clone(), (section, name));
        order.push(local);
    }
    (moved, order, aliases)
}

/// Moves each planned node to its section of `components`, leaving a `$ref` in its place.
fn move_nodes(raw: &mut Value, moved: &Moves, order: &mut [String], out: &mut Vec<Diagnostic>) {
    // Deepest first, so a target inside another target has moved before its container does.
    order.sort_by_key(|t| std::cmp::Reverse(t.matches('/').count()));
    for target in order.iter() {
        let (section, name) = moved[target].clone();
        let new_ref = format!("#/components/{section}/{}", pointer_token(&name));
        let Some(slot) = raw.pointer_mut(target) else { continue };
        let node = std::mem::replace(slot, Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(new_ref.clone()))])));
        let components = raw
            .as_object_mut()
            .map(|m| m.entry("components").or_insert_with(|| Value::Object(Map::new())));
        if let Some(Value::Object(c)) = components {
            if let Value::Object(s) = c.entry(section).or_insert_with(|| Value::Object(Map::new())) {
                s.insert(name.clone(), node);
            }
        }
        out.push(
            Diagnostic::warning(target.clone(), format!("refs point into an operation here; this node is moved to `{new_ref}`"))
                .with_hint(format!("define it under `components.{section}` and refer to it there")),
        );
    }
}

/// Points every ref at the new homes: a ref to a moved node, or into one, follows it.
fn retarget_refs(raw: &mut Value, moved: &Moves, aliases: &BTreeMap<String, String>) {
    let mut stack: Vec<(&mut Value, String)> = vec![(raw, String::new())];
    while let Some((v, parent)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let (Some(Value::String(r)), false) = (map.get_mut("$ref"), parent == "properties") {
                    if let Some(new) = ref_pointer(r).and_then(|local| relocate(&local, aliases, moved)) {
                        *r = new;
                    }
                }
                for (k, child) in map.iter_mut() {
                    // Refs to examples sit in `examples`; other data holds no refs.
                    if k == "examples" || !is_data(k, &parent) {
                        stack.push((child, k.clone()));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut().map(|i| (i, String::new()))),
            _ => {}
        }
    }
}

/// The new ref for a (decoded) pointer that runs through refs, or lies at or below a moved node.
fn relocate(local: &str, aliases: &BTreeMap<String, String>, moved: &Moves) -> Option<String> {
    let real = aliases.get(local).map_or(local, String::as_str);
    let mut at = real;
    loop {
        if let Some((section, name)) = moved.get(at) {
            return Some(format!("#/components/{section}/{}{}", pointer_token(name), &real[at.len()..]));
        }
        match at.rfind('/') {
            Some(i) => at = &at[..i],
            None => break,
        }
    }
    aliases.contains_key(local).then(|| format!("#{real}"))
}

/// Where the node at `pointer` really is: a pointer may pass through `$ref`s
/// (`#/paths/~1a/get/responses/401/content/…` where `401` is a ref to a component response).
fn real_pointer(raw: &Value, pointer: &str) -> Option<String> {
    let mut at = String::new();
    let mut node = raw;
    for token in pointer.split('/').skip(1) {
        for _ in 0..16 {
            let Some(Value::String(r)) = node.get("$ref") else { break };
            let target = ref_pointer(r)?;
            node = raw.pointer(&target)?;
            at = target;
        }
        node = node.pointer(&format!("/{token}"))?;
        at.push('/');
        at.push_str(token);
    }
    Some(at)
}

/// Every `$ref` string, in document order.
fn collect_refs(raw: &Value, out: &mut Vec<String>) {
    let mut stack: Vec<(&Value, &str)> = vec![(raw, "")];
    while let Some((v, parent)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let (Some(Value::String(r)), false) = (map.get("$ref"), parent == "properties") {
                    out.push(r.clone());
                }
                for (k, child) in map.iter().rev() {
                    if k == "examples" || !is_data(k, parent) {
                        stack.push((child, k.as_str()));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().rev().map(|i| (i, ""))),
            _ => {}
        }
    }
}
