//! Query serialisation of the shared runtime (`runtime/src/encode.rs`), which every
//! generated crate carries: `style`/`explode` as OpenAPI 3.0 defines them, including the
//! `deepObject` style Stripe's spec uses throughout.

use generated::runtime::{query_pairs, QueryStyle};

fn pairs<T: serde::Serialize>(name: &str, value: &T, style: QueryStyle) -> Vec<(String, String)> {
    let mut out = Vec::new();
    query_pairs(name, value, style, &mut out);
    out
}

fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[test]
fn deep_object_nests_objects_and_arrays() {
    let value = serde_json::json!({
        "created": {"gte": 1_700_000_000, "lt": 1_800_000_000},
        "expand": ["customer", "invoice"],
        "metadata": {"order": "A 1&2"},
        "skipped": null
    });
    assert_eq!(
        pairs("filter", &value, QueryStyle::DeepObject),
        owned(&[
            ("filter[created][gte]", "1700000000"),
            ("filter[created][lt]", "1800000000"),
            ("filter[expand][]", "customer"),
            ("filter[expand][]", "invoice"),
            ("filter[metadata][order]", "A 1&2"),
        ])
    );
}

#[test]
fn form_arrays_explode_or_join() {
    let tags = vec!["a", "b,c"];
    assert_eq!(pairs("tag", &tags, QueryStyle::Form { explode: true }), owned(&[("tag", "a"), ("tag", "b,c")]));
    assert_eq!(pairs("tag", &tags, QueryStyle::Form { explode: false }), owned(&[("tag", "a,b,c")]));
    assert_eq!(pairs("tag", &tags, QueryStyle::Delimited("|")), owned(&[("tag", "a|b,c")]));
    assert_eq!(pairs("tag", &Option::<Vec<&str>>::None, QueryStyle::Form { explode: true }), owned(&[]));
}
