//! Shared code of the fuzz targets: the pipeline run and the structure-aware spec mutator.
//!
//! Input form of the `mutate` target: `<JSON spec text> NUL <mutation bytes>`. The JSON part is
//! a starting spec (seeds are specs converted to JSON); the bytes after the first NUL drive a
//! sequence of tree mutations through [`arbitrary::Unstructured`]. Without a NUL (or when the
//! text does not parse as JSON) a built-in small spec is the start and all bytes are mutations.

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Value};

/// Runs everything a build script runs on a spec. Errors are fine; panics are the bugs.
pub fn run_pipeline(text: &str) {
    match codegen::generate("fuzz.yaml", text) {
        Ok(generated) => {
            // The formatted text must still be Rust (e.g. no bare CR in a doc comment).
            if let Err(e) = syn::parse_file(&generated.source) {
                panic!("the generated source does not parse: {e}");
            }
            // The build script also turns examples into tests.
            if let Ok(parsed) = codegen::parse::parse("fuzz.yaml", text) {
                let cases = codegen::example_cases::collect(&generated.api, &parsed.document);
                let _ = codegen::example_cases::test_source("generated", "generated::fuzz", &cases);
            }
        }
        Err(diags) => {
            // A spec that validated must become Rust that parses: anything else is an emitter bug.
            if let Some(d) = diags.iter().find(|d| d.message.starts_with("generated code does not parse")) {
                panic!("the emitter produced invalid Rust: {}", d.message);
            }
        }
    }
}

/// Built-in starting points, small enough to keep executions fast.
const BASES: &[&str] = &[
    r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a/{id}":{"get":{"operationId":"getA","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}},{"name":"q","in":"query","schema":{"type":"array","items":{"type":"integer","format":"int32"}}}],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}},"4XX":{"description":"bad","content":{"application/json":{"schema":{"$ref":"#/components/schemas/E"}}}}}}}},"components":{"schemas":{"A":{"type":"object","required":["id"],"properties":{"id":{"type":"string","format":"uuid"},"kind":{"type":"string","enum":["a","b"]},"child":{"$ref":"#/components/schemas/A"},"tags":{"type":"object","additionalProperties":{"type":"number"}}}},"E":{"type":"object","properties":{"message":{"type":"string"}}}}}}"##,
    r##"{"openapi":"3.0.3","info":{"title":"u","version":"1"},"paths":{"/pets":{"post":{"operationId":"addPet","requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}}}},"responses":{"201":{"description":"made","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}},"text/plain":{"schema":{"type":"string"}}}},"default":{"description":"err"}}}}},"components":{"schemas":{"Pet":{"oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"}],"discriminator":{"propertyName":"kind","mapping":{"cat":"#/components/schemas/Cat"}}},"Cat":{"allOf":[{"$ref":"#/components/schemas/Base"},{"type":"object","properties":{"lives":{"type":"integer","enum":[1,9]}}}]},"Dog":{"type":"object","properties":{"kind":{"type":"string"},"bark":{"type":"boolean","nullable":true}}},"Base":{"type":"object","required":["kind"],"properties":{"kind":{"type":"string"}}}}}}"##,
    r##"{"openapi":"3.0.3","info":{"title":"v","version":"1"},"x-envelope":{"success-field":"ok","payload-field":"result"},"security":[{"token":[]}],"paths":{"/upload":{"put":{"operationId":"upload","requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"file":{"type":"string","format":"binary"},"files":{"type":"array","items":{"type":"string","format":"binary"}},"meta":{"type":"object","properties":{"a":{"type":"string"}}}}},"encoding":{"meta":{"contentType":"application/json, text/plain"}}}}},"parameters":[{"name":"X-Trace","in":"header","schema":{"type":"string"}},{"name":"sid","in":"cookie","schema":{"type":"string"}}],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"ok":{"type":"boolean"},"result":{"type":"array","items":{"type":"string","format":"date-time"}}}},"example":{"ok":true,"result":[]}}}}}}}},"components":{"securitySchemes":{"token":{"type":"apiKey","in":"header","name":"token"},"bearer":{"type":"http","scheme":"bearer"}}}}"##,
];

