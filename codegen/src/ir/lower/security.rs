//! Security: the schemes → where the client puts each credential (unsupported kinds are
//! warned about and left out), and the schemes each operation sends.

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
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
        let mut security = Vec::new();
        for req in self.requirements(op) {
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

    /// The alternatives of an operation's requirements (its own, else the document's), each as
    /// scheme indices; none when any alternative can be met without a credential the client
    /// sends (`{}`, or a scheme it cannot send).
    pub(super) fn required_credentials(&self, op: &'a document::Operation, schemes: &[SecurityScheme]) -> Vec<Vec<usize>> {
        let mut alternatives = Vec::new();
        for req in self.requirements(op) {
            let set: Option<Vec<usize>> = req.keys().map(|key| schemes.iter().position(|s| &s.key == key)).collect();
            match set {
                Some(set) if !set.is_empty() => alternatives.push(set),
                _ => return Vec::new(),
            }
        }
        alternatives
    }

    /// The requirements that apply to an operation: its own `security`, else the document's.
    fn requirements(&self, op: &'a document::Operation) -> &'a [document::SecurityRequirement] {
        op.security.as_deref().or(self.doc.security.as_deref()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{lower31, messages, op};
    use crate::diagnostic::Severity;
    use crate::ir::model::Placement;

    const SCHEMES: &str = "
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
                query_key: {type: apiKey, in: query, name: api_key}
                session: {type: apiKey, in: cookie, name: sid}
                bearerAuth: {type: http, scheme: Bearer}
                basicAuth: {type: http, scheme: basic}
                oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://x.test/token', scopes: {}}}}
                digest: {type: http, scheme: digest}
                tls: {type: mutualTLS}
    ";

    #[test]
    fn each_scheme_kind_has_its_placement_and_unsupported_ones_are_left_out() {
        let (api, diags) = lower31(&format!("paths: {{}}\ncomponents:{SCHEMES}"));
        let schemes: Vec<(&str, &str, &Placement)> =
            api.security_schemes.iter().map(|s| (s.key.as_str(), s.name.as_str(), &s.placement)).collect();
        assert_eq!(
            schemes,
            [
                ("key", "key", &Placement::Header("X-Key".into())),
                ("query_key", "query_key", &Placement::Query("api_key".into())),
                ("session", "session", &Placement::Cookie("sid".into())),
                ("bearerAuth", "bearer_auth", &Placement::Bearer),
                ("basicAuth", "basic_auth", &Placement::Basic),
                ("oauth", "oauth", &Placement::Bearer),
            ]
        );
        assert_eq!(
            messages(&diags),
            [
                "HTTP auth scheme `digest` is not supported; operations that use it are sent without it",
                "this kind of security scheme is not supported; configure it on the HTTP client (`Client::with_http_client`)",
            ]
        );
        assert_eq!(diags[0].pointer, "/components/securitySchemes/digest");
    }

    /// Operations with their own requirements, or the document's.
    fn lower_requirements() -> (crate::ir::model::Api, Vec<crate::Diagnostic>) {
        lower31(&format!(
            "
            security: [{{key: []}}]
            paths:
              /a:
                get:
                  operationId: inherits
                  responses: {{'204': {{description: done}}}}
              /b:
                get:
                  operationId: overrides
                  security: [{{bearerAuth: []}}, {{key: [], bearerAuth: []}}, {{digest: []}}]
                  responses: {{'204': {{description: done}}}}
              /c:
                get:
                  operationId: anonymous
                  security: []
                  responses: {{'204': {{description: done}}}}
              /d:
                get:
                  operationId: misnamed
                  security: [{{nobody: []}}]
                  responses: {{'204': {{description: done}}}}
              /e:
                get:
                  operationId: either
                  security: [{{bearerAuth: []}}, {{key: [], session: []}}]
                  responses: {{'204': {{description: done}}}}
              /f:
                get:
                  operationId: optional
                  security: [{{bearerAuth: []}}, {{}}]
                  responses: {{'204': {{description: done}}}}
            components:{SCHEMES}
            "
        ))
    }

    #[test]
    fn an_operation_sends_its_own_requirements_else_the_documents() {
        let (api, diags) = lower_requirements();
        let index = |key: &str| api.security_schemes.iter().position(|s| s.key == key).expect("declared");
        assert_eq!(op(&api, "inherits").security, [index("key")]);
        // In order of first mention, each once; `digest` is declared but cannot be sent.
        assert_eq!(op(&api, "overrides").security, [index("bearerAuth"), index("key")]);
        assert!(op(&api, "anonymous").security.is_empty());
        assert!(op(&api, "misnamed").security.is_empty());
        let errors: Vec<&crate::Diagnostic> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{:?}", messages(&diags));
        assert_eq!(errors[0].message, "security requirement names `nobody`, which is not in components.securitySchemes");
        assert_eq!(errors[0].pointer, "/paths/~1d/get/security");
    }

    #[test]
    fn the_credentials_a_request_must_carry_are_the_alternatives_unless_one_needs_none() {
        let (api, _) = lower_requirements();
        let index = |key: &str| api.security_schemes.iter().position(|s| s.key == key).expect("declared");
        assert_eq!(op(&api, "inherits").required_credentials, [vec![index("key")]]);
        assert_eq!(op(&api, "either").required_credentials, [vec![index("bearerAuth")], vec![index("key"), index("session")]]);
        // `{}` lets a request go without; `digest` is a scheme the client cannot send.
        assert!(op(&api, "optional").required_credentials.is_empty());
        assert!(op(&api, "overrides").required_credentials.is_empty());
        assert!(op(&api, "anonymous").required_credentials.is_empty());
    }
}
