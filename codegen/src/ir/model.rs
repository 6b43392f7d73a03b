//! The intermediate model: everything the emitter needs, nothing of the document it came from.
//! Names here are already valid, unique Rust identifiers.

pub use crate::status::StatusKey;

/// Index into [`Api::types`].
pub type TypeId = usize;

/// One API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Server URLs with variables replaced by their defaults.
    pub servers: Vec<String>,
    /// Every named type, in a deterministic order (components first, then inline types as met).
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Security schemes, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Groups of operations behind cargo features (`--split tags`); empty when not split.
    pub groups: Vec<OpGroup>,
}

/// Operations of one tag, behind one cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpGroup {
    /// The tag (or `untagged`).
    pub tag: String,
    /// The cargo feature.
    pub feature: String,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Where it comes from in the spec.
    pub pointer: String,
    /// What it is.
    pub kind: TypeKind,
    /// Which way the operations move it (filled in at the end of lowering).
    pub usage: Usage,
    /// The operation groups that use it (indices into [`Api::groups`]); empty: not gated.
    pub groups: Vec<usize>,
}

/// Which way values of a type travel. A type the API only receives needs no `Serialize`, and
/// one it only sends no `Deserialize`: on a big spec, deriving both doubles the crate's
/// compile time for code nobody calls (the `full-serde` feature of a generated crate derives
/// both anyway). A type no operation uses has neither set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// In a parameter or request body.
    pub sent: bool,
    /// In a response.
    pub received: bool,
    /// Only as the envelope around what a caller gets (`x-envelope` with a payload field): the
    /// caller never sees it, so it is hidden from the docs.
    pub wrapper: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct(StructDef),
    /// A string enum; unknown values decode into a catch-all variant.
    StringEnum(Vec<EnumValue<String>>),
    /// An integer enum; unknown values decode into a catch-all variant.
    IntEnum(Vec<EnumValue<i64>>),
    /// oneOf/anyOf.
    Union(UnionDef),
    /// Another name for a type.
    Alias(TypeRef),
    /// A `multipart/form-data` body (not serde: it becomes a form).
    Multipart(Vec<MultipartField>),
}

/// A struct's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Declared properties, in spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties` kept in a flattened map, when the schema allows them explicitly.
    pub additional: Option<TypeRef>,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// The value type (without the `Option` that `required`/`nullable` add).
    pub ty: TypeRef,
    /// In the schema's `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Needs a `Box` (the type contains itself).
    pub boxed: bool,
    /// Doc text.
    pub doc: Option<String>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue<T> {
    /// The variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: T,
}

/// A oneOf/anyOf type.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The alternatives.
    pub variants: Vec<UnionVariant>,
    /// The property that tells them apart, when the spec names one.
    pub discriminator: Option<String>,
    /// With a discriminator: the name of the variant that keeps the raw JSON of a tag no member
    /// has, so a new kind on the server does not break decoding (`Unknown` unless taken).
    pub catch_all: Option<String>,
    /// With a discriminator: the indices of `variants` in the order they are tried when a value
    /// lacks the property (it is optional in JSON Schema terms), stricter members first.
    pub untagged_order: Vec<usize>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The variant name.
    pub name: String,
    /// Its payload.
    pub ty: TypeRef,
    /// Needs a `Box` (the type contains itself).
    pub boxed: bool,
    /// Discriminator values that select it. Members that share a value are tried in order.
    pub tags: Vec<String>,
}

/// One field of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartField {
    /// The Rust name.
    pub name: String,
    /// The part name on the wire.
    pub wire: String,
    /// A file, or a value sent as text.
    pub kind: MultipartKind,
    /// Required by the schema.
    pub required: bool,
    /// The part's `Content-Type` from the spec's `encoding`, if any.
    pub content_type: Option<String>,
    /// Doc text.
    pub doc: Option<String>,
}

/// What a multipart field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum MultipartKind {
    /// A file upload.
    File,
    /// Several files under one name.
    Files,
    /// A value sent as text (JSON for structured values).
    Value(TypeRef),
}