/// Names that stress identifier conversion.
const WEIRD: &[&str] = &[
    "", " ", "_", "__", "type", "self", "Self", "super", "crate", "r#type", "Option", "Result", "String", "Vec", "Box",
    "Some", "None", "Ok", "Err", "Client", "Error", "Unknown", "new", "clone", "fmt", "body", "value", "additional_properties",
    "+1", "-1", "-", "+", "1", "0x", "123abc", "a b", "a-b", "a.b", "{id}", "{", "}", "/", "~", "~1", "~0", "#", "$ref", "é",
    "Имя", "日本", "🦀", "\u{0}", "\u{200b}", "\t\n", "\"", "\\", "'", "A", "B", "C", "a", "id", "ID", "Id", "iD", "x-envelope",
    "with_token", "Status200", "Ok2", "ok", "result", "success", "kind", "enum", "match", "gen", "async", "await", "dyn", "raw",
    "macro_rules", "union", "safe", "abstract", "try", "yield", "static", "__proto__", "null", "true", "1e999",
];

/// Keys of OpenAPI objects the lowering reads.
const VOCAB: &[&str] = &[
    "type", "format", "items", "properties", "required", "enum", "nullable", "allOf", "oneOf", "anyOf", "not",
    "additionalProperties", "discriminator", "propertyName", "mapping", "$ref", "description", "title", "example",
    "examples", "value", "paths", "components", "schemas", "responses", "parameters", "requestBodies", "securitySchemes",
    "in", "name", "schema", "content", "requestBody", "operationId", "security", "servers", "url", "variables",
    "default", "x-envelope", "success-field", "payload-field", "encoding", "contentType", "style", "explode", "minimum",
    "get", "put", "post", "delete", "patch", "head", "options", "trace", "application/json", "multipart/form-data",
    "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", "200", "201", "204", "2XX", "4XX",
    "default", "scheme", "bearerFormat", "openIdConnectUrl", "flows",
];

const TYPES: &[&str] = &["object", "array", "string", "integer", "number", "boolean", "null", "obj", "file", ""];
const FORMATS: &[&str] = &[
    "int32", "int64", "uint32", "uint64", "float", "double", "date", "date-time", "binary", "byte", "password", "uuid",
    "email", "",
];

/// The spec text for one `mutate` input.
pub fn mutated_spec(data: &[u8]) -> String {
    let (text, script) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&[][..], data),
    };
    let mut u = Unstructured::new(script);
    let mut doc = std::str::from_utf8(text)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .unwrap_or_else(|| {
            let i = u.choose_index(BASES.len()).unwrap_or(0);
            serde_json::from_str(BASES[i]).unwrap_or(Value::Null)
        });
    let rounds = u.int_in_range(0..=24u8).unwrap_or(0);
    for _ in 0..rounds {
        if mutate(&mut u, &mut doc).is_err() {
            break;
        }
    }
    render(&mut u, &doc)
}

fn render(u: &mut Unstructured, doc: &Value) -> String {
    let text = match u.int_in_range(0..=3u8).unwrap_or(0) {
        0 | 1 => serde_json::to_string(doc).unwrap_or_default(),
        2 => serde_json::to_string_pretty(doc).unwrap_or_default(),
        _ => serde_yaml::to_string(doc).unwrap_or_default(),
    };
    // Numbers `serde_json::Value` cannot hold, spliced in as text.
    text.replace("\"@@BIG@@\"", "123456789012345678901234567890")
        .replace("\"@@INF@@\"", "1e999")
        .replace("\"@@NEG@@\"", "-99999999999999999999")
}

