//! Security: the schemes → where the client puts each credential (unsupported kinds are
//! warned about and left out), and the schemes each operation sends.

use super::Lowering;
use crate::diagnostic::{pointer, Diagnostic};
use crate::document::{self, ParamIn, SchemeKind};
use crate::ir::model::{Placement, SecurityScheme};
use crate::naming::{self, Scope};

impl<'a> Lowering<'a> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let mut names = Scope::default();
        for s in &self.doc.security_schemes {
            let placement = match &s.kind {
                SchemeKind::ApiKey { location, name } => match location {
                    ParamIn::Header => Placement::Header(name.clone()),
                    ParamIn::Query => Placement::Query(name.clone()),
                    ParamIn::Cookie => Placement::Cookie(name.clone()),
                    ParamIn::Path => continue,
                },
                SchemeKind::Http(scheme) if scheme == "bearer" => Placement::Bearer,
                SchemeKind::Http(scheme) if scheme == "basic" => Placement::Basic,
                SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => Placement::Bearer,
                SchemeKind::Http(scheme) => {
                    self.diags.push(Diagnostic::warning(
                        s.pointer.clone(),
                        format!("HTTP auth scheme `{scheme}` is not supported; operations that use it are sent without it"),
                    ));
                    continue;
                }
                SchemeKind::MutualTls | SchemeKind::Other(_) => {
                    self.diags.push(Diagnostic::warning(
                        s.pointer.clone(),
                        "this kind of security scheme is not supported; configure it on the HTTP client (`Client::with_http_client`)",
                    ));
                    continue;
                }
            };
            out.push(SecurityScheme { key: s.key.clone(), name: names.claim(&naming::snake(&s.key)), placement, doc: s.description.clone() });
        }
        out
    }

    /// The schemes (indices into `schemes`) whose credentials an operation sends: its own
    /// `security`, else the document's; a requirement naming no declared scheme is an error.
    pub(super) fn operation_security(&mut self, op: &'a document::Operation, schemes: &[SecurityScheme]) -> Vec<usize> {
        let requirements = op.security.as_ref().or(self.doc.security.as_ref());
        let mut security = Vec::new();
        for req in requirements.into_iter().flatten() {
            for key in req.keys() {
                match schemes.iter().position(|s| &s.key == key) {
                    Some(i) if !security.contains(&i) => security.push(i),
                    Some(_) => {}
                    // Declared but of a kind the client cannot send: warned about once, above.
                    None if self.doc.security_schemes.iter().any(|s| &s.key == key) => {}
                    None => self.diags.push(Diagnostic::error(
                        pointer(&op.pointer, &["security"]),
                        format!("security requirement names `{key}`, which is not in components.securitySchemes"),
                    )),
                }
            }
        }
        security
    }
}
