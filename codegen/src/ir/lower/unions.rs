//! `oneOf`/`anyOf` and multi-type schemas → unions: variant names, discriminator tags (from
//! `mapping` or the ref's name), and when a discriminator cannot be used.

use super::{Lowering, Schema};
use crate::diagnostic::{last_token, pointer, Diagnostic};
use crate::document::{self, SchemaOrRef, SchemaRef, Type};
use crate::ir::model::{TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::naming::{self, Scope};

impl<'a> Lowering<'a> {
    /// `type: [string, integer]`: an untagged enum with one variant per type.
    pub(super) fn type_union(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        let mut scope = Scope::default();
        let variants = s
            .types
            .iter()
            .map(|t| {
                let label = naming::camel(t.as_str());
                let ty = self.inline_as(s, *t, &format!("{name}{label}"), ptr);
                UnionVariant { name: scope.claim(&label), ty, boxed: false, tags: Vec::new() }
            })
            .collect();
        TypeKind::Union(UnionDef { variants, discriminator: None })
    }

    pub(super) fn union(
        &mut self,
        members: &'a [SchemaOrRef],
        discriminator: Option<&'a document::Discriminator>,
        name: &str,
        ptr: &str,
        keyword: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let at = format!("{ptr}/{keyword}/{i}");
            let label = match m {
                SchemaOrRef::Ref(r) => naming::camel(&last_token(&r.target)),
                SchemaOrRef::Inline(s) => variant_label(s, i),
            };
            let ty = self.type_ref(m, &format!("{name}{label}"), &at);
            let mut tags = Vec::new();
            if let (Some(d), SchemaOrRef::Ref(r)) = (discriminator, m) {
                let explicit: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| mapping_names(target, r))
                    .map(|(k, _)| k.clone())
                    .collect();
                if explicit.is_empty() {
                    tags.push(last_token(&r.target));
                } else {
                    tags = explicit;
                }
            }
            variants.push(UnionVariant { name: scope.claim(&label), ty, boxed: false, tags });
        }
        if variants.is_empty() {
            self.diags.push(Diagnostic::warning(ptr, format!("`{keyword}` has no members; treated as free-form JSON")));
            return TypeKind::Alias(TypeRef::Json);
        }
        let discriminator = discriminator.map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.diags.push(Diagnostic::warning(
                ptr,
                "a discriminated union member is inline, so it has no tag value; decoding tries members in order",
            ));
            return TypeKind::Union(UnionDef { variants, discriminator: None });
        }
        TypeKind::Union(UnionDef { variants, discriminator })
    }
}

/// Whether a discriminator `mapping` value (a ref, or a bare schema name) names `r`'s target.
fn mapping_names(value: &str, r: &SchemaRef) -> bool {
    value == r.text
        || crate::diagnostic::ref_pointer(value).is_some_and(|p| p == r.target)
        || pointer("/components/schemas", &[value]) == r.target
}

fn variant_label(s: &Schema, i: usize) -> String {
    match s.single_type() {
        Some(Type::String) if s.enumeration.is_empty() && s.constant.is_none() => "String".into(),
        Some(Type::Integer) => "Integer".into(),
        Some(Type::Number) => "Number".into(),
        Some(Type::Boolean) => "Boolean".into(),
        Some(Type::Array) => "Array".into(),
        _ => s.title.as_deref().map(naming::camel).unwrap_or_else(|| format!("Variant{i}")),
    }
}