/// JSON pointers of every node, in document order.
fn pointers(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(doc, String::new())];
    while let Some((v, at)) = stack.pop() {
        match v {
            Value::Object(m) => {
                for (k, c) in m.iter().rev() {
                    stack.push((c, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"))));
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate().rev() {
                    stack.push((c, format!("{at}/{i}")));
                }
            }
            _ => {}
        }
        out.push(at);
    }
    out
}

fn split_parent(ptr: &str) -> Option<(&str, String)> {
    let i = ptr.rfind('/')?;
    Some((&ptr[..i], ptr[i + 1..].replace("~1", "/").replace("~0", "~")))
}

fn mutate(u: &mut Unstructured, doc: &mut Value) -> Result<()> {
    let ptrs = pointers(doc);
    if ptrs.len() > 50_000 {
        return Err(arbitrary::Error::IncorrectFormat);
    }
    let target = ptrs[u.choose_index(ptrs.len())?].clone();
    match u.int_in_range(0..=13u8)? {
        // Delete the node.
        0 => {
            if let Some((parent, key)) = split_parent(&target) {
                match doc.pointer_mut(parent) {
                    Some(Value::Object(m)) => {
                        m.shift_remove(&key);
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < a.len() {
                                a.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Replace it with a scalar.
        1 => set(doc, &target, scalar(u)?),
        // Replace it with a `$ref`.
        2 => {
            let r = reference(u, &ptrs)?;
            set(doc, &target, json!({ "$ref": r }));
        }
        // Graft a copy of another node here.
        3 => {
            let from = &ptrs[u.choose_index(ptrs.len())?];
            if let Some(v) = doc.pointer(from).cloned() {
                set(doc, &target, v);
            }
        }
        // Nest it deeply.
        4 => {
            let Some(mut v) = doc.pointer(&target).cloned() else { return Ok(()) };
            let n = if u.ratio(1, 4)? { u.int_in_range(60..=140u16)? } else { u.int_in_range(1..=8u16)? };
            let how = u.int_in_range(0..=7u8)?;
            for _ in 0..n {
                v = match how {
                    0 => json!({ "type": "array", "items": v }),
                    1 => json!({ "allOf": [v] }),
                    2 => json!({ "oneOf": [v, { "type": "string" }] }),
                    3 => json!({ "type": "object", "properties": { "p": v } }),
                    4 => json!({ "type": "object", "additionalProperties": v }),
                    5 => json!([v]),
                    6 => json!({ "anyOf": [v] }),
                    _ => json!({ "not": v }),
                };
            }
            set(doc, &target, v);
        }
        // Rename a key of an object.
        5 => {
            if let Some(Value::Object(m)) = doc.pointer_mut(&target) {
                if !m.is_empty() {
                    let i = u.choose_index(m.len())?;
                    let new = name(u)?;
                    if let Some((k, v)) = m.iter().nth(i).map(|(k, v)| (k.clone(), v.clone())) {
                        m.shift_remove(&k);
                        m.insert(new, v);
                    }
                }
            }
        }
        // Add a key to an object (or an item to an array).
        6 => {
            let v = value(u, 3)?;
            match doc.pointer_mut(&target) {
                Some(Value::Object(m)) => {
                    let k = if u.ratio(3, 4)? { (*u.choose(VOCAB)?).to_owned() } else { name(u)? };
                    m.insert(k, v);
                }
                Some(Value::Array(a)) => a.push(v),
                _ => {}
            }
        }
        // Replace it with a generated schema.
        7 => {
            let s = schema(u, 4)?;
            set(doc, &target, s);
        }
        // A new component schema.
        8 => {
            let n = name(u)?;
            let s = schema(u, 4)?;
            components(doc, "schemas").insert(n, s);
        }
        // A new operation.
        9 => {
            let p = path(u)?;
            let m = (*u.choose(&["get", "put", "post", "delete", "patch", "head", "options", "trace"])?).to_owned();
            let op = operation(u)?;
            if let Some(obj) = doc.as_object_mut() {
                let paths = obj.entry("paths").or_insert_with(|| json!({}));
                if !paths.is_object() {
                    *paths = json!({});
                }
                if let Some(paths) = paths.as_object_mut() {
                    let item = paths.entry(p).or_insert_with(|| json!({}));
                    if let Some(item) = item.as_object_mut() {
                        item.insert(m, op);
                    }
                }
            }
        }
        // A weird string in place of a string.
        10 => {
            if let Some(v @ Value::String(_)) = doc.pointer_mut(&target) {
                *v = Value::String(name(u)?);
            }
        }
        // Other component kinds, referenced from operations.
        11 => {
            let n = name(u)?;
            match u.int_in_range(0..=3u8)? {
                0 => {
                    let p = parameter(u)?;
                    components(doc, "parameters").insert(n, p);
                }
                1 => {
                    let r = response(u)?;
                    components(doc, "responses").insert(n, r);
                }
                2 => {
                    let b = json!({ "content": content(u)? });
                    components(doc, "requestBodies").insert(n, b);
                }
                _ => {
                    let s = security_scheme(u)?;
                    components(doc, "securitySchemes").insert(n, s);
                }
            }
        }
        // Servers whose variables name each other.
        13 => {
            let mut vars = Map::new();
            for _ in 0..u.int_in_range(0..=6u8)? {
                let default = (0..u.int_in_range(0..=6u8)?).map(|_| format!("{{{}}}", u.choose(WEIRD).unwrap_or(&"a"))).collect::<String>();
                vars.insert(name(u)?, json!({ "default": default, "enum": [name(u)?] }));
            }
            let url = format!("https://{{{}}}/{}", name(u)?, name(u)?);
            if let Some(obj) = doc.as_object_mut() {
                obj.insert("servers".into(), json!([{ "url": url, "variables": vars }]));
            }
        }
        // Duplicate an array item or an object entry under another name.
        _ => match doc.pointer_mut(&target) {
            Some(Value::Array(a)) if !a.is_empty() => {
                let i = u.choose_index(a.len())?;
                let v = a[i].clone();
                a.push(v);
            }
            Some(Value::Object(m)) if !m.is_empty() => {
                let i = u.choose_index(m.len())?;
                if let Some((k, v)) = m.iter().nth(i).map(|(k, v)| (k.clone(), v.clone())) {
                    let k2 = if u.ratio(1, 2)? { k.to_uppercase() } else { format!("{k}{}", name(u)?) };
                    m.insert(k2, v);
                }
            }
            _ => {}
        },
    }
    Ok(())
}

fn set(doc: &mut Value, ptr: &str, v: Value) {
    if let Some(slot) = doc.pointer_mut(ptr) {
        *slot = v;
    }
}

fn components<'d>(doc: &'d mut Value, kind: &str) -> &'d mut Map<String, Value> {
    if !doc.is_object() {
        *doc = json!({});
    }
    let obj = doc.as_object_mut().expect("made an object above");
    let c = obj.entry("components").or_insert_with(|| json!({}));
    if !c.is_object() {
        *c = json!({});
    }
    let c = c.as_object_mut().expect("made an object above");
    let k = c.entry(kind).or_insert_with(|| json!({}));
    if !k.is_object() {
        *k = json!({});
    }
    k.as_object_mut().expect("made an object above")
}

fn name(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => u.arbitrary::<String>()?,
        1 => format!("{}{}", u.choose(WEIRD)?, u.choose(WEIRD)?),
        2 => u.choose(WEIRD)?.repeat(u.int_in_range(1..=300usize)?),
        _ => (*u.choose(WEIRD)?).to_owned(),
    })
}

fn path(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => format!("/{}", name(u)?),
        1 => format!("/x/{{{}}}", name(u)?),
        2 => format!("/{{{}}}/{{{}}}", name(u)?, name(u)?),
        3 => (*u.choose(&["/", "", "{", "}", "/{", "/}{", "/{}", "/{a}{a}", "/{a", "x", "/a/{id}/{id}"])?).to_owned(),
        _ => u.arbitrary::<String>()?,
    })
}

fn reference(u: &mut Unstructured, ptrs: &[String]) -> Result<String> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 | 1 => format!("#{}", ptrs[u.choose_index(ptrs.len())?]),
        2 => format!("#/components/schemas/{}", name(u)?),
        3 => format!("#/components/{}/{}", u.choose(&["schemas", "responses", "parameters", "requestBodies", "examples", "securitySchemes"])?, u.choose(WEIRD)?),
        _ => (*u.choose(&[
            "", "#", "#/", "#//", "#/components/schemas/", "#/components/schemas", "http://example.com/x.yaml",
            "other.yaml#/A", "#/components/schemas/a~1b", "#/components/schemas/a~2", "#/components/schemas/~",
            "#/paths/~1a~1{id}/get", "#/components/schemas/A/properties/child", "#/components/schemas/A/items",
        ])?)
        .to_owned(),
    })
}

