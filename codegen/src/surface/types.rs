//! The types of the generated `types` module as the Rust-level diff sees them: each struct's
//! fields, each enum's variants, each alias's target, written by [`super::Renderer`].

use std::collections::HashMap;

use super::Renderer;
use crate::pointer::pointer;
use crate::ir::*;

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

/// Every type of the generated `types` module.
pub fn types(api: &Api, renames: &HashMap<String, String>) -> Vec<TypeSurface> {
    let n = Renderer::renaming(api, renames);
    let mut out: Vec<TypeSurface> = api
        .types
        .iter()
        .map(|t| TypeSurface { name: n.named(&t.name).to_string(), key: t.pointer.clone(), pointer: t.pointer.clone(), kind: shape(&n, t) })
        .collect();
    for op in &api.operations {
        operation_types(&n, op, &mut out);
    }
    out
}

/// The shape of a type the spec defines.
fn shape(n: &Renderer<'_>, t: &TypeDef) -> TypeShape {
    match &t.kind {
        TypeKind::Struct(s) => {
            let mut fields: Vec<FieldSurface> = s
                .fields
                .iter()
                .map(|f| FieldSurface {
                    name: f.name.clone(),
                    ty: n.boxed(&f.ty, f.boxed).to_string(),
                    optional: f.optional(),
                    pointer: pointer(&format!("{}/properties", t.pointer), &[&f.wire]),
                })
                .collect();
            if let Some(extra) = &s.additional {
                let ty = n.map(extra).to_string();
                fields.push(FieldSurface { name: "additional_properties".into(), ty, optional: false, pointer: format!("{}/additionalProperties", t.pointer) });
            }
            TypeShape::Struct(fields)
        }
        TypeKind::StringEnum(values) => open_enum(values.iter().map(|v| &v.name), "String"),
        TypeKind::IntEnum(values) => open_enum(values.iter().map(|v| &v.name), "i64"),
        TypeKind::Union(u) => {
            let members = u.variants.iter().map(|v| VariantSurface { name: v.name.clone(), payload: Some(n.boxed(&v.ty, v.boxed).to_string()) });
            // A discriminated union's variant for tags no member has.
            let catch_all = u.catch_all.iter().map(|name| VariantSurface { name: name.clone(), payload: Some(n.ty(&TypeRef::Json).to_string()) });
            TypeShape::Enum(members.chain(catch_all).collect())
        }
        TypeKind::Alias(target) => TypeShape::Alias(n.ty(target).to_string()),
        TypeKind::Multipart(fields) => TypeShape::Struct(
            fields
                .iter()
                .map(|f| FieldSurface {
                    name: f.name.clone(),
                    ty: n.part(&f.kind).to_string(),
                    optional: !f.required,
                    pointer: pointer(&format!("{}/schema/properties", t.pointer), &[&f.wire]),
                })
                .collect(),
        ),
    }
}

/// An enum of the named values plus `Unknown(raw)` for values the spec does not list.
fn open_enum<'a>(names: impl Iterator<Item = &'a String>, raw: &str) -> TypeShape {
    let known = names.map(|name| VariantSurface { name: name.clone(), payload: None });
    TypeShape::Enum(known.chain([VariantSurface { name: "Unknown".into(), payload: Some(raw.into()) }]).collect())
}

/// The types an operation adds: its response headers, its outcome enums and its media-type enums.
fn operation_types(n: &Renderer<'_>, op: &Operation, out: &mut Vec<TypeSurface>) {
    if let Some(h) = &op.response_headers {
        let at = pointer(&op.pointer, &["responses"]);
        let fields = h
            .headers
            .iter()
            .map(|f| FieldSurface { name: f.name.clone(), ty: n.ty(&f.ty).to_string(), optional: true, pointer: at.clone() })
            .collect();
        out.push(TypeSurface { name: n.named(&h.name).to_string(), key: format!("{}#headers", op.pointer), pointer: at, kind: TypeShape::Struct(fields) });
    }
    for (o, role) in [(&op.success, "ok"), (&op.failure, "err")] {
        if let OutcomeShape::Enum(name) = &o.shape {
            let variants = o.arms.iter().map(|a| VariantSurface { name: a.variant.clone(), payload: n.arm(a).map(|t| t.to_string()) }).collect();
            out.push(TypeSurface { name: n.named(name).to_string(), key: format!("{}#{role}", op.pointer), pointer: pointer(&op.pointer, &["responses"]), kind: TypeShape::Enum(variants) });
        }
        for a in &o.arms {
            if let Some(Payload::ByMediaType(name, vs)) = &a.payload {
                let variants = vs.iter().map(|(v, _, p)| VariantSurface { name: v.clone(), payload: Some(n.payload(p).to_string()) }).collect();
                let at = pointer(&op.pointer, &["responses", &a.status.key()]);
                out.push(TypeSurface { name: n.named(name).to_string(), key: format!("{at}#media"), pointer: at, kind: TypeShape::Enum(variants) });
            }
        }
    }
}
