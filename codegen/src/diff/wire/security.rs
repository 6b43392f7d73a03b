//! Security: a scheme whose kind changed (same key), and each operation's effective requirement
//! (its own `security`, else the document's): alternatives that no old credential set satisfies,
//! and OAuth2/OpenID scopes added to or removed from a requirement that stays.

use std::collections::BTreeSet;

use super::operations::Op;
use super::Cx;
use crate::pointer::pointer;
use crate::document::{Document, Operation, SchemeKind};

/// A security scheme as one comparable phrase (descriptions aside).
fn scheme_text(k: &SchemeKind) -> String {
    match k {
        SchemeKind::ApiKey { location, name } => format!("apiKey `{name}` in {}", location.as_str()),
        SchemeKind::Http(scheme) => format!("http {scheme}"),
        SchemeKind::OAuth2 => "oauth2".into(),
        SchemeKind::OpenIdConnect => "openIdConnect".into(),
        SchemeKind::MutualTls => "mutualTLS".into(),
        SchemeKind::Other(t) => t.clone(),
    }
}

impl<'a> Cx<'a> {
    pub(super) fn schemes(&mut self) {
        for old in &self.old.security_schemes {
            let Some(new) = self.new.security_schemes.iter().find(|n| n.key == old.key) else { continue };
            if old.kind != new.kind {
                let (x, y) = (scheme_text(&old.kind), scheme_text(&new.kind));
                let key = &old.key;
                self.push("security-scheme-changed", format!("security scheme `{key}` changed from {x} to {y}"), Some(old.pointer.clone()), Some(new.pointer.clone()));
            }
        }
    }

    pub(super) fn security(&mut self, o: &Op<'a>, n: &Op<'a>) {
        type Alternatives = BTreeSet<BTreeSet<String>>;
        let effective = |doc: &Document, op: &Operation| -> Alternatives {
            let reqs = op.security.as_ref().or(doc.security.as_ref());
            let mut alts: Alternatives = reqs.into_iter().flatten().map(|r| r.keys().cloned().collect()).collect();
            if alts.is_empty() {
                alts.insert(BTreeSet::new());
            }
            alts
        };
        let a = effective(self.old, o.op);
        let b = effective(self.new, n.op);
        if a == b {
            return;
        }
        let show = |alts: &Alternatives| {
            alts.iter()
                .map(|s| if s.is_empty() { "none".to_owned() } else { s.iter().cloned().collect::<Vec<_>>().join(" + ") })
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let sec_ptr = |op: &Op<'_>| {
            if op.op.security.is_some() {
                pointer(op.ptr(), &["security"])
            } else {
                "/security".to_owned()
            }
        };
        // Breaking when some credential set the old client might use satisfies no new alternative.
        let breaks = a.iter().any(|old_alt| !b.iter().any(|new_alt| new_alt.is_subset(old_alt)));
        let rule = if breaks { "security-requirement-added" } else { "security-requirement-removed" };
        self.push(rule, format!("security of {} changed from `{}` to `{}`", n.label(), show(&a), show(&b)), Some(sec_ptr(o)), Some(sec_ptr(n)));
    }

    /// OAuth2/OpenID scopes of a requirement that stays: a token granted for the old scopes
    /// lacks a new one.
    pub(super) fn security_scopes(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let effective = |doc: &'a Document, op: &'a Operation| op.security.as_ref().or(doc.security.as_ref());
        let (Some(a), Some(b)) = (effective(self.old, o.op), effective(self.new, n.op)) else { return };
        let at = |op: &Op<'_>, i: usize, key: &str| {
            if op.op.security.is_some() {
                pointer(op.ptr(), &["security", &i.to_string(), key])
            } else {
                pointer("/security", &[&i.to_string(), key])
            }
        };
        for (i, ra) in a.iter().enumerate() {
            let keys: BTreeSet<&String> = ra.keys().collect();
            let Some((j, rb)) = b.iter().enumerate().find(|(_, rb)| rb.keys().collect::<BTreeSet<_>>() == keys) else { continue };
            for (key, scopes) in ra {
                let new_scopes = &rb[key];
                let (op_, np) = (Some(at(o, i, key)), Some(at(n, j, key)));
                for s in new_scopes.iter().filter(|s| !scopes.contains(s)) {
                    self.push("security-scope-added", format!("{}: `{key}` now needs the scope `{s}`", n.label()), op_.clone(), np.clone());
                }
                for s in scopes.iter().filter(|s| !new_scopes.contains(s)) {
                    self.push("security-scope-removed", format!("{}: `{key}` no longer needs the scope `{s}`", n.label()), op_.clone(), np.clone());
                }
            }
        }
    }
}