fn scalar(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=15u8)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(i64::MIN),
        3 => json!(i64::MAX),
        4 => json!(u64::MAX),
        5 => json!(u.arbitrary::<i64>()?),
        6 => json!(-0.0),
        7 => json!(1e308),
        8 => json!(u.arbitrary::<f64>().ok().filter(|f| f.is_finite()).unwrap_or(0.5)),
        9 => json!("@@BIG@@"),
        10 => json!("@@INF@@"),
        11 => json!("@@NEG@@"),
        12 => json!(u.int_in_range(0..=1000u16)?),
        13 => json!([]),
        14 => json!({}),
        _ => Value::String(name(u)?),
    })
}

/// An arbitrary small JSON value, biased towards OpenAPI words.
fn value(u: &mut Unstructured, depth: u8) -> Result<Value> {
    if depth == 0 {
        return scalar(u);
    }
    Ok(match u.int_in_range(0..=4u8)? {
        0 => {
            let n = u.int_in_range(0..=3u8)?;
            let mut m = Map::new();
            for _ in 0..n {
                let k = if u.ratio(3, 4)? { (*u.choose(VOCAB)?).to_owned() } else { name(u)? };
                m.insert(k, value(u, depth - 1)?);
            }
            Value::Object(m)
        }
        1 => {
            let n = u.int_in_range(0..=3u8)?;
            let mut a = Vec::new();
            for _ in 0..n {
                a.push(value(u, depth - 1)?);
            }
            Value::Array(a)
        }
        2 => schema(u, depth)?,
        _ => scalar(u)?,
    })
}

