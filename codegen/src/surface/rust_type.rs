//! The one renderer of IR types as Rust types. Emit writes what it returns as tokens (full
//! paths: `chrono::DateTime<chrono::Utc>`, `types::Team`); the surface model and the Rust-level
//! diff print it for people, by last segment (`DateTime<Utc>`, `Team`). Both read the same tree,
//! so the code and what the diff says about it cannot drift apart.

use std::collections::HashMap;
use std::fmt;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use super::Pass;
use crate::ir::{Api, Arm, IntKind, MultipartKind, Outcome, OutcomeShape, Payload, TypeId, TypeRef};

/// A Rust type as written in generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `module::Name<Args>`; `module` is empty for names in scope (`String`, `Vec`, `Option`).
    Path { module: &'static str, name: String, args: Vec<RustType> },
    /// `(A, B,)`; `()` when empty.
    Tuple(Vec<RustType>),
    /// `&str`.
    Str,
    /// `&T`.
    Ref(Box<RustType>),
    /// `&[T]`.
    Slice(Box<RustType>),
    /// `impl Into<T>`.
    ImplInto(Box<RustType>),
}

/// The module generated code reaches runtime types through.
const RUNTIME: &str = "crate::runtime";

impl RustType {
    fn path(module: &'static str, name: &str, args: Vec<RustType>) -> Self {
        RustType::Path { module, name: name.to_owned(), args }
    }

    /// A name in scope with no arguments (`String`, `bool`).
    fn plain(name: &str) -> Self {
        Self::path("", name, Vec::new())
    }

    /// `Outer<inner>` for a prelude type (`Vec`, `Option`, `Box`).
    pub fn wrap(outer: &str, inner: RustType) -> Self {
        Self::path("", outer, vec![inner])
    }

    /// `Option<self>`.
    pub fn optional(self) -> Self {
        Self::wrap("Option", self)
    }