/// A reference to a type, as a field, parameter or body sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// `string`.
    String,
    /// A credential-like string (`format: password`), redacted from `Debug`.
    Secret,
    /// `boolean`.
    Bool,
    /// An integer of the given kind.
    Int(IntKind),
    /// `number`: `f32` for `format: float`, else `f64`.
    Float(u8),
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `format: uuid`.
    Uuid,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    /// `array`.
    Array(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// A nullable value inside a container (fields carry their own optionality).
    Nullable(Box<TypeRef>),
    /// A fixed-length array of differently typed items (`prefixItems`).
    Tuple(Vec<TypeRef>),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    /// `int32`.
    I32,
    /// `int64` or unspecified.
    I64,
    /// `uint32` or `minimum: 0` with `int32`.
    U32,
    /// `uint64`.
    U64,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name.
    pub method_name: String,
    /// The spec's operationId (or the derived one).
    pub operation_id: String,
    /// `GET`, `POST`, …
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// The template split into literal text and parameter references.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `tags`.
    pub tags: Vec<String>,
    /// Where it is in the spec.
    pub pointer: String,
    /// Path parameters in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The name of its request builder (in the module's `builder` module).
    pub builder: String,
    /// The headers its success responses declare, read into a struct in `types`.
    pub response_headers: Option<ResponseHeaders>,
    /// How its list is fetched page by page (`x-pagination`, or detected).
    pub pagination: Option<Pagination>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// What the call returns on success.
    pub success: Outcome,
    /// What the call returns on a documented error.
    pub failure: Outcome,
    /// Security schemes (indices into [`Api::security_schemes`]) whose credentials it sends.
    pub security: Vec<usize>,
    /// The credentials a request must carry, as the spec's `security` alternatives: all the
    /// schemes of one of these sets. Empty when none is needed: no requirement, an empty one
    /// (`{}`, anonymous allowed), or one naming a scheme the client cannot send.
    pub required_credentials: Vec<Vec<usize>>,
    /// Unwrapping of a response envelope.
    pub envelope: Option<Envelope>,
    /// Its group (index into [`Api::groups`]) when the API is split.
    pub group: Option<usize>,
    /// Whether the client may send it again after a transient failure: its method is idempotent
    /// (RFC 9110), unless `x-idempotent: false` says otherwise, or it opts in with
    /// `x-idempotent: true` (e.g. a `POST` with an idempotency key).
    pub idempotent: bool,
    /// Its first documented success example (what a mock serves when nothing else is set).
    pub example: Option<ResponseExample>,
}

/// A documented response example, as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseExample {
    /// The status (a code, or the first of a range: `2XX` → 200).
    pub status: u16,
    /// The media type.
    pub media_type: String,
    /// The body: JSON text, or the text of a non-JSON example.
    pub body: String,
}

/// The declared headers of an operation's success responses.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// The struct's name in `types`.
    pub name: String,
    /// The headers, in the order first declared.
    pub headers: Vec<ResponseHeader>,
}

/// One declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The Rust field name.
    pub name: String,
    /// The header name on the wire.
    pub wire: String,
    /// Its schema's type (scalars; anything else is kept as text).
    pub ty: TypeRef,
    /// Doc text.
    pub doc: Option<String>,
    /// Whether a response of the status that declares it must send it (`required`).
    pub required: bool,
    /// Its value as sent, from its schema's first example, else its default, else its first
    /// enum value (what a mock sends when a test sets none).
    pub example: Option<String>,
}

/// How a list operation is fetched page by page: read from `x-pagination`, or detected from
/// its parameters, its success body and its declared headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// The field of the success value that holds the page's items; `None` when the value is
    /// the list itself.
    pub items: Option<PageField>,
    /// The type of one item.
    pub item: TypeRef,
}

/// The ways an API says where the next page is.
#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// Take/skip (limit/offset, count/offset): the next page skips the items received so far;
    /// the list ends at a short page or at the reported total.
    Offset {
        /// The page-size parameter (index into [`Operation::params`]).
        take: usize,
        /// The items-to-skip parameter (index into [`Operation::params`]).
        skip: usize,
        /// The field that reports the total number of items, if any.
        total: Option<PageField>,
        /// The page size and its maximum.
        size: PageSize,
    },
    /// Page numbers (`page`/`per_page`): the next page is the next number; the list ends at a
    /// short page.
    PageNumber {
        /// The page-number parameter (index into [`Operation::params`]); pages count from 1.
        page: usize,
        /// The page-size parameter (index into [`Operation::params`]).
        per_page: usize,
        /// The page size and its maximum.
        size: PageSize,
    },
    /// A `Link` response header (RFC 8288): the next page is the `rel="next"` link, followed as
    /// given; the list ends where there is none.
    Link,
    /// A cursor parameter (`starting_after`, `after`): the next page starts after a value taken
    /// from the page or its last item, while the page says there are more.
    Cursor {
        /// The cursor parameter (index into [`Operation::params`]).
        param: usize,
        /// Where the next cursor comes from.
        next: CursorSource,
        /// The boolean field that says more pages follow; without one, the list goes on while
        /// there is a next cursor.
        has_more: Option<PageField>,
    },
    /// A page token (`pageToken`/`page_token`): the next page is asked for with the token the
    /// page hands out (`nextPageToken`/`next_page_token`); the list ends where there is none.
    Token {
        /// The token parameter (index into [`Operation::params`]).
        param: usize,
        /// The field of the page that holds the next token.
        next: PageField,
    },
}