/// A schema, mostly well-formed, with awkward names and values.
fn schema(u: &mut Unstructured, depth: u8) -> Result<Value> {
    let choice = if depth == 0 { u.int_in_range(0..=3u8)? } else { u.int_in_range(0..=12u8)? };
    let mut s = match choice {
        0 => json!({ "type": *u.choose(&["string", "integer", "number", "boolean"])? }),
        1 => json!({ "$ref": format!("#/components/schemas/{}", name(u)?) }),
        2 => json!({}),
        3 => json!({ "type": *u.choose(TYPES)?, "format": *u.choose(FORMATS)? }),
        4 => {
            let n = u.int_in_range(0..=4u8)?;
            let mut props = Map::new();
            let mut required = Vec::new();
            for _ in 0..n {
                let k = name(u)?;
                if u.ratio(1, 2)? {
                    required.push(Value::String(k.clone()));
                }
                props.insert(k, schema(u, depth - 1)?);
            }
            let mut o = json!({ "type": "object", "properties": props, "required": required });
            if u.ratio(1, 3)? {
                o["additionalProperties"] = if u.ratio(1, 2)? { Value::Bool(u.arbitrary()?) } else { schema(u, depth - 1)? };
            }
            o
        }
        5 => json!({ "type": "array", "items": schema(u, depth - 1)? }),
        6 => {
            let n = u.int_in_range(0..=4u8)?;
            let mut vals = Vec::new();
            for _ in 0..n {
                vals.push(Value::String(name(u)?));
            }
            json!({ "type": "string", "enum": vals })
        }
        7 => {
            let n = u.int_in_range(0..=4u8)?;
            let mut vals = Vec::new();
            for _ in 0..n {
                vals.push(match u.int_in_range(0..=4u8)? {
                    0 => json!(i64::MIN),
                    1 => json!(i64::MAX),
                    2 => json!(-1),
                    3 => json!(0),
                    _ => json!(u.arbitrary::<i64>()?),
                });
            }
            json!({ "type": "integer", "format": *u.choose(FORMATS)?, "enum": vals })
        }
        8..=10 => {
            let key = *u.choose(&["allOf", "oneOf", "anyOf"])?;
            let n = u.int_in_range(0..=3u8)?;
            let mut members = Vec::new();
            for _ in 0..n {
                members.push(schema(u, depth - 1)?);
            }
            let mut o = json!({ key: members });
            if key != "allOf" && u.ratio(1, 2)? {
                let mut mapping = Map::new();
                for _ in 0..u.int_in_range(0..=2u8)? {
                    mapping.insert(name(u)?, Value::String(format!("#/components/schemas/{}", name(u)?)));
                }
                o["discriminator"] = json!({ "propertyName": name(u)?, "mapping": mapping });
            }
            o
        }
        11 => json!({ "type": "object", "additionalProperties": schema(u, depth - 1)? }),
        _ => json!({ "properties": { name(u)?: schema(u, depth - 1)? }, "allOf": [schema(u, depth - 1)?] }),
    };
    if let Value::Object(m) = &mut s {
        if u.ratio(1, 4)? {
            m.insert("nullable".into(), Value::Bool(true));
        }
        if u.ratio(1, 6)? {
            m.insert("title".into(), Value::String(name(u)?));
        }
        if u.ratio(1, 6)? {
            m.insert("description".into(), Value::String(name(u)?));
        }
        if u.ratio(1, 8)? {
            m.insert("example".into(), value(u, 2)?);
        }
    }
    Ok(s)
}

