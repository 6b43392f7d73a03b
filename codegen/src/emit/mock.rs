//! The `mock` module (cargo feature `mock`): a typed layer over the runtime's mock server. Per
//! operation: an `<Op>When` with a setter per parameter (in the client's types), an `<Op>Then`
//! with a method per documented response, the operation's spec as data (an `Op` static), and
//! the `MockServer` method that stubs it. Everything generic lives in `runtime::mock`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::builder::arg_type;
use super::mock_answers::{answers, required_headers};
use super::{ident, rust_type, Scope};
use crate::ir::*;
use crate::surface::{self, Pass, Source};

/// The `pub mod mock { … }` around already emitted items.
pub(super) fn mock_block(items: TokenStream) -> TokenStream {
    quote! {
        /// Typed mock servers for tests (cargo feature `mock`): stub operations in their own types,
        /// serve the spec's examples, and refuse (with a `400`, recorded for
        /// [`verify`](crate::runtime::mock::MockCore::verify)) every request the spec forbids.
        #[cfg(feature = "mock")]
        pub mod mock {
            #[allow(unused_imports)]
            use super::types;
            #items
        }
    }
}

/// The mock part of a module's usage docs (a doctest that compiles with the `mock` feature):
/// a server answering the spec's examples, a client for it, `call` (a client call written
/// against `client`, if any) and `verify`.
pub fn mock_doc(path: &str, call: Option<&str>) -> String {
    let mut out = String::from("\nIn tests, with the `mock` cargo feature: an in-process server that knows the spec (see the \
`mock` module).\n\n```no_run\n");
    out.push_str("# #[cfg(feature = \"mock\")]\n# async fn mock_example() {\n");
    out.push_str(&format!("use {path}::mock::MockServer;\n\n"));
    out.push_str("let server = MockServer::start().await;\n");
    out.push_str("// Every operation answers its first documented example; stubs (`server.<operation>(|when, then| …)`) come first.\n");
    out.push_str("server.serve_examples().await;\n");
    out.push_str("let client = server.client();\n");
    if let Some(call) = call {
        out.push_str(&format!("let _ = {call}.await;\n"));
    } else {
        out.push_str("# let _ = client;\n");
    }
    out.push_str("// Panics listing every request the spec does not allow.\nserver.verify().await;\n# }\n```\n");
    out
}

