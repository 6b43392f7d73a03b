//! The surface model (`codegen::surface`), which the Rust-level diff compares, agrees with the
//! code emit writes: for every operation of our specs and a few others, the emitted `Client`
//! method (parsed with syn) has the model's arguments, names and types in order, and its request
//! builder has exactly the model's setters (plus `send`, `send_with_response` and, for a
//! paginated list, `into_stream`). Every type of `types` has the model's fields and variants.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::surface::{self, Pass, TypeShape};
use quote::ToTokens;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A type as text without spaces or lifetimes, so that `& 'a types :: X` reads `&types::X`.
fn normalize(t: &str) -> String {
    // prettyplease ends a wrapped generic list with a comma (`Option<\n X,\n>`).
    t.replace("'a", "").replace("'_", "").replace(' ', "").replace(",>", ">")
}

struct Emitted {
    /// method → argument `(name, type)` after `&self`.
    methods: BTreeMap<String, Vec<(String, String)>>,
    /// builder → method → first argument type after `self` (`None` for none).
    builders: BTreeMap<String, BTreeMap<String, Option<String>>>,
}

fn emitted(source: &str) -> Emitted {
    let file = syn::parse_file(source).expect("the generated module parses");
    let mut methods = BTreeMap::new();
    let mut builders: BTreeMap<String, BTreeMap<String, Option<String>>> = BTreeMap::new();
    let mut visit_impl = |imp: &syn::ItemImpl, in_builder: bool| {
        if imp.trait_.is_some() {
            return;
        }
        let self_name = match imp.self_ty.as_ref() {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
            _ => return,
        };
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            let args: Vec<(String, String)> = f
                .sig
                .inputs
                .iter()
                .filter_map(|a| match a {
                    syn::FnArg::Typed(t) => Some((t.pat.to_token_stream().to_string(), normalize(&t.ty.to_token_stream().to_string()))),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            if in_builder {
                builders.entry(self_name.clone()).or_default().insert(f.sig.ident.to_string(), args.first().map(|a| a.1.clone()));
            } else if self_name == "Client" {
                methods.insert(f.sig.ident.to_string(), args);
            }
        }
    };
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) => visit_impl(imp, false),
            syn::Item::Mod(m) if m.ident == "builder" => {
                for inner in m.content.iter().flat_map(|(_, items)| items) {
                    if let syn::Item::Impl(imp) = inner {
                        visit_impl(imp, true);
                    }
                }
            }
            _ => {}
        }
    }
    Emitted { methods, builders }
}

fn check(file: &str, text: &str) -> usize {
    let generated = codegen::generate(file, text).unwrap_or_else(|d| panic!("{file}: {d:?}"));
    let api = &generated.api;
    let code = emitted(&generated.source);
    let render = surface::Renderer::new(api, surface::Scope::Client);
    for op in &api.operations {
        let s = surface::operation(op);
        let emitted_args = code.methods.get(&s.method).unwrap_or_else(|| panic!("{file}: no `Client::{}` emitted", s.method));
        let model_args: Vec<(String, String)> =
            s.args.iter().map(|a| (a.name.clone(), normalize(&render.pass(&a.pass).code()))).collect();
        assert_eq!(emitted_args, &model_args, "{file}: arguments of `Client::{}`", s.method);

        let builder = code.builders.get(&s.builder).unwrap_or_else(|| panic!("{file}: no `builder::{}` emitted", s.builder));
        let mut expected: BTreeSet<String> = s.setters.iter().map(|a| a.name.clone()).collect();
        expected.extend(["send".to_owned(), "send_with_response".to_owned()]);
        if s.streams {
            expected.insert("into_stream".to_owned());
        }
        let found: BTreeSet<String> = builder.keys().cloned().collect();
        assert_eq!(found, expected, "{file}: methods of `builder::{}`", s.builder);
        for a in &s.setters {
            assert!(matches!(a.pass, Pass::Into(_) | Pass::IntoBytes | Pass::IntoString), "{file}: setter `{}` takes `impl Into`", a.name);
            let model = normalize(&render.pass(&a.pass).code());
            assert_eq!(builder[&a.name].as_deref(), Some(model.as_str()), "{file}: `builder::{}::{}`", s.builder, a.name);
        }
    }
    check_types(file, &generated.source, api);
    api.operations.len()
}

