//! Property tests: identifier naming always yields valid, non-keyword Rust identifiers, scopes
//! hand out unique names, and the whole pipeline never panics on small random specs.

use codegen::naming::{camel, screaming, snake, type_name, Scope};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Strict, reserved and weak keywords of every edition, and names that cannot be plain idents.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
    "macro_rules", "raw", "safe", "_",
];

/// Names from the edges of the naming rules, mixed into arbitrary strings.
fn raw_name() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,12}",
        "[-+_ 0-9.{}\\[\\]]{0,6}[a-zA-Z]{0,4}",
        prop::sample::select(KEYWORDS).prop_map(str::to_owned),
        (prop::sample::select(KEYWORDS), "[_0-9 -]{0,3}", prop::sample::select(KEYWORDS))
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        prop::sample::select(&["Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "r#type", "Имя", "🦀", "+1", "-1", "\u{200b}"][..])
            .prop_map(str::to_owned),
    ]
}

fn assert_ident(kind: &str, raw: &str, name: &str) -> Result<(), TestCaseError> {
    prop_assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "{kind}({raw:?}) = {name:?} does not parse as an identifier");
    prop_assert!(!name.starts_with("r#"), "{kind}({raw:?}) = {name:?} is a raw identifier");
    prop_assert!(!KEYWORDS.contains(&name), "{kind}({raw:?}) = {name:?} is a keyword");
    // The emitter builds identifiers with `Ident::new`, which panics on anything invalid.
    let _ = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn names_are_valid_identifiers(raw in raw_name()) {
        assert_ident("snake", &raw, &snake(&raw))?;
        assert_ident("camel", &raw, &camel(&raw))?;
        let t = type_name(&raw);
        assert_ident("type_name", &raw, &t)?;
        prop_assert!(!["Option", "Result", "String", "Vec", "Box", "Self", "Some", "None", "Ok", "Err"].contains(&t.as_str()));
        assert_ident("screaming", &raw, &screaming(&raw))?;
        // Setters are `with_<name>` with a trailing `_` dropped.
        assert_ident("setter", &raw, &format!("with_{}", snake(&raw).trim_end_matches('_')))?;
    }

    #[test]
    fn naming_is_deterministic(raw in raw_name()) {
        prop_assert_eq!(snake(&raw), snake(&raw));
        prop_assert_eq!(type_name(&raw), type_name(&raw));
    }

    #[test]
    fn scope_claims_are_unique(raws in prop::collection::vec(raw_name(), 0..40), reserved in prop::collection::vec(raw_name(), 0..4)) {
        let reserved_refs: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let mut scope = Scope::with_reserved(&reserved_refs);
        let mut seen = std::collections::HashSet::new();
        for raw in &raws {
            // Raw strings, and the identifiers the generator actually claims.
            for base in [raw.clone(), snake(raw), type_name(raw)] {
                let claimed = scope.claim(&base);
                prop_assert!(scope.contains(&claimed));
                prop_assert!(!reserved.contains(&claimed), "{claimed:?} is reserved");
                prop_assert!(seen.insert(claimed.clone()), "{claimed:?} handed out twice");
            }
        }
    }

    #[test]
    fn claimed_identifiers_stay_identifiers(raws in prop::collection::vec(raw_name(), 1..20)) {
        let mut fields = Scope::with_reserved(&["body", "params", "self", "value"]);
        let mut types = Scope::with_reserved(&["Client", "Error"]);
        for raw in &raws {
            let f = fields.claim(&snake(raw));
            assert_ident("claimed snake", raw, &f)?;
            let t = types.claim(&type_name(raw));
            assert_ident("claimed type", raw, &t)?;
            // Repeats get numbered variants, which must be identifiers too.
            assert_ident("claimed snake again", raw, &fields.claim(&snake(raw)))?;
            assert_ident("claimed type again", raw, &types.claim(&type_name(raw)))?;
        }
    }
}

// --- Small random specs -----------------------------------------------------------------------

const COMPONENTS: &[&str] = &["A", "B", "c", "Self", "type", "Option", "a-b", "Client"];

