//! Stage 1, read — the resolved document model: one reading of an OpenAPI 3.0.x, 3.1.x or 3.2.x
//! document that every later stage (the lowering to the IR, both levels of the diff, the example
//! tests) reads, and nothing rawer.
//!
//! What "resolved" means here:
//! - every `$ref` is looked up once, by one decoder ([`crate::pointer::ref_pointer`]:
//!   percent-decoding, then `~1`/`~0`), with cycles found. Parameters, responses, headers,
//!   request bodies, examples, security schemes and path items (3.1 `components.pathItems`) are
//!   inlined, each keeping the pointer of its definition. Schema refs stay refs, since a
//!   referenced schema becomes a named Rust type; every schema a ref reaches (components,
//!   `$defs`, or any other local pointer) is in [`Document::schemas`].
//! - path-level parameters are merged into each operation; the path is one [`PathTemplate`].
//! - 3.0 and 3.1 idioms have one form: `nullable`, `type: [T, "null"]` and
//!   `anyOf: [T, {type: "null"}]` are all [`Schema::nullable`]; `example` and `examples` are
//!   lists; boolean and numeric `exclusiveMinimum`/`exclusiveMaximum` are a [`Bound`];
//!   `contentMediaType`/`contentEncoding` on strings become the `binary`/`byte` formats.
//! - keywords that do not shape a Rust type (`if`, `dependentRequired`, `contains`, …) are kept
//!   in [`Schema::unmapped`] for the diff.
//! - every node has its JSON pointer, so diagnostics keep file:line:col.
//!
//! Why this is read straight from `serde_json` values and not through `openapiv3`: `openapiv3`
//! reads 3.0 only (3.1's type arrays, `const`, `$defs`, numeric exclusive bounds and boolean
//! schemas do not fit its types), it refuses documents that a review tool must still read (an
//! operation without `responses`), and its untagged enums backtrack exponentially on deep
//! invalid schemas (the hang of `codegen/tests/regressions/timeout-untagged-backtracking.json`, which
//! now ends at once with the pointer of the bad node). The 3.1 crates compared (`oas3` 0.22:
//! 3.1 only, no `$defs`; `openapiv3_1` 0.1: unstable) would each cover one version. One
//! hand-written reader over JSON values covers all three versions, is linear in the document,
//! and reports every problem with the pointer of the node at fault instead of the first serde
//! error.

mod path_template;
mod read;
mod schema;

pub use path_template::{PathSegment, PathTemplate};
pub use read::read;
pub use crate::status::StatusKey;

use indexmap::IndexMap;
use serde_json::Value;

/// The OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecVersion {
    /// 3.0.x.
    V3_0,
    /// 3.1.x.
    V3_1,
    /// 3.2.x.
    V3_2,
}

/// A whole document, resolved.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The declared version.
    pub version: Option<SpecVersion>,
    /// `info`.
    pub info: Info,
    /// `servers`.
    pub servers: Vec<Server>,
    /// Every operation under `paths`, in document order (methods in the order of
    /// [`STANDARD_METHODS`], then 3.2's `additionalOperations`).
    pub operations: Vec<Operation>,
    /// `webhooks` (3.1): operations the API calls on the user's server.
    pub webhooks: Vec<Operation>,
    /// Every schema a `$ref` can name, by the decoded JSON pointer of its definition:
    /// `components.schemas` first, in document order, then any other target refs reach.
    pub schemas: IndexMap<String, NamedSchema>,
    /// `components.securitySchemes`, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Top-level `security`.
    pub security: Option<Vec<SecurityRequirement>>,
    /// Top-level `x-` extensions.
    pub extensions: IndexMap<String, Value>,
}

/// The methods a path item holds directly, in the order operations are listed.
pub const STANDARD_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// `info`.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// `title`.
    pub title: String,
    /// `version`.
    pub version: String,
    /// `description`.
    pub description: Option<String>,
}

/// One server.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL template.
    pub url: String,
    /// Variables and their defaults.
    pub variables: IndexMap<String, String>,
}

/// A schema a ref can name.
#[derive(Debug, Clone)]
pub struct NamedSchema {
    /// The name: a `components.schemas` key, else the last token of the pointer.
    pub name: String,
    /// Whether it is a `components.schemas` entry.
    pub component: bool,
    /// The schema.
    pub schema: SchemaOrRef,
}

/// A schema written in place, or a reference to one.
#[derive(Debug, Clone)]
pub enum SchemaOrRef {
    /// `$ref` (with only annotations beside it).
    Ref(SchemaRef),
    /// A schema.
    Inline(Box<Schema>),
}