/// The `MockServer` type: start, the client, and the list of operations.
pub(super) fn mock_fixed(api: &Api) -> TokenStream {
    let ops = api.operations.iter().map(|op| {
        let name = static_name(op);
        let cfg = op.group.map(|g| {
            let f = &api.groups[g].feature;
            quote!(#[cfg(feature = #f)])
        });
        quote!(#cfg ops.push(&#name.spec);)
    });
    let credentials = api.security_schemes.iter().map(|s| {
        let with = format_ident!("with_{}", s.name);
        let value = if s.placement == Placement::Basic { "mock-user:mock-password" } else { "mock-credential" };
        quote!(.#with(#value))
    });
    quote! {
        /// An in-process mock of the API (see the module docs). It derefs to
        /// [`MockCore`](crate::runtime::mock::MockCore): `url`, `serve_examples`, `verify`,
        /// `received`.
        #[derive(Debug)]
        pub struct MockServer(crate::runtime::mock::MockCore);

        impl std::ops::Deref for MockServer {
            type Target = crate::runtime::mock::MockCore;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl MockServer {
            /// Starts a server on a free local port. Until stubbed (or
            /// [`serve_examples`](crate::runtime::mock::MockCore::serve_examples)), a valid
            /// request gets a `404`.
            pub async fn start() -> Self {
                #[allow(unused_mut)]
                let mut ops: Vec<&'static crate::runtime::mock::OpSpec> = Vec::new();
                #(#ops)*
                Self(crate::runtime::mock::MockCore::start(ops).await)
            }

            /// A [`Client`](super::Client) for this server, with a dummy credential for every
            /// security scheme.
            pub fn client(&self) -> super::Client {
                super::Client::new(&self.0.url()).expect("a client for a local URL builds")
                    #(#credentials)*
            }
        }
    }
}

/// The mock items of one operation.
pub(super) fn mock_operation(api: &Api, op: &Operation) -> TokenStream {
    let s = surface::operation(op);
    let method = mock_method(&s.method);
    let when = format_ident!("{}When", s.builder);
    let then = format_ident!("{}Then", s.builder);
    let stat = static_name(op);
    let spec = op_spec(api, op);
    let body_type = match &op.body {
        Some(b) if b.kind == BodyKind::Json => rust_type(api, &b.ty, Scope::Client),
        _ => quote!(serde_json::Value),
    };
    let setters = s.args.iter().chain(&s.setters).filter_map(|input| when_setter(api, op, &input.pass, &input.name, input.source));
    let answers = answers(api, op);
    let required = required_headers(api, op);
    let when_doc = format!(" What a request of [`Client::{0}`](super::Client::{0}) must have; only what is set is matched.", s.method);
    let then_doc = format!(" What the stub of [`Client::{0}`](super::Client::{0}) answers: one method per documented response.", s.method);
    let method_doc = format!(
        " Stubs [`Client::{0}`](super::Client::{0}) (`{1} {2}`): set what a request must have on the first argument, the answer on the second; `.await` mounts it.",
        s.method, op.http_method, op.path
    );
    let static_doc = format!(" `{}`, for [`received`](crate::runtime::mock::MockCore::received).", op.operation_id);
    quote! {
        #[doc = #when_doc]
        #[derive(Debug)]
        pub struct #when(crate::runtime::mock::When);

        impl #when {
            #(#setters)*
        }

        #[doc = #then_doc]
        /// The wrapped `Then` takes anything the spec leaves out (headers, say).
        #[derive(Debug)]
        pub struct #then(pub crate::runtime::mock::Then);

        impl #then {
            #(#answers)*
        }

        #[doc = #static_doc]
        pub static #stat: crate::runtime::mock::Op<#body_type> = crate::runtime::mock::Op::new(#spec);

        impl MockServer {
            #[doc = #method_doc]
            pub fn #method(&self, stub: impl FnOnce(&mut #when, &mut #then)) -> crate::runtime::mock::Stub<'_> {
                let (mut when, mut then) = (#when(self.0.when()), #then(self.0.then()));
                stub(&mut when, &mut then);
                #required
                self.0.stub(&#stat, when.0, then.0)
            }
        }
    }
}

/// Methods `MockServer` has (or reaches through `Deref`) that an operation must not shadow.
const SERVER_METHODS: &[&str] =
    &["start", "client", "url", "wiremock", "serve_examples", "verify", "received", "when", "then", "stub", "deref"];

/// The stub method of an operation: the client's method name, unless `MockServer` has it
/// (then `<name>_operation`).
fn mock_method(client_method: &str) -> proc_macro2::Ident {
    if SERVER_METHODS.contains(&client_method) {
        format_ident!("{}_operation", client_method)
    } else {
        ident(client_method)
    }
}

fn static_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.method_name.trim_start_matches("r#").to_uppercase())
}

/// One `When` setter: the client's argument (or setter) type, matched as the client writes it.
fn when_setter(api: &Api, op: &Operation, pass: &Pass, name: &str, source: Source) -> Option<TokenStream> {
    let n = ident(name);
    let (arg, value) = match pass {
        Pass::Into(t) => {
            let t = rust_type(api, t, Scope::Client);
            (quote!(impl Into<#t>), quote!(&Into::<#t>::into(value)))
        }
        p => (arg_type(api, p, false), quote!(&value)),
    };
    let call = match source {
        Source::Body => {
            let b = op.body.as_ref().filter(|b| b.kind == BodyKind::Json)?;
            let t = rust_type(api, &b.ty, Scope::Client);
            return Some(quote! {
                /// The JSON body must equal `value`.
                pub fn body(&mut self, value: &#t) -> &mut Self {
                    self.0.body(value);
                    self
                }
            });
        }
        Source::Param(i) => {
            let p = &op.params[i];
            let wire = &p.wire;
            match p.location {
                ParamLocation::Path => quote!(self.0.path(#wire, #value)),
                ParamLocation::Query => {
                    let style = super::request::query_style(p.style);
                    quote!(self.0.query(#wire, #value, #style))
                }
                ParamLocation::Header => quote!(self.0.header(#wire, #value)),
                ParamLocation::Cookie => quote!(self.0.cookie(#wire, #value)),
            }
        }
    };
    let text = format!(" `{}` must be `value`.", op.params.iter().find(|p| p.name == name).map_or(name, |p| p.wire.as_str()));
    Some(quote! {
        #[doc = #text]
        pub fn #n(&mut self, value: #arg) -> &mut Self {
            #call;
            self
        }
    })
}

/// The `OpSpec` literal of an operation.
fn op_spec(api: &Api, op: &Operation) -> TokenStream {
    let (id, method, path) = (&op.operation_id, &op.http_method, &op.path);
    let params = op.params.iter().map(|p| {
        let wire = &p.wire;
        let loc = match p.location {
            ParamLocation::Path => quote!(Path),
            ParamLocation::Query => quote!(Query),
            ParamLocation::Header => quote!(Header),
            ParamLocation::Cookie => quote!(Cookie),
        };
        let required = p.required || p.location == ParamLocation::Path;
        let (list, item) = match strip(api, &p.ty) {
            TypeRef::Array(item) => (true, strip(api, item)),
            t => (false, t),
        };
        let kind = kind(api, item);
        let sep = match (p.location, p.style) {
            (ParamLocation::Query, QueryStyle::Form(true) | QueryStyle::DeepObject) => quote!(None),
            (ParamLocation::Query, QueryStyle::Space) => quote!(Some(' ')),
            (ParamLocation::Query, QueryStyle::Pipe) => quote!(Some('|')),
            _ => quote!(Some(',')),
        };
        quote!(crate::runtime::mock::ParamSpec { wire: #wire, loc: crate::runtime::mock::Loc::#loc, required: #required, kind: crate::runtime::mock::Kind::#kind, list: #list, sep: #sep })
    });
    let body = match &op.body {
        None => quote!(None),
        Some(b) => {
            let required = b.required;
            let check = match b.kind {
                BodyKind::Json => {
                    let t = rust_type(api, &b.ty, Scope::Client);
                    quote!(Some(crate::runtime::mock::check_json::<#t>))
                }
                _ => quote!(None),
            };
            quote!(Some(crate::runtime::mock::BodySpec { required: #required, check: #check }))
        }
    };
    let example = match &op.example {
        None => quote!(None),
        Some(e) => {
            let (status, media, text) = (Literal::u16_unsuffixed(e.status), &e.media_type, &e.body);
            quote!(Some(crate::runtime::mock::ExampleSpec { status: #status, media_type: #media, body: #text }))
        }
    };
    let credentials = op.required_credentials.iter().map(|set| {
        let each = set.iter().filter_map(|&i| api.security_schemes.get(i)).map(credential_spec);
        quote!(&[#(#each),*])
    });
    quote! {
        crate::runtime::mock::OpSpec {
            id: #id, method: #method, path: #path, params: &[#(#params),*], credentials: &[#(#credentials),*], body: #body, example: #example
        }
    }
}

/// The `CredentialSpec` literal of a security scheme: where a request carries its credential.
fn credential_spec(scheme: &SecurityScheme) -> TokenStream {
    let (loc, name) = match &scheme.placement {
        Placement::Header(name) => (quote!(Header), name.as_str()),
        Placement::Query(name) => (quote!(Query), name.as_str()),
        Placement::Cookie(name) => (quote!(Cookie), name.as_str()),
        Placement::Bearer | Placement::Basic => (quote!(Header), "Authorization"),
    };
    let key = &scheme.key;
    quote!(crate::runtime::mock::CredentialSpec { scheme: #key, loc: crate::runtime::mock::Loc::#loc, name: #name })
}

/// A type through aliases and nullability.
pub(super) fn strip<'a>(api: &'a Api, mut t: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..=api.types.len() {
        t = match t {
            TypeRef::Nullable(inner) => inner,
            TypeRef::Named(id) => match &api.types[*id].kind {
                TypeKind::Alias(next) => next,
                _ => return t,
            },
            _ => return t,
        };
    }
    t
}

fn kind(api: &Api, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Bool => quote!(Bool),
        TypeRef::Int(_) => quote!(Int),
        TypeRef::Float(_) => quote!(Number),
        TypeRef::Uuid => quote!(Uuid),
        TypeRef::Date => quote!(Date),
        TypeRef::DateTime => quote!(DateTime),
        TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::IntEnum(_)) => quote!(Int),
        _ => quote!(Any),
    }
}

#[cfg(test)]
mod tests {
    fn generate(spec: &str) -> String {
        crate::generate("spec.yaml", spec).expect("generates").source
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /verify/{id}:
    get:
      operationId: verify
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: string}, example: "yes"}}}
        "404": {description: missing}
        4XX: {description: bad, content: {application/json: {schema: {type: object}}}}
        5XX: {description: bad, content: {application/json: {schema: {type: object}}}}
"#;

    #[test]
    fn an_operation_named_like_a_server_method_is_renamed() {
        let source = generate(SPEC);
        let mock = &source[source.find("pub mod mock {").expect("a mock module")..];
        assert!(mock.contains("pub fn verify_operation("), "{mock}");
        assert!(!mock.contains("pub fn verify("));
    }

    #[test]
    fn answers_are_named_after_statuses_and_ranges_with_one_body_share_status() {
        let source = generate(SPEC);
        for method in ["pub fn ok(&mut self, body: &String)", "pub fn not_found(&mut self)", "pub fn status(\n"] {
            assert!(source.contains(method), "{method} in {source}");
        }
        assert!(!source.contains("status_4xx"));
        assert!(source.contains("kind: crate::runtime::mock::Kind::Int"));
        assert!(source.contains(r#"body: "\"yes\"""#), "the example is served as JSON text");
    }
}