impl PageStyle {
    /// The style's name, as `codegen check` counts it.
    pub fn name(&self) -> &'static str {
        match self {
            PageStyle::Offset { .. } => "offset",
            PageStyle::PageNumber { .. } => "page number",
            PageStyle::Link => "Link header",
            PageStyle::Cursor { .. } => "cursor",
            PageStyle::Token { .. } => "page token",
        }
    }
}

/// Where a cursor-paged list's next cursor is.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// A field of the last item (Stripe's `id` for `starting_after`).
    LastItem(PageField),
    /// A field of the page (OpenAI's `last_id`, or a `next_cursor`).
    Page(PageField),
}

/// The page size of a sized page style: asked for when the caller sets none, and the most a
/// caller's size is lowered to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// The parameter's `default`, else its `maximum`, else 100 (within its `maximum`).
    pub default: u32,
    /// The parameter's `maximum`: a larger page size set by the caller is lowered to it, since
    /// a server that caps the page would make the stream stop after the first.
    pub max: Option<u32>,
}

/// A field of a paginated operation's success value.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// The Rust field name.
    pub name: String,
    /// Whether it is an `Option`.
    pub optional: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The value of `params[i]`.
    Param(usize),
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Required.
    pub required: bool,
    /// Query serialization style.
    pub style: QueryStyle,
    /// Doc text.
    pub doc: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// Query parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, with `explode`.
    Form(bool),
    /// `spaceDelimited`.
    Space,
    /// `pipeDelimited`.
    Pipe,
    /// `deepObject`.
    DeepObject,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The media type sent.
    pub media_type: String,
    /// How it is encoded.
    pub kind: BodyKind,
    /// The type the caller passes.
    pub ty: TypeRef,
    /// Required.
    pub required: bool,
}

/// Body encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data` (the type is a [`TypeKind::Multipart`]).
    Multipart,
    /// Raw bytes.
    Binary,
    /// Plain text.
    Text,
}

/// What comes back for one status (or range) of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The Rust type the caller sees.
    pub shape: OutcomeShape,
    /// Which statuses lead where.
    pub arms: Vec<Arm>,
}

/// The caller-facing type of an outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum OutcomeShape {
    /// Nothing is documented (errors: `Infallible`).
    Nothing,
    /// Every arm carries the same payload (or none, `()`).
    Single(Option<Payload>),
    /// Arms differ: a generated enum with one variant per arm.
    Enum(String),
}

/// One documented status and what its body decodes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// The status it matches.
    pub status: StatusKey,
    /// The enum variant name (used when the shape is an enum).
    pub variant: String,
    /// The body, by media type (empty for no body).
    pub payload: Option<Payload>,
    /// Doc text from the response description.
    pub doc: Option<String>,
    /// The envelope field the caller gets instead of the whole body.
    pub extract: Option<Extract>,
}

/// A field taken out of an enveloped body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extract {
    /// The Rust field name in the decoded struct.
    pub field: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the Rust field is an `Option`.
    pub optional: bool,
}

/// How a body decodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// JSON into the type.
    Json(TypeRef),
    /// Text.
    Text,
    /// Bytes.
    Binary,
    /// `text/event-stream`: a stream of events whose `data` decodes into the type (the media
    /// type's `schema`, or in 3.2 its `itemSchema`).
    EventStream(TypeRef),
    /// Several media types: a generated enum, chosen by `Content-Type`.
    ByMediaType(String, Vec<(String, String, Box<Payload>)>),
}

impl Payload {
    /// Whether it is, or may be (one of several media types), an event stream.
    pub fn streams(&self) -> bool {
        match self {
            Payload::EventStream(_) => true,
            Payload::ByMediaType(_, alternatives) => alternatives.iter().any(|(_, _, p)| p.streams()),
            _ => false,
        }
    }
}

/// How an operation's responses are wrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// A boolean property that, when `false`, makes the call fail.
    pub success_field: Option<String>,
    /// The property the caller gets instead of the whole body (wire name).
    pub payload_field: Option<String>,
}

/// A security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// The snake_case name for setters (`with_<name>`).
    pub name: String,
    /// Where the credential goes.
    pub placement: Placement,
    /// Doc text.
    pub doc: Option<String>,
}

/// Credential placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// API key in a header.
    Header(String),
    /// API key in the query.
    Query(String),
    /// API key in a cookie.
    Cookie(String),
    /// HTTP bearer.
    Bearer,
    /// HTTP basic.
    Basic,
}