/// Drops lowercase path segments (`chrono::DateTime<chrono::Utc>` → `DateTime<Utc>`,
/// `crate::runtime::Secret` → `Secret`) and spaces: the model names types by their last segment.
fn last_segments(t: &str) -> String {
    let t = normalize(t);
    let mut out = String::new();
    let mut word = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if c == ':' && chars.peek() == Some(&':') && word.starts_with(|w: char| w.is_ascii_lowercase() || w == '_') {
            chars.next();
            word.clear();
            continue;
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out.push_str(&word);
    out
}

/// The items of the emitted `types` module: name → shape, as the model writes it.
fn emitted_types(source: &str) -> BTreeMap<String, String> {
    let file = syn::parse_file(source).expect("the generated module parses");
    let mut out = BTreeMap::new();
    let ty = |t: &syn::Type| last_segments(&t.to_token_stream().to_string());
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        for inner in m.content.iter().flat_map(|(_, items)| items) {
            let (name, shape) = match inner {
                syn::Item::Struct(s) => {
                    let fields: Vec<String> = s.fields.iter().map(|f| format!("{}:{}", f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(), ty(&f.ty))).collect();
                    (s.ident.to_string(), format!("struct {}", fields.join(",")))
                }
                syn::Item::Enum(e) => {
                    let variants: Vec<String> = e
                        .variants
                        .iter()
                        .map(|v| match v.fields.iter().next() {
                            Some(f) => format!("{}({})", v.ident, ty(&f.ty)),
                            None => v.ident.to_string(),
                        })
                        .collect();
                    (e.ident.to_string(), format!("enum {}", variants.join(",")))
                }
                syn::Item::Type(t) => (t.ident.to_string(), format!("alias {}", ty(&t.ty))),
                _ => continue,
            };
            out.insert(name, shape);
        }
    }
    out
}

/// Every type of the model is emitted with the model's fields and variants, and nothing else is.
fn check_types(file: &str, source: &str, api: &codegen::ir::Api) {
    let emitted = emitted_types(source);
    let mut model = BTreeMap::new();
    for t in codegen::surface::types(api, &std::collections::HashMap::new()) {
        let shape = match &t.kind {
            TypeShape::Struct(fields) => format!(
                "struct {}",
                fields
                    .iter()
                    .map(|f| {
                        let ty = last_segments(&f.ty);
                        format!("{}:{}", f.name, if f.optional { format!("Option<{ty}>") } else { ty })
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            TypeShape::Enum(variants) => format!(
                "enum {}",
                variants
                    .iter()
                    .map(|v| match &v.payload {
                        Some(p) => format!("{}({})", v.name, last_segments(p)),
                        None => v.name.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            TypeShape::Alias(target) => format!("alias {}", last_segments(target)),
        };
        model.insert(t.name.clone(), shape);
    }
    for (name, shape) in &model {
        assert_eq!(emitted.get(name), Some(shape), "{file}: `types::{name}` as the model has it");
    }
    for name in emitted.keys() {
        assert!(model.contains_key(name), "{file}: `types::{name}` is emitted but not in the model");
    }
}

#[test]
fn the_surface_model_agrees_with_the_emitted_code_on_our_specs() {
    let mut operations = 0;
    for spec in codegen::spec_files(&workspace().join("specs")).expect("specs") {
        let text = std::fs::read_to_string(&spec).expect("spec");
        operations += check(&spec.display().to_string(), &text);
    }
    let fixture = workspace().join("tests/fixtures/client-api.yaml");
    operations += check(&fixture.display().to_string(), &std::fs::read_to_string(&fixture).expect("fixture"));
    assert!(operations > 150, "all operations were checked ({operations})");
}

#[test]
fn the_surface_model_agrees_with_the_emitted_code_on_openai() {
    let path = workspace().join("../shared/corpus/openai-openapi.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        panic!("{} is missing: CI runs with ../shared beside the checkout", path.display());
    };
    assert!(check(&path.display().to_string(), &text) > 100);
}
