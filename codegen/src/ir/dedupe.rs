//! Structurally identical inline types are emitted once. Big specs repeat the same inline shape
//! in many places (GitHub's spec: the same `{ url, html_url }` object or status enum under
//! dozens of operations), and each copy costs a struct, its serde impls and its builders in
//! every user's build. A duplicate becomes an alias of the first copy (`pub type B = A;`, which
//! costs the compiler next to nothing), so every generated name stays as it was and code written
//! against it still compiles.

use std::collections::HashMap;

use super::model::*;

/// Turns every inline type equal to an earlier one (same shape, fields, field docs and field
/// types, with references to duplicates seen through to their first copy) into an alias of it. Component
/// schemas keep their own definitions: their names are the spec's. Returns how many were merged.
pub(super) fn merge_identical_inline_types(types: &mut [TypeDef]) -> usize {
    let mut canon: Vec<TypeId> = (0..types.len()).collect();
    let eligible: Vec<bool> = types.iter().map(is_inline_definition).collect();
    // Merging two types can make their parents equal, so repeat until nothing changes.
    loop {
        let mut first: HashMap<String, TypeId> = HashMap::new();
        let mut merged = false;
        for id in 0..types.len() {
            if !eligible[id] || canon[id] != id {
                continue;
            }
            let key = shape_key(&types[id], &canon);
            match first.get(&key) {
                Some(&earlier) => {
                    canon[id] = earlier;
                    merged = true;
                }
                None => {
                    first.insert(key, id);
                }
            }
        }
        if !merged {
            break;
        }
    }
    let mut count = 0;
    for id in 0..types.len() {
        if canon[id] != id {
            types[id].kind = TypeKind::Alias(TypeRef::Named(canon[id]));
            count += 1;
        }
    }
    count
}

/// An inline (not `components.schemas`) struct, enum or union.
fn is_inline_definition(t: &TypeDef) -> bool {
    let component = t.pointer.starts_with("/components/schemas/") && t.pointer.matches('/').count() == 3;
    !component && matches!(t.kind, TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Union(_))
}

/// What makes two definitions the same Rust item: the kind, with named references replaced by
/// their first copies.
fn shape_key(t: &TypeDef, canon: &[TypeId]) -> String {
    let mut kind = t.kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                canonical(&mut f.ty, canon);
            }
            if let Some(a) = &mut s.additional {
                canonical(a, canon);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                canonical(&mut v.ty, canon);
            }
        }
        _ => {}
    }
    // The type's own doc stays on the alias, so it does not keep two copies apart.
    format!("{kind:?}")
}

fn canonical(t: &mut TypeRef, canon: &[TypeId]) {
    match t {
        TypeRef::Named(id) => *id = canon[*id],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => canonical(inner, canon),
        TypeRef::Tuple(items) => items.iter_mut().for_each(|i| canonical(i, canon)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, pointer: &str, kind: TypeKind) -> TypeDef {
        TypeDef { name: name.into(), doc: None, pointer: pointer.into(), kind, usage: Usage::default(), groups: Vec::new() }
    }

    fn object(field_ty: TypeRef) -> TypeKind {
        TypeKind::Struct(StructDef {
            fields: vec![Field { name: "a".into(), wire: "a".into(), ty: field_ty, required: true, nullable: false, boxed: false, doc: None }],
            additional: None,
        })
    }

    #[test]
    fn identical_inline_types_and_then_their_parents_merge() {
        let color = || TypeKind::StringEnum(vec![EnumValue { name: "Red".into(), wire: "red".into() }]);
        let mut types = vec![
            def("Pet", "/components/schemas/Pet", object(TypeRef::String)),
            def("Dog", "/components/schemas/Dog", object(TypeRef::String)),
            def("AColor", "/paths/~1a/get/x", color()),
            def("BColor", "/paths/~1b/get/x", color()),
            def("AThing", "/paths/~1a/get/y", object(TypeRef::Named(2))),
            def("BThing", "/paths/~1b/get/y", object(TypeRef::Named(3))),
            def("COther", "/paths/~1c/get/y", object(TypeRef::Bool)),
        ];
        assert_eq!(merge_identical_inline_types(&mut types), 2);
        // Components keep their definitions even when equal.
        assert!(matches!(types[1].kind, TypeKind::Struct(_)));
        assert_eq!(types[3].kind, TypeKind::Alias(TypeRef::Named(2)));
        // BThing became equal to AThing once BColor was seen as AColor.
        assert_eq!(types[5].kind, TypeKind::Alias(TypeRef::Named(4)));
        assert!(matches!(types[6].kind, TypeKind::Struct(_)));
    }

    #[test]
    fn a_field_doc_keeps_a_type_apart_and_an_own_doc_stays_on_the_alias() {
        let mut a = def("A", "/paths/~1a/get/x", object(TypeRef::String));
        a.doc = Some("one".into());
        let mut b = def("B", "/paths/~1b/get/x", object(TypeRef::String));
        b.doc = Some("two".into());
        let mut c = def("C", "/paths/~1c/get/x", object(TypeRef::String));
        if let TypeKind::Struct(s) = &mut c.kind {
            s.fields[0].doc = Some("a field".into());
        }
        let mut types = vec![a, b, c];
        assert_eq!(merge_identical_inline_types(&mut types), 1);
        assert_eq!(types[1].kind, TypeKind::Alias(TypeRef::Named(0)));
        assert_eq!(types[1].doc.as_deref(), Some("two"));
        assert!(matches!(types[2].kind, TypeKind::Struct(_)));
    }
}