fn component_ref() -> impl Strategy<Value = Value> {
    prop::sample::select(COMPONENTS).prop_map(|c| json!({ "$ref": format!("#/components/schemas/{c}") }))
}

fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        prop::sample::select(&["string", "integer", "number", "boolean", "object", "array", "strin"][..])
            .prop_map(|t| json!({ "type": t })),
        (prop::sample::select(&["int32", "int64", "uint32", "uint64", "date-time", "date", "uuid", "binary", "password", "float"][..]), prop::sample::select(&["string", "integer", "number"][..]))
            .prop_map(|(f, t)| json!({ "type": t, "format": f })),
        prop::collection::vec(raw_name(), 0..4).prop_map(|v| json!({ "type": "string", "enum": v })),
        prop::collection::vec(any::<i64>(), 0..4).prop_map(|v| json!({ "type": "integer", "enum": v })),
        component_ref(),
        Just(json!({})),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| json!({ "type": "array", "items": s })),
            inner.clone().prop_map(|s| json!({ "type": "object", "additionalProperties": s })),
            (prop::collection::vec((raw_name(), inner.clone(), any::<bool>()), 0..5), any::<bool>()).prop_map(|(props, nullable)| {
                let required: Vec<&String> = props.iter().filter(|p| p.2).map(|p| &p.0).collect();
                let map: Map<String, Value> = props.iter().map(|(k, v, _)| (k.clone(), v.clone())).collect();
                json!({ "type": "object", "properties": map, "required": required, "nullable": nullable })
            }),
            (prop::sample::select(&["allOf", "oneOf", "anyOf"][..]), prop::collection::vec(inner.clone(), 0..4), any::<bool>())
                .prop_map(|(k, members, disc)| {
                    let mut s = json!({ k: members });
                    if disc && k != "allOf" {
                        s["discriminator"] = json!({ "propertyName": "kind" });
                    }
                    s
                }),
        ]
    })
}

fn spec() -> impl Strategy<Value = String> {
    // Most components exist, so most refs resolve and specs get through to emit.
    let components = prop::collection::vec(prop::option::weighted(0.9, schema()), COMPONENTS.len());
    let ops = prop::collection::vec((raw_name(), prop::sample::select(&["get", "post", "put"][..]), schema(), schema(), raw_name()), 0..4);
    (components, ops).prop_map(|(components, ops)| {
        let schemas: Map<String, Value> =
            COMPONENTS.iter().zip(components).filter_map(|(k, v)| Some(((*k).to_owned(), v?))).collect();
        let mut paths = Map::new();
        for (i, (op_id, method, body, response, param)) in ops.into_iter().enumerate() {
            let op = json!({
                "operationId": op_id,
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": param, "in": "query", "schema": response.clone() },
                ],
                "requestBody": { "content": { "application/json": { "schema": body } } },
                "responses": {
                    "200": { "description": "ok", "content": { "application/json": { "schema": response } } },
                    "4XX": { "description": "bad", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } },
                },
            });
            paths.insert(format!("/p{i}/{{id}}"), json!({ method: op }));
        }
        json!({
            "openapi": "3.0.3",
            "info": { "title": "random", "version": "1" },
            "paths": paths,
            "components": { "schemas": schemas },
        })
        .to_string()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300)))]

    #[test]
    fn generate_never_panics_on_small_specs(text in spec()) {
        match codegen::generate("random.json", &text) {
            Ok(g) => {
                let parsed = syn::parse_file(&g.source);
                prop_assert!(parsed.is_ok(), "the generated source does not parse: {:?}\n{text}", parsed.err());
            }
            Err(diags) => {
                prop_assert!(diags.iter().any(codegen::Diagnostic::is_error), "Err without an error: {diags:?}");
                // An error from formatting means the emitter wrote invalid Rust.
                let invalid = diags.iter().find(|d| d.message.starts_with("generated code does not parse"));
                prop_assert!(invalid.is_none(), "{invalid:?}\n{text}");
            }
        }
    }
}
