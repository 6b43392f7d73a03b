//! The public Rust surface of an operation, worked out once from the IR: what its `Client`
//! method takes, what its request builder's setters take, and what a call returns. The token
//! emitter writes exactly this, and the Rust-level diff compares two of these, so the
//! "does old code still compile" verdict cannot drift from what is generated. The same goes for
//! the types of the `types` module ([`types`]), whose fields and variants the diff compares.

use std::collections::HashMap;

use crate::diagnostic::pointer;
use crate::ir::*;

/// The method, builder and call of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSurface {
    /// `Client::<method>`.
    pub method: String,
    /// `builder::<Builder>`, what the method returns.
    pub builder: String,
    /// The method's arguments after `&self`, in order.
    pub args: Vec<Input>,
    /// The builder's setters for what is optional, in spec order.
    pub setters: Vec<Input>,
    /// Whether the builder has `into_stream()` (the operation is paginated).
    pub streams: bool,
}

/// One argument or setter.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Its name (argument name, or setter method name).
    pub name: String,
    /// Where its value goes.
    pub source: Source,
    /// How a caller hands the value over.
    pub pass: Pass,
}

/// Where an input's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `Operation::params[i]`.
    Param(usize),
    /// The request body.
    Body,
}

/// How a value is handed over, around its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Pass {
    /// `&str` (a string argument).
    Str,
    /// `T` by value (small `Copy` scalars, multipart forms).
    Value(TypeRef),
    /// `&T`.
    Ref(TypeRef),
    /// `&[T]` (a list argument: a `&Vec<T>` or an array coerces to it).
    Slice(TypeRef),
    /// `impl Into<T>` (setters).
    Into(TypeRef),
    /// `impl Into<Bytes>` (a binary body).
    IntoBytes,
    /// `impl Into<String>` (a text body).
    IntoString,
}

impl Pass {
    /// The type as written, given how to write a [`TypeRef`]; `Bytes` is `bytes`.
    pub fn text(&self, ty: &dyn Fn(&TypeRef) -> String, bytes: &str) -> String {
        match self {
            Pass::Str => "&str".into(),
            Pass::Value(t) => ty(t),
            Pass::Ref(t) => format!("&{}", ty(t)),
            Pass::Slice(t) => format!("&[{}]", ty(t)),
            Pass::Into(t) => format!("impl Into<{}>", ty(t)),
            Pass::IntoBytes => format!("impl Into<{bytes}>"),
            Pass::IntoString => "impl Into<String>".into(),
        }
    }
}

/// Whether values of the type are small `Copy` scalars (passed by value, not by reference).
pub fn is_copy_scalar(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Uuid | TypeRef::Date
    )
}

fn location_rank(l: ParamLocation) -> u8 {
    match l {
        ParamLocation::Path => 0,
        ParamLocation::Query => 1,
        ParamLocation::Header => 2,
        ParamLocation::Cookie => 3,
    }
}

/// The surface of `op`: required parameters positional (path, then query, header and cookie,
/// each in spec order), then a required body; everything optional a setter.
pub fn operation(op: &Operation) -> OperationSurface {
    let mut required: Vec<usize> = (0..op.params.len())
        .filter(|&i| op.params[i].required || op.params[i].location == ParamLocation::Path)
        .collect();
    required.sort_by_key(|&i| location_rank(op.params[i].location));
    let mut args: Vec<Input> = required
        .into_iter()
        .map(|i| {
            let p = &op.params[i];
            let pass = match &p.ty {
                TypeRef::String => Pass::Str,
                t if is_copy_scalar(t) => Pass::Value(t.clone()),
                TypeRef::Array(item) => Pass::Slice(item.as_ref().clone()),
                t => Pass::Ref(t.clone()),
            };
            Input {
                name: p.name.clone(),
                source: Source::Param(i),
                pass,
            }
        })
        .collect();
    let mut setters: Vec<Input> = (0..op.params.len())
        .filter(|&i| !op.params[i].required && op.params[i].location != ParamLocation::Path)
        .map(|i| Input {
            name: op.params[i].name.clone(),
            source: Source::Param(i),
            pass: Pass::Into(op.params[i].ty.clone()),
        })
        .collect();
    if let Some(b) = &op.body {
        let pass = match (b.kind, b.required) {
            (BodyKind::Binary, _) => Pass::IntoBytes,
            (BodyKind::Text, _) => Pass::IntoString,
            (BodyKind::Multipart, true) => Pass::Value(b.ty.clone()),
            (BodyKind::Json | BodyKind::Form, true) => Pass::Ref(b.ty.clone()),
            (_, false) => Pass::Into(b.ty.clone()),
        };
        let input = Input {
            name: "body".into(),
            source: Source::Body,
            pass,
        };
        if b.required {
            args.push(input);
        } else {
            setters.push(input);
        }
    }
    OperationSurface {
        method: op.method_name.clone(),
        builder: op.builder.clone(),
        args,
        setters,
        streams: op.pagination.is_some(),
    }
}