/// A schema `$ref`.
#[derive(Debug, Clone)]
pub struct SchemaRef {
    /// The decoded JSON pointer of the target (a key of [`Document::schemas`]).
    pub target: String,
    /// The ref as written.
    pub text: String,
    /// Where the `$ref` is.
    pub pointer: String,
    /// A sibling `description` (3.1), which overrides the target's.
    pub description: Option<String>,
    /// Sibling `readOnly`/`writeOnly`/`deprecated` (3.1).
    pub read_only: bool,
    /// See `read_only`.
    pub write_only: bool,
    /// See `read_only`.
    pub deprecated: bool,
    /// A sibling `x-rust-name`: the name of the union variant this member becomes.
    pub rust_name: Option<String>,
}

/// JSON Schema types, `null` aside (see [`Schema::nullable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`.
    Object,
    /// `null`, only when it is the sole type.
    Null,
}

impl Type {
    /// The keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Boolean => "boolean",
            Type::Array => "array",
            Type::Object => "object",
            Type::Null => "null",
        }
    }
}

/// A numeric bound, exclusive or not (3.0's boolean and 3.1's numeric forms alike).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit (an `f64`: integers beyond 64 bits survive as numbers).
    pub value: f64,
    /// `exclusiveMinimum`/`exclusiveMaximum`.
    pub exclusive: bool,
}

/// `additionalProperties`.
#[derive(Debug, Clone)]
pub enum Additional {
    /// `true` or `false`.
    Bool(bool),
    /// A schema.
    Schema(SchemaOrRef),
}

/// `discriminator`.
#[derive(Debug, Clone)]
pub struct Discriminator {
    /// `propertyName`.
    pub property_name: String,
    /// `mapping`: tag value → the ref as written.
    pub mapping: IndexMap<String, String>,
}

/// One example value.
#[derive(Debug, Clone)]
pub struct Example {
    /// The key in `examples`, or `example`.
    pub name: String,
    /// Where the value is.
    pub pointer: String,
    /// The value.
    pub value: Value,
}

/// One schema, normalised.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Where it is.
    pub pointer: String,
    /// The types it allows, `null` aside; empty for any.
    pub types: Vec<Type>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// `format` (or the one `contentMediaType`/`contentEncoding` imply).
    pub format: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `enum`, without the `null` that nullability adds.
    pub enumeration: Vec<Value>,
    /// `const`.
    pub constant: Option<Value>,
    /// `default`.
    pub default: Option<Value>,
    /// `example` and `examples`.
    pub examples: Vec<Example>,
    /// `properties`.
    pub properties: IndexMap<String, SchemaOrRef>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional_properties: Option<Additional>,
    /// `patternProperties`.
    pub pattern_properties: IndexMap<String, SchemaOrRef>,
    /// `items`.
    pub items: Option<SchemaOrRef>,
    /// `prefixItems` (and 3.0-era array-valued `items`).
    pub prefix_items: Vec<SchemaOrRef>,
    /// `allOf`.
    pub all_of: Vec<SchemaOrRef>,
    /// `oneOf`.
    pub one_of: Vec<SchemaOrRef>,
    /// `anyOf`.
    pub any_of: Vec<SchemaOrRef>,
    /// `not` (a `false` schema is `not: {}`).
    pub not: Option<SchemaOrRef>,
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
    /// `minimum`/`exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maximum`/`exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `contentMediaType` (3.1).
    pub content_media_type: Option<String>,
    /// `contentEncoding` (3.1).
    pub content_encoding: Option<String>,
    /// Keywords that constrain values but shape no Rust type (`if`, `dependentRequired`, …), as
    /// written.
    pub unmapped: IndexMap<String, Value>,
    /// `x-` extensions.
    pub extensions: IndexMap<String, Value>,
}

impl Schema {
    /// No `type`, properties, items, `enum`, `const` or additional/pattern properties: what
    /// shape the schema has comes from its `allOf`/`oneOf`/`anyOf`, if from anything.
    pub fn has_no_own_shape(&self) -> bool {
        self.types.is_empty()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.prefix_items.is_empty()
            && self.enumeration.is_empty()
            && self.constant.is_none()
            && self.additional_properties.is_none()
            && self.pattern_properties.is_empty()
    }

    /// No `allOf`, `oneOf` or `anyOf`.
    pub fn has_no_combinators(&self) -> bool {
        self.all_of.is_empty() && self.one_of.is_empty() && self.any_of.is_empty()
    }

