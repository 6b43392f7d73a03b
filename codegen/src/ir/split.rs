//! `--split tags`: the operations of each OpenAPI tag behind a cargo feature of their own, and
//! every type behind the features of the tags that use it, so a user of one part of a big API
//! (GitHub's `repos`) compiles only that part.

use std::collections::BTreeSet;

use super::model::*;
use super::reach::{operation_roots, reach};
use crate::naming::{self, Scope};

/// Features a split crate has besides the tags' (see [`crate::output::write_crate`]).
const RESERVED_FEATURES: &[&str] = &["default", "full", "full-serde", "mock"];

/// Groups the operations by their first tag (untagged ones into `untagged`) and gates each type
/// by the groups that reach it. A type every group reaches, or none, is not gated.
pub fn split_by_tag(api: &mut Api) {
    let mut features = Scope::with_reserved(RESERVED_FEATURES);
    let mut groups: Vec<OpGroup> = Vec::new();
    for op in &mut api.operations {
        let tag = op.tags.first().cloned().unwrap_or_else(|| "untagged".to_owned());
        let g = match groups.iter().position(|g| g.tag == tag) {
            Some(g) => g,
            None => {
                let feature = features.claim(&naming::kebab(&tag));
                groups.push(OpGroup { tag, feature });
                groups.len() - 1
            }
        };
        op.group = Some(g);
    }
    let reached: Vec<Vec<bool>> = (0..groups.len())
        .map(|g| {
            let roots = api
                .operations
                .iter()
                .filter(|op| op.group == Some(g))
                .flat_map(|op| {
                    let (sent, received) = operation_roots(op);
                    sent.into_iter().chain(received)
                })
                .collect();
            reach(api, roots)
        })
        .collect();
    for (id, t) in api.types.iter_mut().enumerate() {
        let by: BTreeSet<usize> = (0..groups.len()).filter(|g| reached[*g][id]).collect();
        t.groups = if by.len() == groups.len() { Vec::new() } else { by.into_iter().collect() };
    }
    api.groups = groups;
}