fn parameter(u: &mut Unstructured) -> Result<Value> {
    let location = *u.choose(&["path", "query", "header", "cookie", "body"])?;
    let mut p = json!({ "name": name(u)?, "in": location, "required": u.arbitrary::<bool>()?, "schema": schema(u, 2)? });
    if u.ratio(1, 4)? {
        p["style"] = json!(*u.choose(&["form", "spaceDelimited", "pipeDelimited", "deepObject", "simple", "matrix"])?);
        p["explode"] = json!(u.arbitrary::<bool>()?);
    }
    Ok(p)
}

fn content(u: &mut Unstructured) -> Result<Value> {
    let mut c = Map::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        let media = if u.ratio(3, 4)? {
            (*u.choose(&[
                "application/json", "application/problem+json", "multipart/form-data", "multipart/mixed",
                "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "text/json; charset=utf-8",
                "APPLICATION/JSON", "*/*", "",
            ])?)
            .to_owned()
        } else {
            name(u)?
        };
        let mut mt = json!({ "schema": schema(u, 3)? });
        if u.ratio(1, 4)? {
            mt["example"] = value(u, 2)?;
        }
        if u.ratio(1, 6)? {
            mt["encoding"] = json!({ name(u)?: { "contentType": name(u)? } });
        }
        c.insert(media, mt);
    }
    Ok(Value::Object(c))
}

fn response(u: &mut Unstructured) -> Result<Value> {
    Ok(json!({ "description": name(u)?, "content": content(u)? }))
}

fn security_scheme(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => json!({ "type": "apiKey", "in": *u.choose(&["header", "query", "cookie"])?, "name": name(u)? }),
        1 => json!({ "type": "http", "scheme": *u.choose(&["bearer", "basic", "digest", "Bearer"])? }),
        2 => json!({ "type": "oauth2", "flows": {} }),
        3 => json!({ "type": "openIdConnect", "openIdConnectUrl": "https://x" }),
        _ => json!({ "$ref": "#/components/securitySchemes/x" }),
    })
}

fn operation(u: &mut Unstructured) -> Result<Value> {
    let mut op = Map::new();
    if u.ratio(3, 4)? {
        op.insert("operationId".into(), Value::String(name(u)?));
    }
    let mut params = Vec::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        params.push(if u.ratio(1, 4)? {
            json!({ "$ref": format!("#/components/parameters/{}", name(u)?) })
        } else {
            parameter(u)?
        });
    }
    op.insert("parameters".into(), Value::Array(params));
    if u.ratio(1, 2)? {
        let body = if u.ratio(1, 4)? {
            json!({ "$ref": format!("#/components/requestBodies/{}", name(u)?) })
        } else {
            json!({ "required": u.arbitrary::<bool>()?, "content": content(u)? })
        };
        op.insert("requestBody".into(), body);
    }
    let mut responses = Map::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        let code = (*u.choose(&["200", "201", "204", "2XX", "3XX", "400", "404", "4XX", "5XX", "default", "100", "999", "1XX", "0XX", "9XX"])?).to_owned();
        let r = if u.ratio(1, 4)? {
            json!({ "$ref": format!("#/components/responses/{}", name(u)?) })
        } else {
            response(u)?
        };
        responses.insert(code, r);
    }
    op.insert("responses".into(), Value::Object(responses));
    if u.ratio(1, 4)? {
        op.insert("security".into(), json!([{ name(u)?: [] }]));
    }
    if u.ratio(1, 6)? {
        op.insert("x-envelope".into(), json!({ "success-field": name(u)?, "payload-field": name(u)? }));
    }
    Ok(Value::Object(op))
}

/// A stable name for an input (FNV-1a), for dumped specs.
pub fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