    /// The one type, when exactly one is allowed.
    pub fn single_type(&self) -> Option<Type> {
        match self.types.as_slice() {
            [t] => Some(*t),
            _ => None,
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamIn {
    /// In the path.
    Path,
    /// In the query string (3.2's `querystring` too).
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

impl ParamIn {
    /// The `in` keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

/// A parameter after `$ref`s and path-level inheritance.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// `name`.
    pub name: String,
    /// `in`.
    pub location: ParamIn,
    /// `required` (always true in the path).
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `schema`.
    pub schema: Option<SchemaOrRef>,
    /// `content` (the first media type), for parameters described that way.
    pub content: Option<(String, MediaType)>,
    /// `style`, when given.
    pub style: Option<String>,
    /// `explode`, when given.
    pub explode: Option<bool>,
    /// `example`/`examples`.
    pub examples: Vec<Example>,
    /// Where it is defined (a `components.parameters` entry for a ref).
    pub pointer: String,
    /// `x-` extensions.
    pub extensions: IndexMap<String, Value>,
}

/// A media type entry of `content`.
#[derive(Debug, Clone, Default)]
pub struct MediaType {
    /// Where it is.
    pub pointer: String,
    /// `schema`.
    pub schema: Option<SchemaOrRef>,
    /// `itemSchema` (3.2): the schema of each item of a sequential media type (event streams,
    /// JSON Lines).
    pub item_schema: Option<SchemaOrRef>,
    /// `example`/`examples`, refs to `components.examples` followed.
    pub examples: Vec<Example>,
    /// `encoding`: property → `contentType`.
    pub encoding: IndexMap<String, Option<String>>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Where it is defined.
    pub pointer: String,
    /// `description`.
    pub description: Option<String>,
    /// `content`.
    pub content: IndexMap<String, MediaType>,
    /// `required`.
    pub required: bool,
}

/// One response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its status key.
    pub status: StatusKey,
    /// The key as written (`2xx` and `2XX` both read as [`StatusKey::Range`]).
    pub key: String,
    /// Where it is defined.
    pub pointer: String,
    /// `description`.
    pub description: String,
    /// `content`.
    pub content: IndexMap<String, MediaType>,
    /// `headers`.
    pub headers: IndexMap<String, Header>,
}

/// A response header.
#[derive(Debug, Clone)]
pub struct Header {
    /// Where it is defined.
    pub pointer: String,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `description`.
    pub description: Option<String>,
    /// `schema` (or the schema of its first `content` entry).
    pub schema: Option<SchemaOrRef>,
}

/// A security requirement: scheme key → scopes.
pub type SecurityRequirement = IndexMap<String, Vec<String>>;

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method, lower case (`get`, 3.2's `query`, or an `additionalOperations` key as written).
    pub method: String,
    /// The path template.
    pub path: PathTemplate,
    /// Where it is defined.
    pub pointer: String,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `tags`.
    pub tags: Vec<String>,
    /// Path-level parameters, then the operation's (which replace a path-level one of the same
    /// name and location).
    pub parameters: Vec<Parameter>,
    /// `requestBody`.
    pub request_body: Option<RequestBody>,
    /// `responses`, in document order.
    pub responses: Vec<Response>,
    /// `security` (`None` inherits the document's).
    pub security: Option<Vec<SecurityRequirement>>,
    /// `x-` extensions.
    pub extensions: IndexMap<String, Value>,
}

impl Operation {
    /// `GET /pets/{id}`: the method in capitals and the path as written, as the diff names it.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path.raw)
    }

    /// Whether some response has a 2xx key (else `default` is the success).
    pub fn documents_2xx(&self) -> bool {
        self.responses.iter().any(|r| r.status.is_success())
    }
}

/// One security scheme.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// Where it is defined.
    pub pointer: String,
    /// What it is.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
}

/// Kinds of security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `apiKey`.
    ApiKey {
        /// `in`.
        location: ParamIn,
        /// `name`.
        name: String,
    },
    /// `http` with its `scheme` (lower case).
    Http(String),
    /// `oauth2`.
    OAuth2,
    /// `openIdConnect`.
    OpenIdConnect,
    /// `mutualTLS`.
    MutualTls,
    /// Anything else, as written.
    Other(String),
}

impl Document {
    /// The schema a ref names, following chains of refs; `None` for a dangling ref or a cycle.
    pub fn resolve<'a>(&'a self, s: &'a SchemaOrRef) -> Option<&'a Schema> {
        let mut current = s;
        for _ in 0..64 {
            match current {
                SchemaOrRef::Inline(s) => return Some(s),
                SchemaOrRef::Ref(r) => current = &self.schemas.get(&r.target)?.schema,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