/// A type of the generated `types` module.
pub struct TypeSurface {
    /// Its name.
    pub name: String,
    /// Identity across versions: the schema's pointer, or the operation's plus a role.
    pub key: String,
    /// Where it comes from in the spec.
    pub pointer: String,
    /// Its fields, variants or target.
    pub kind: TypeShape,
}

/// What a type of `types` is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeShape {
    /// A struct and its public fields.
    Struct(Vec<FieldSurface>),
    /// An enum and its variants.
    Enum(Vec<VariantSurface>),
    /// `pub type Name = Target;`.
    Alias(String),
}

impl TypeShape {
    /// `struct`, `enum` or `type alias`.
    pub fn label(&self) -> &'static str {
        match self {
            TypeShape::Struct(_) => "struct",
            TypeShape::Enum(_) => "enum",
            TypeShape::Alias(_) => "type alias",
        }
    }
}

/// A public field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSurface {
    /// Its name.
    pub name: String,
    /// The type without the `Option` that optionality adds.
    pub ty: String,
    /// Whether it is an `Option`.
    pub optional: bool,
    /// Where it comes from in the spec.
    pub pointer: String,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSurface {
    /// Its name.
    pub name: String,
    /// The type it carries, if any.
    pub payload: Option<String>,
}

/// Type names as written (last path segments: `DateTime<Utc>`, `Secret`), old names mapped
/// through renames so a rename alone is reported once.
pub struct Namer<'a> {
    /// The API whose types are named.
    pub api: &'a Api,
    /// Old type name → new one.
    pub renames: &'a HashMap<String, String>,
}

impl Namer<'_> {
    /// See [`Namer`].
    pub fn name(&self, id: TypeId) -> String {
        let n = self.api.types.get(id).map_or("?", |t| t.name.as_str());
        self.renames.get(n).cloned().unwrap_or_else(|| n.to_owned())
    }

    /// See [`Namer`].
    pub fn named(&self, n: &str) -> String {
        self.renames.get(n).cloned().unwrap_or_else(|| n.to_owned())
    }

    /// See [`Namer`].
    pub fn ty(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::Named(id) => self.name(*id),
            TypeRef::String | TypeRef::Bytes => "String".into(),
            TypeRef::Secret => "Secret".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::Int(IntKind::I32) => "i32".into(),
            TypeRef::Int(IntKind::I64) => "i64".into(),
            TypeRef::Int(IntKind::U32) => "u32".into(),
            TypeRef::Int(IntKind::U64) => "u64".into(),
            TypeRef::Float(32) => "f32".into(),
            TypeRef::Float(_) => "f64".into(),
            TypeRef::DateTime => "DateTime<Utc>".into(),
            TypeRef::Date => "NaiveDate".into(),
            TypeRef::Uuid => "Uuid".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Array(inner) => format!("Vec<{}>", self.ty(inner)),
            TypeRef::Map(inner) => match inner.as_ref() {
                TypeRef::Json => "serde_json::Map<String, serde_json::Value>".into(),
                other => format!("BTreeMap<String, {}>", self.ty(other)),
            },
            TypeRef::Nullable(inner) => format!("Option<{}>", self.ty(inner)),
            TypeRef::Tuple(items) => format!("({},)", items.iter().map(|i| self.ty(i)).collect::<Vec<_>>().join(", ")),
        }
    }

    /// See [`Namer`].
    pub fn payload(&self, p: &Payload) -> String {
        match p {
            Payload::Json(t) => self.ty(t),
            Payload::Text => "String".into(),
            Payload::Binary => "Bytes".into(),
            Payload::EventStream(t) => format!("EventStream<{}>", self.ty(t)),
            Payload::ByMediaType(name, _) => self.named(name),
        }
    }

    /// See [`Namer`].
    pub fn arm(&self, a: &Arm) -> Option<String> {
        if let Some(e) = &a.extract {
            let t = self.ty(&e.ty);
            return Some(if e.optional { format!("Option<{t}>") } else { t });
        }
        a.payload.as_ref().map(|p| self.payload(p))
    }

    /// See [`Namer`].
    pub fn outcome(&self, o: &Outcome) -> String {
        match &o.shape {
            OutcomeShape::Nothing => "Infallible".into(),
            OutcomeShape::Single(None) => "()".into(),
            OutcomeShape::Single(Some(_)) => o.arms.first().and_then(|a| self.arm(a)).unwrap_or_else(|| "()".into()),
            OutcomeShape::Enum(name) => self.named(name),
        }
    }
}

