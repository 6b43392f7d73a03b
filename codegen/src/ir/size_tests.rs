//! The estimator against known layouts, and the boxing rule on small specs.

use super::*;
use crate::ir::Api;

fn api(schemas: &str) -> Api {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}");
    crate::analyze("t.yaml", &spec).unwrap_or_else(|d| panic!("{d:?}")).0
}

fn id(api: &Api, name: &str) -> TypeId {
    api.types.iter().position(|t| t.name == name).unwrap_or_else(|| panic!("no type `{name}`"))
}

/// `(field, boxed)` of a struct.
fn boxes(api: &Api, name: &str) -> Vec<(String, bool)> {
    match &api.types[id(api, name)].kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| (f.name.clone(), f.boxed)).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| (v.name.clone(), v.boxed)).collect(),
        other => panic!("{other:?}"),
    }
}

/// An object schema of `n` string properties `s0`… (required, so held as `String`).
fn strings(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let props: Vec<String> = names.iter().map(|n| format!("{n}: {{type: string}}")).collect();
    format!("{{type: object, required: [{}], properties: {{{}}}}}", names.join(", "), props.join(", "))
}

#[test]
fn scalars_and_options_have_the_sizes_rustc_gives_them() {
    let api = api("    X: {type: string}\n");
    let mut est = Estimator::new(&api.types);
    let size = |est: &mut Estimator, t: TypeRef| est.ty(&t).size;
    let opt = |t: TypeRef| TypeRef::Nullable(Box::new(t));
    // `Option<String>` and `Option<bool>` use a niche; `Option<i64>` needs a tag word.
    assert_eq!(size(&mut est, TypeRef::String), 24);
    assert_eq!(size(&mut est, opt(TypeRef::String)), 24);
    assert_eq!(size(&mut est, opt(TypeRef::Bool)), 1);
    assert_eq!(size(&mut est, opt(TypeRef::Int(IntKind::I64))), 16);
    assert_eq!(size(&mut est, opt(TypeRef::Int(IntKind::I32))), 8);
    assert_eq!(size(&mut est, opt(TypeRef::Uuid)), 17);
    assert_eq!(size(&mut est, TypeRef::Array(Box::new(TypeRef::Json))), 24);
    assert_eq!(size(&mut est, TypeRef::Map(Box::new(TypeRef::Json))), 72);
    assert_eq!(size(&mut est, TypeRef::Tuple(vec![TypeRef::Bool, TypeRef::Int(IntKind::I64)])), 16);
}

#[test]
fn a_struct_is_its_fields_added_and_rounded_to_its_alignment() {
    let api = api(
        "    A: {type: object, required: [n, s, b], properties: {n: {type: integer, format: int32}, s: {type: string}, b: {type: boolean}}}
    B: {type: object, properties: {n: {type: integer}, when: {type: string, format: date-time}}}
",
    );
    let mut est = Estimator::new(&api.types);
    // 4 + 24 + 1 = 29, rounded to 32.
    assert_eq!(est.named(id(&api, "A")), Layout::new(32, 8, true));
    // `Option<i64>` 16 + `Option<DateTime<Utc>>` 16.
    assert_eq!(est.named(id(&api, "B")).size, 32);
}

#[test]
fn a_field_larger_than_the_threshold_is_boxed_and_a_smaller_one_is_not() {
    // Ten strings are 240 bytes, eleven 264.
    let api = api(&format!(
        "    Small: {}\n    Large: {}\n    Holder:\n      type: object\n      required: [small]\n      properties:\n        small: {{$ref: '#/components/schemas/Small'}}\n        large: {{$ref: '#/components/schemas/Large'}}\n        list: {{type: array, items: {{$ref: '#/components/schemas/Large'}}}}\n",
        strings(10),
        strings(11)
    ));
    let mut est = Estimator::new(&api.types);
    assert_eq!((est.named(id(&api, "Small")).size, est.named(id(&api, "Large")).size), (240, 264));
    assert_eq!(
        boxes(&api, "Holder"),
        [("small".into(), false), ("large".into(), true), ("list".into(), false)],
        "an optional `Option<Large>` is as big as `Large`; a `Vec` already allocates"
    );
    // Boxed, the large field is one pointer (an `Option<Box<_>>`).
    assert_eq!(Estimator::new(&api.types).named(id(&api, "Holder")).size, 240 + 8 + 24);
}

#[test]
fn nested_types_are_decided_deepest_first_so_boxing_a_child_shrinks_its_parent() {
    // Inner is 144 bytes; Middle holds it and six strings (288), so Outer boxes Middle, while
    // Middle keeps Inner inline.
    let api = api(&format!(
        "    Outer: {{type: object, required: [m], properties: {{m: {{$ref: '#/components/schemas/Middle'}}}}}}
    Middle:
      allOf:
        - {}
        - {{type: object, required: [inner], properties: {{inner: {{$ref: '#/components/schemas/Inner'}}}}}}
    Inner: {}
",
        strings(6).replace("s0", "m0").replace("s1", "m1").replace("s2", "m2").replace("s3", "m3").replace("s4", "m4").replace("s5", "m5"),
        strings(6)
    ));
    assert_eq!(boxes(&api, "Outer"), [("m".into(), true)]);
    assert!(boxes(&api, "Middle").iter().all(|(_, b)| !b), "{:?}", boxes(&api, "Middle"));
    let sizes = sizes(&api.types);
    assert_eq!(sizes[id(&api, "Middle")].1, 288);
    assert_eq!(sizes[id(&api, "Outer")].1, 8);
}

#[test]
fn a_large_union_variant_is_boxed_and_the_bound_holds_for_every_type() {
    let api = api(&format!(
        "    Big: {}\n    Either:\n      oneOf: [{{$ref: '#/components/schemas/Big'}}, {{type: string}}]\n",
        strings(12)
    ));
    assert_eq!(boxes(&api, "Either"), [("Big".into(), true), ("String".into(), false)]);
    for (ty, size, bound) in sizes(&api.types) {
        assert!(size <= bound, "{}: {size} > {bound}", api.types[ty].name);
    }
    // Twelve strings need no box of their own: a struct may be 256 bytes per field.
    assert_eq!(sizes(&api.types)[id(&api, "Big")], (id(&api, "Big"), 288, 12 * BOX_ABOVE));
}

#[test]
fn recursive_types_are_estimated_through_their_boxes() {
    let api = api(
        "    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
        label: {type: string}
",
    );
    assert_eq!(boxes(&api, "Node"), [("next".into(), true), ("label".into(), false)]);
    assert_eq!(Estimator::new(&api.types).named(id(&api, "Node")).size, 32);
}
