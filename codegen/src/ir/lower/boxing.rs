//! The passes after all types exist: boxing fields and variants whose type contains the type
//! they sit in (so recursive types have a size), and reporting aliases that only lead back to
//! themselves.

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::ir::model::{TypeId, TypeKind, TypeRef};

impl<'a> Lowering<'a> {
    /// Boxes fields and variants whose type contains the type they sit in.
    pub(super) fn mark_boxes(&mut self) {
        let n = self.types.len();
        let edges: Vec<Vec<TypeId>> = self.types.iter().map(|t| direct_children(&t.kind)).collect();
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut seen = vec![false; n];
            let mut stack = vec![from];
            while let Some(x) = stack.pop() {
                if x == to {
                    return true;
                }
                if std::mem::replace(&mut seen[x], true) {
                    continue;
                }
                stack.extend(edges[x].iter().copied());
            }
            false
        };
        let mut updates: Vec<(TypeId, usize)> = Vec::new();
        for (id, t) in self.types.iter().enumerate() {
            match &t.kind {
                TypeKind::Struct(s) => {
                    for (i, f) in s.fields.iter().enumerate() {
                        if let Some(child) = direct_named(&f.ty) {
                            if reaches(child, id) {
                                updates.push((id, i));
                            }
                        }
                    }
                }
                TypeKind::Union(u) => {
                    for (i, v) in u.variants.iter().enumerate() {
                        if let Some(child) = direct_named(&v.ty) {
                            if reaches(child, id) {
                                updates.push((id, i));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (id, i) in updates {
            match &mut self.types[id].kind {
                TypeKind::Struct(s) => s.fields[i].boxed = true,
                TypeKind::Union(u) => u.variants[i].boxed = true,
                _ => {}
            }
        }
    }

    /// Aliases that lead back to themselves have no concrete type at all.
    pub(super) fn check_alias_cycles(&mut self) {
        for id in 0..self.types.len() {
            let mut current = id;
            let mut steps = 0;
            while let TypeKind::Alias(TypeRef::Named(next)) = &self.types[current].kind {
                current = *next;
                steps += 1;
                if current == id || steps > self.types.len() {
                    let ptr = self.types[id].pointer.clone();
                    self.diags.push(
                        Diagnostic::error(ptr, format!("`$ref` cycle: `{}` refers back to itself with no concrete type", self.types[id].name))
                            .with_hint("give one schema in the cycle a real type (an object, array or scalar)"),
                    );
                    self.types[id].kind = TypeKind::Alias(TypeRef::Json);
                    break;
                }
            }
        }
    }
}

/// Named types a type holds by value (not behind a `Vec` or map, which already allocate).
fn direct_children(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_named(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct_named(&v.ty)).collect(),
        TypeKind::Alias(t) => direct_named(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn direct_named(t: &TypeRef) -> Option<TypeId> {
    match t {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => direct_named(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{field, id, lower30, messages, named};
    use crate::diagnostic::Severity;
    use crate::ir::model::{TypeKind, TypeRef};

    #[test]
    fn a_field_that_holds_its_own_type_by_value_is_boxed() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    next: {$ref: '#/components/schemas/Node'}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                    label: {type: string}
                    parent: {$ref: '#/components/schemas/Parent'}
                Parent:
                  type: object
                  properties: {first: {$ref: '#/components/schemas/Node'}, name: {type: string}}
                Leaf: {type: object, properties: {node: {$ref: '#/components/schemas/Node'}}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let boxed = |ty: &str, f: &str| field(&api, ty, f).boxed;
        assert!(boxed("Node", "next"));
        // A `Vec` already allocates.
        assert!(!boxed("Node", "children") && !boxed("Node", "label"));
        // Mutual recursion boxes both sides.
        assert!(boxed("Node", "parent") && boxed("Parent", "first"));
        // Holding a recursive type is not recursion.
        assert!(!boxed("Leaf", "node"));
    }

    #[test]
    fn a_union_variant_that_leads_back_to_the_union_is_boxed() {
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Expr:
                  oneOf: [{$ref: '#/components/schemas/Literal'}, {$ref: '#/components/schemas/Negation'}]
                Literal: {type: object, properties: {value: {type: number}}}
                Negation:
                  type: object
                  properties: {inner: {$ref: '#/components/schemas/Expr'}}
            ",
        );
        let TypeKind::Union(u) = &named(&api, "Expr").kind else { panic!("not a union") };
        let boxed: Vec<(&str, bool)> = u.variants.iter().map(|v| (v.name.as_str(), v.boxed)).collect();
        assert_eq!(boxed, [("Literal", false), ("Negation", true)]);
        assert!(field(&api, "Negation", "inner").boxed);
    }

    #[test]
    fn aliases_that_only_lead_back_to_themselves_are_errors() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                A: {$ref: '#/components/schemas/B'}
                B: {$ref: '#/components/schemas/A'}
                C: {$ref: '#/components/schemas/A'}
            ",
        );
        let errors: Vec<(&str, &str)> =
            diags.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        // Reported once, at the first alias of the cycle, which is cut there.
        assert_eq!(errors, [("/components/schemas/A", "`$ref` cycle: `A` refers back to itself with no concrete type")]);
        assert_eq!(named(&api, "A").kind, TypeKind::Alias(TypeRef::Json));
        assert_eq!(named(&api, "B").kind, TypeKind::Alias(TypeRef::Named(id(&api, "A"))));
        assert_eq!(named(&api, "C").kind, TypeKind::Alias(TypeRef::Named(id(&api, "A"))));
    }
}