    /// The tokens, with `life` (`'a`, or nothing) on every borrow.
    pub fn tokens_with(&self, life: &TokenStream) -> TokenStream {
        match self {
            RustType::Path { module, name, args } => {
                let segments = module.split("::").filter(|s| !s.is_empty()).chain([name.as_str()]).map(ident);
                let args = args.iter().map(|a| a.tokens_with(life));
                let generics = if self.has_args() { quote!(<#(#args),*>) } else { TokenStream::new() };
                quote!(#(#segments)::* #generics)
            }
            RustType::Tuple(items) => {
                let items = items.iter().map(|i| i.tokens_with(life));
                quote!((#(#items,)*))
            }
            RustType::Str => quote!(&#life str),
            RustType::Ref(t) => {
                let t = t.tokens_with(life);
                quote!(&#life #t)
            }
            RustType::Slice(t) => {
                let t = t.tokens_with(life);
                quote!(&#life [#t])
            }
            RustType::ImplInto(t) => {
                let t = t.tokens_with(life);
                quote!(impl Into<#t>)
            }
        }
    }

    fn has_args(&self) -> bool {
        matches!(self, RustType::Path { args, .. } if !args.is_empty())
    }

    /// The full path as code without spaces (`Vec<types::Country>`), for generated test source.
    pub fn code(&self) -> String {
        self.to_token_stream().to_string().replace(' ', "")
    }
}

impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.tokens_with(&TokenStream::new()));
    }
}

/// By last segment, as people read it: `DateTime<Utc>`, `BTreeMap<String, Team>`. Only
/// `serde_json::` stays, since `Value` and `Map` alone say nothing.
impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[RustType]| items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        match self {
            RustType::Path { module, name, args } => {
                if *module == "serde_json" {
                    f.write_str("serde_json::")?;
                }
                f.write_str(name)?;
                if !args.is_empty() {
                    write!(f, "<{}>", list(args))?;
                }
                Ok(())
            }
            RustType::Tuple(items) if items.is_empty() => f.write_str("()"),
            RustType::Tuple(items) => write!(f, "({},)", list(items)),
            RustType::Str => f.write_str("&str"),
            RustType::Ref(t) => write!(f, "&{t}"),
            RustType::Slice(t) => write!(f, "&[{t}]"),
            RustType::ImplInto(t) => write!(f, "impl Into<{t}>"),
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Where a type is written from: inside `types`, or from the module above it (the client and
/// the builders), where named types are `types::Name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside the `types` module.
    Types,
    /// The API module and its `builder` module.
    Client,
}

/// Renders the IR's types of one API from one scope, optionally naming types through a map of
/// renames (the diff reads the old API's types by their new names, so a rename shows once).
#[derive(Clone, Copy)]
pub struct Renderer<'a> {
    api: &'a Api,
    scope: Scope,
    renames: Option<&'a HashMap<String, String>>,
}

impl<'a> Renderer<'a> {
    /// Types as written from `scope`.
    pub fn new(api: &'a Api, scope: Scope) -> Self {
        Renderer { api, scope, renames: None }
    }

    /// Types named through `renames` (old name → new one).
    pub fn renaming(api: &'a Api, renames: &'a HashMap<String, String>) -> Self {
        Renderer { api, scope: Scope::Types, renames: Some(renames) }
    }

    /// A type of the `types` module by name.
    pub fn named(&self, name: &str) -> RustType {
        let name = self.renames.and_then(|r| r.get(name)).map_or(name, String::as_str);
        let module = match self.scope {
            Scope::Types => "",
            Scope::Client => "types",
        };
        RustType::path(module, name, Vec::new())
    }

    /// A type of the `types` module by id.
    pub fn type_name(&self, id: TypeId) -> RustType {
        self.named(self.api.types.get(id).map_or("?", |t| t.name.as_str()))
    }

    /// The Rust type of a type reference.
    pub fn ty(&self, t: &TypeRef) -> RustType {
        match t {
            TypeRef::Named(id) => self.type_name(*id),
            // JSON cannot carry raw bytes; `format: binary` inside JSON is a string.
            TypeRef::String | TypeRef::Bytes => RustType::plain("String"),
            TypeRef::Secret => RustType::path(RUNTIME, "Secret", Vec::new()),
            TypeRef::Bool => RustType::plain("bool"),
            TypeRef::Int(k) => RustType::plain(match k {
                IntKind::I32 => "i32",
                IntKind::I64 => "i64",
                IntKind::U32 => "u32",
                IntKind::U64 => "u64",
            }),
            TypeRef::Float(32) => RustType::plain("f32"),
            TypeRef::Float(_) => RustType::plain("f64"),
            TypeRef::DateTime => RustType::path("chrono", "DateTime", vec![RustType::path("chrono", "Utc", Vec::new())]),
            TypeRef::Date => RustType::path("chrono", "NaiveDate", Vec::new()),
            TypeRef::Uuid => RustType::path("uuid", "Uuid", Vec::new()),
            TypeRef::Json => json_value(),
            TypeRef::Array(inner) => RustType::wrap("Vec", self.ty(inner)),
            TypeRef::Map(inner) => self.map(inner),
            TypeRef::Nullable(inner) => self.ty(inner).optional(),
            TypeRef::Tuple(items) => RustType::Tuple(items.iter().map(|i| self.ty(i)).collect()),
        }
    }

    /// A map from names to `values`: a JSON object when they are any JSON.
    pub fn map(&self, values: &TypeRef) -> RustType {
        let key = RustType::plain("String");
        match values {
            TypeRef::Json => RustType::path("serde_json", "Map", vec![key, json_value()]),
            other => RustType::path("std::collections", "BTreeMap", vec![key, self.ty(other)]),
        }
    }

    /// `Box<T>` for a boxed field or variant, else `T`.
    pub fn boxed(&self, t: &TypeRef, boxed: bool) -> RustType {
        let t = self.ty(t);
        if boxed {
            RustType::wrap("Box", t)
        } else {
            t
        }
    }

    /// The type of a multipart part (without the `Option` of an optional one).
    pub fn part(&self, kind: &MultipartKind) -> RustType {
        match kind {
            MultipartKind::File => file_part(),
            MultipartKind::Files => RustType::wrap("Vec", file_part()),
            MultipartKind::Value(t) => self.ty(t),
        }
    }

    /// The type of a response body.
    pub fn payload(&self, p: &Payload) -> RustType {
        match p {
            Payload::Json(t) => self.ty(t),
            Payload::Text => RustType::plain("String"),
            Payload::Binary => bytes(),
            Payload::EventStream(t) => RustType::path(RUNTIME, "EventStream", vec![self.ty(t)]),
            Payload::ByMediaType(name, _) => self.named(name),
        }
    }

    /// The type a caller sees for one arm's body (the extracted envelope field, if any).
    pub fn arm(&self, a: &Arm) -> Option<RustType> {
        if let Some(e) = &a.extract {
            let t = self.ty(&e.ty);
            return Some(if e.optional { t.optional() } else { t });
        }
        a.payload.as_ref().map(|p| self.payload(p))
    }

    /// The type a call returns for an outcome (`Ok` or the `ApiError` body).
    pub fn outcome(&self, o: &Outcome) -> RustType {
        let unit = RustType::Tuple(Vec::new());
        match &o.shape {
            OutcomeShape::Nothing => RustType::path("std::convert", "Infallible", Vec::new()),
            OutcomeShape::Single(None) => unit,
            OutcomeShape::Single(Some(_)) => o.arms.first().and_then(|a| self.arm(a)).unwrap_or(unit),
            OutcomeShape::Enum(name) => self.named(name),
        }
    }

    /// How a caller hands a value over: the argument or setter type.
    pub fn pass(&self, pass: &Pass) -> RustType {
        match pass {
            Pass::Str => RustType::Str,
            Pass::Value(t) => self.ty(t),
            // `Option<&T>`, not `&Option<T>`: the caller lends the value, not an `Option`.
            Pass::Ref(TypeRef::Nullable(t)) => RustType::Ref(Box::new(self.ty(t))).optional(),
            Pass::Ref(t) => RustType::Ref(Box::new(self.ty(t))),
            Pass::Slice(t) => RustType::Slice(Box::new(self.ty(t))),
            Pass::Into(t) => RustType::ImplInto(Box::new(self.ty(t))),
            Pass::IntoBytes => RustType::ImplInto(Box::new(bytes())),
            Pass::IntoString => RustType::ImplInto(Box::new(RustType::plain("String"))),
        }
    }

    /// What a builder keeps of an `impl Into<…>` input once converted; `None` for the others.
    pub fn converted(&self, pass: &Pass) -> Option<RustType> {
        match pass {
            Pass::IntoBytes => Some(bytes()),
            Pass::IntoString => Some(RustType::plain("String")),
            Pass::Into(t) => Some(self.ty(t)),
            _ => None,
        }
    }
}

fn json_value() -> RustType {
    RustType::path("serde_json", "Value", Vec::new())
}

fn bytes() -> RustType {
    RustType::path(RUNTIME, "Bytes", Vec::new())
}

fn file_part() -> RustType {
    RustType::path(RUNTIME, "FilePart", Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Team: {type: object, properties: {name: {type: string}}}\n";
        crate::analyze("t.yaml", spec).expect("lowers").0
    }

    fn team(api: &Api) -> TypeRef {
        TypeRef::Named(api.types.iter().position(|t| t.name == "Team").expect("Team"))
    }

    #[test]
    fn code_is_written_with_full_paths_and_people_read_last_segments() {
        let api = api();
        let t = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::DateTime))))));
        let client = Renderer::new(&api, Scope::Client).ty(&t);
        assert_eq!(client.code(), "std::collections::BTreeMap<String,Vec<Option<chrono::DateTime<chrono::Utc>>>>");
        assert_eq!(client.to_string(), "BTreeMap<String, Vec<Option<DateTime<Utc>>>>");
        assert_eq!(Renderer::new(&api, Scope::Client).ty(&TypeRef::Json).to_string(), "serde_json::Value");
    }