fn status_key(m: StatusMatch) -> String {
    match m {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "default".into(),
    }
}

/// Every type of the generated `types` module.
pub fn types(api: &Api, renames: &HashMap<String, String>) -> Vec<TypeSurface> {
    let n = Namer { api, renames };
    let mut out = Vec::new();
    for t in &api.types {
        let kind = match &t.kind {
            TypeKind::Struct(s) => {
                let mut fields: Vec<FieldSurface> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let base = n.ty(&f.ty);
                        FieldSurface {
                            name: f.name.clone(),
                            ty: if f.boxed { format!("Box<{base}>") } else { base },
                            optional: f.optional(),
                            pointer: pointer(&format!("{}/properties", t.pointer), &[&f.wire]),
                        }
                    })
                    .collect();
                if let Some(extra) = &s.additional {
                    let ty = match extra {
                        TypeRef::Json => "serde_json::Map<String, serde_json::Value>".to_owned(),
                        other => format!("BTreeMap<String, {}>", n.ty(other)),
                    };
                    fields.push(FieldSurface { name: "additional_properties".into(), ty, optional: false, pointer: format!("{}/additionalProperties", t.pointer) });
                }
                TypeShape::Struct(fields)
            }
            TypeKind::StringEnum(values) => TypeShape::Enum(
                values
                    .iter()
                    .map(|v| VariantSurface { name: v.name.clone(), payload: None })
                    .chain([VariantSurface { name: "Unknown".into(), payload: Some("String".into()) }])
                    .collect(),
            ),
            TypeKind::IntEnum(values) => TypeShape::Enum(
                values
                    .iter()
                    .map(|v| VariantSurface { name: v.name.clone(), payload: None })
                    .chain([VariantSurface { name: "Unknown".into(), payload: Some("i64".into()) }])
                    .collect(),
            ),
            TypeKind::Union(u) => TypeShape::Enum(
                u.variants
                    .iter()
                    .map(|v| {
                        let t = n.ty(&v.ty);
                        VariantSurface { name: v.name.clone(), payload: Some(if v.boxed { format!("Box<{t}>") } else { t }) }
                    })
                    .collect(),
            ),
            TypeKind::Alias(target) => TypeShape::Alias(n.ty(target)),
            TypeKind::Multipart(fields) => TypeShape::Struct(
                fields
                    .iter()
                    .map(|f| FieldSurface {
                        name: f.name.clone(),
                        ty: match &f.kind {
                            MultipartKind::File => "FilePart".into(),
                            MultipartKind::Files => "Vec<FilePart>".into(),
                            MultipartKind::Value(t) => n.ty(t),
                        },
                        optional: !f.required,
                        pointer: pointer(&format!("{}/schema/properties", t.pointer), &[&f.wire]),
                    })
                    .collect(),
            ),
        };
        out.push(TypeSurface { name: n.named(&t.name), key: t.pointer.clone(), pointer: t.pointer.clone(), kind });
    }
    for op in &api.operations {
        if let Some(h) = &op.response_headers {
            let at = pointer(&op.pointer, &["responses"]);
            let fields = h
                .headers
                .iter()
                .map(|f| FieldSurface {
                    name: f.name.clone(),
                    ty: n.ty(&f.ty),
                    optional: true,
                    pointer: at.clone(),
                })
                .collect();
            out.push(TypeSurface {
                name: n.named(&h.name),
                key: format!("{}#headers", op.pointer),
                pointer: at,
                kind: TypeShape::Struct(fields),
            });
        }
        for (o, role) in [(&op.success, "ok"), (&op.failure, "err")] {
            if let OutcomeShape::Enum(name) = &o.shape {
                let variants = o.arms.iter().map(|a| VariantSurface { name: a.variant.clone(), payload: n.arm(a) }).collect();
                out.push(TypeSurface { name: n.named(name), key: format!("{}#{role}", op.pointer), pointer: pointer(&op.pointer, &["responses"]), kind: TypeShape::Enum(variants) });
            }
            for a in &o.arms {
                if let Some(Payload::ByMediaType(name, vs)) = &a.payload {
                    let variants = vs.iter().map(|(v, _, p)| VariantSurface { name: v.clone(), payload: Some(n.payload(p)) }).collect();
                    let at = pointer(&op.pointer, &["responses", &status_key(a.status)]);
                    out.push(TypeSurface { name: n.named(name), key: format!("{at}#media"), pointer: at, kind: TypeShape::Enum(variants) });
                }
            }
        }
    }
    out
}

