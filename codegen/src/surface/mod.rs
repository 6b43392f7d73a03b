//! Stage 3, surface — the public Rust surface of an operation, worked out once from the IR: what its `Client`
//! method takes, what its request builder's setters take, and what a call returns. The token
//! emitter writes exactly this, and the Rust-level diff compares two of these, so the
//! "does old code still compile" verdict cannot drift from what is generated. The same goes for
//! the types of the `types` module ([`types`]), whose fields and variants the diff compares.
//! Both write their Rust types with the one renderer, [`Renderer`].

mod rust_type;
mod types;

pub use rust_type::{Renderer, RustType, Scope};
pub use types::{types, FieldSurface, TypeShape, TypeSurface, VariantSurface};

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
    /// `&T`; `Option<&T>` when the type is nullable (a required nullable body, whose `None`
    /// is sent as `null`).
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
///
/// A nullable JSON body (its type is [`TypeRef::Nullable`]) is an `Option` the caller always
/// chooses: required, it is taken as `Option<&T>`; optional, its setter takes
/// `impl Into<Option<T>>`. Either way `None` is sent as `null`, and an optional body never set
/// sends nothing. A parameter's `nullable` is not read: no parameter style can write `null`,
/// so `None` (an unset optional parameter) is left out of the request.
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