    #[test]
    fn named_types_follow_the_scope_and_the_renames() {
        let api = api();
        let list = TypeRef::Array(Box::new(team(&api)));
        assert_eq!(Renderer::new(&api, Scope::Client).ty(&list).code(), "Vec<types::Team>");
        assert_eq!(Renderer::new(&api, Scope::Types).ty(&list).code(), "Vec<Team>");
        let renames = HashMap::from([("Team".to_owned(), "Squad".to_owned())]);
        assert_eq!(Renderer::renaming(&api, &renames).ty(&list).to_string(), "Vec<Squad>");
    }

    #[test]
    fn borrows_take_the_lifetime_they_are_given() {
        let api = api();
        let r = Renderer::new(&api, Scope::Client);
        let slice = r.pass(&Pass::Slice(team(&api)));
        let life = quote!('a);
        assert_eq!(slice.tokens_with(&life).to_string().replace(' ', ""), "&'a[types::Team]");
        assert_eq!(slice.to_string(), "&[Team]");
        assert_eq!(r.pass(&Pass::IntoBytes).to_string(), "impl Into<Bytes>");
        assert_eq!(r.pass(&Pass::Str).tokens_with(&life).to_string().replace(' ', ""), "&'astr");
        // A nullable value is lent as `Option<&T>`.
        let nullable = r.pass(&Pass::Ref(TypeRef::Nullable(Box::new(team(&api)))));
        assert_eq!(nullable.tokens_with(&life).to_string().replace(' ', ""), "Option<&'atypes::Team>");
        assert_eq!(r.pass(&Pass::Into(TypeRef::Nullable(Box::new(team(&api))))).to_string(), "impl Into<Option<Team>>");
    }

    #[test]
    fn tuples_and_unit_read_as_rust() {
        let api = api();
        let r = Renderer::new(&api, Scope::Types);
        assert_eq!(r.ty(&TypeRef::Tuple(vec![TypeRef::Bool, TypeRef::String])).to_string(), "(bool, String,)");
        assert_eq!(RustType::Tuple(Vec::new()).to_string(), "()");
        assert_eq!(RustType::Tuple(Vec::new()).code(), "()");
    }
}
