//! What the spec says about a request: which operation it is (method and path template), and
//! whether its parameters and body are what that operation takes.

use super::{CredentialSpec, Kind, Loc, OpSpec, ParamSpec};

/// A request as the mock sees it.
pub(super) struct Seen<'r> {
    pub method: &'r str,
    pub path: &'r str,
    pub query: Vec<(String, String)>,
    pub headers: &'r reqwest::header::HeaderMap,
    pub body: &'r [u8],
}

impl<'r> Seen<'r> {
    pub fn of(request: &'r wiremock::Request) -> Self {
        Seen {
            method: request.method.as_str(),
            path: request.url.path(),
            query: request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            headers: &request.headers,
            body: &request.body,
        }
    }

    /// The values of one parameter, as text (a list's items not yet split).
    pub fn values(&self, op: &OpSpec, p: &ParamSpec) -> Vec<String> {
        self.texts(op, p.loc, p.wire)
    }

    /// The values the request carries under `wire` at `loc`.
    fn texts(&self, op: &OpSpec, loc: Loc, wire: &str) -> Vec<String> {
        match loc {
            Loc::Path => path_params(op.path, self.path)
                .and_then(|(_, params)| params.into_iter().find(|(k, _)| *k == wire))
                .map(|(_, v)| vec![v])
                .unwrap_or_default(),
            Loc::Query => self
                .query
                .iter()
                .filter(|(k, _)| *k == wire || (k.starts_with(wire) && k[wire.len()..].starts_with('[')))
                .map(|(_, v)| v.clone())
                .collect(),
            Loc::Header => self
                .headers
                .get_all(wire)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect(),
            Loc::Cookie => self
                .headers
                .get_all(reqwest::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .filter(|(k, _)| *k == wire)
                .map(|(_, v)| v.to_owned())
                .collect(),
        }
    }
}

/// The operation a request is for: the method must match, and of the templates that match the
/// path the one with the most literal text wins (`/users/me` over `/users/{id}`).
pub(super) fn route(ops: &[&'static OpSpec], method: &str, path: &str) -> Option<usize> {
    ops.iter()
        .enumerate()
        .filter(|(_, op)| op.method.eq_ignore_ascii_case(method))
        .filter_map(|(i, op)| path_params(op.path, path).map(|(literal, _)| (i, literal)))
        .max_by_key(|(i, literal)| (*literal, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// Matches `path` against a template: the length of its literal text, and each parameter's
/// (percent-decoded) value; `None` when it does not match.
pub(super) fn path_params<'t>(template: &'t str, path: &str) -> Option<(usize, Vec<(&'t str, String)>)> {
    let mut rest = path;
    let mut tpl = template;
    let mut literal = 0;
    let mut params = Vec::new();
    while !tpl.is_empty() {
        match tpl.find('{') {
            Some(0) => {
                let close = tpl.find('}')?;
                let name = &tpl[1..close];
                tpl = &tpl[close + 1..];
                // A value runs to the next literal text of the template, within one segment.
                let next = tpl.find('{').map_or(tpl, |at| &tpl[..at]);
                let segment_end = rest.find('/').unwrap_or(rest.len());
                let end = if next.is_empty() {
                    segment_end
                } else {
                    rest[..segment_end].find(next).or_else(|| next.starts_with('/').then_some(segment_end))?
                };
                if end == 0 {
                    return None;
                }
                let value = percent_encoding::percent_decode_str(&rest[..end]).decode_utf8_lossy().into_owned();
                params.push((name, value));
                rest = &rest[end..];
            }
            at => {
                let end = at.unwrap_or(tpl.len());
                rest = rest.strip_prefix(&tpl[..end])?;
                literal += end;
                tpl = &tpl[end..];
            }
        }
    }
    // A trailing slash the template lacks is tolerated.
    (rest.is_empty() || rest == "/").then_some((literal, params))
}

/// Whether the mock refuses a request to `op`, with the status and the reason: `401` when it
/// lacks the credentials the operation's `security` asks for, `400` when it breaks the rest.
pub(super) fn refusal(op: &OpSpec, seen: &Seen<'_>) -> Option<(u16, String)> {
    missing_credentials(op, seen).map(|p| (401, p)).or_else(|| problem(op, seen).map(|p| (400, p)))
}

/// What credentials a request lacks: none of the operation's alternatives is carried whole.
/// Only their presence is checked; any value will do.
fn missing_credentials(op: &OpSpec, seen: &Seen<'_>) -> Option<String> {
    let carried = |c: &CredentialSpec| !seen.texts(op, c.loc, c.name).is_empty();
    if op.credentials.is_empty() || op.credentials.iter().any(|set| set.iter().all(carried)) {
        return None;
    }
    let place = |loc: Loc| if loc == Loc::Query { "query parameter" } else { loc.name() };
    let one = |c: &CredentialSpec| format!("the {} `{}` ({})", place(c.loc), c.name, c.scheme);
    let sets: Vec<String> =
        op.credentials.iter().map(|set| set.iter().map(one).collect::<Vec<_>>().join(" and ")).collect();
    Some(format!("credentials missing: it needs {}", sets.join(", or ")))
}

/// Why a request breaks the spec of its operation, if it does.
pub(super) fn problem(op: &OpSpec, seen: &Seen<'_>) -> Option<String> {
    for p in op.params {
        let values = seen.values(op, p);
        if values.is_empty() {
            if p.required {
                return Some(format!("the required {} parameter `{}` is missing", p.loc.name(), p.wire));
            }
            continue;
        }
        for value in &values {
            let items: Vec<&str> = match p.sep {
                Some(sep) if p.list => value.split(sep).collect(),
                _ => vec![value.as_str()],
            };
            if let Some(bad) = items.into_iter().find(|item| !p.kind.accepts(item)) {
                return Some(format!("the {} parameter `{}` is `{bad}`, not {}", p.loc.name(), p.wire, p.kind.name()));
            }
        }
    }
    let body = op.body.as_ref()?;
    if seen.body.is_empty() {
        return body.required.then(|| "the required request body is missing".to_owned());
    }
    let check = body.check?;
    check(seen.body).err().map(|e| format!("the request body does not decode into its type: {e}"))
}

impl Loc {
    fn name(self) -> &'static str {
        match self {
            Loc::Path => "path",
            Loc::Query => "query",
            Loc::Header => "header",
            Loc::Cookie => "cookie",
        }
    }
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Any => "a value",
            Kind::Bool => "a boolean",
            Kind::Int => "an integer",
            Kind::Number => "a number",
            Kind::Uuid => "a UUID",
            Kind::Date => "a date (YYYY-MM-DD)",
            Kind::DateTime => "a date-time (RFC 3339)",
        }
    }

    fn accepts(self, text: &str) -> bool {
        match self {
            Kind::Any => true,
            Kind::Bool => text == "true" || text == "false",
            Kind::Int => text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok(),
            Kind::Number => text.parse::<f64>().is_ok(),
            Kind::Uuid => is_uuid(text),
            Kind::Date => is_date(text),
            Kind::DateTime => text.len() > 10 && is_date(&text[..10]) && matches!(text.as_bytes()[10], b'T' | b't' | b' '),
        }
    }
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

fn is_date(text: &str) -> bool {
    text.len() == 10
        && text.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use super::{path_params, problem, refusal, route, Seen};
    use super::super::{check_json, BodySpec, CredentialSpec, Kind, Loc, OpSpec, ParamSpec};

    static SEARCH: OpSpec = OpSpec {
        id: "search",
        method: "GET",
        path: "/items/{id}",
        params: &[
            ParamSpec { wire: "id", loc: Loc::Path, required: true, kind: Kind::Int, list: false, sep: None },
            ParamSpec { wire: "X-Tenant", loc: Loc::Header, required: true, kind: Kind::Any, list: false, sep: None },
            ParamSpec { wire: "ids", loc: Loc::Query, required: false, kind: Kind::Uuid, list: true, sep: Some(',') },
        ],
        credentials: &[],
        body: Some(BodySpec { required: false, check: Some(check_json::<Vec<u8>>) }),
        example: None,
    };
    static ME: OpSpec =
        OpSpec { id: "me", method: "GET", path: "/items/me", params: &[], credentials: &[], body: None, example: None };
    const BEARER: CredentialSpec = CredentialSpec { scheme: "bearerAuth", loc: Loc::Header, name: "Authorization" };
    const KEY: CredentialSpec = CredentialSpec { scheme: "key", loc: Loc::Query, name: "api_key" };
    const SESSION: CredentialSpec = CredentialSpec { scheme: "session", loc: Loc::Cookie, name: "sid" };
    /// Either a bearer token, or an API key with a session cookie.
    static SECURED: OpSpec = OpSpec {
        id: "secured",
        method: "GET",
        path: "/items/{id}",
        params: &[ParamSpec { wire: "id", loc: Loc::Path, required: true, kind: Kind::Int, list: false, sep: None }],
        credentials: &[&[BEARER], &[KEY, SESSION]],
        body: None,
        example: None,
    };

    fn seen<'r>(path: &'r str, query: &[(&str, &str)], headers: &'r reqwest::header::HeaderMap, body: &'r [u8]) -> Seen<'r> {
        let query = query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Seen { method: "GET", path, query, headers, body }
    }

    #[test]
    fn requests_are_checked_against_their_operation() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(problem(&SEARCH, &seen("/items/1", &[], &headers, b"")).as_deref(), Some("the required header parameter `X-Tenant` is missing"));
        headers.insert("x-tenant", "t".parse().unwrap());
        assert_eq!(problem(&SEARCH, &seen("/items/1", &[], &headers, b"")), None);
        let bad_id = problem(&SEARCH, &seen("/items/x", &[], &headers, b""));
        assert_eq!(bad_id.as_deref(), Some("the path parameter `id` is `x`, not an integer"));
        let uuid = "3525d76d-cfe0-469f-b46e-cbb79ae5491e";
        assert_eq!(problem(&SEARCH, &seen("/items/1", &[("ids", &format!("{uuid},{uuid}"))], &headers, b"")), None);
        let bad_item = problem(&SEARCH, &seen("/items/1", &[("ids", &format!("{uuid},nope"))], &headers, b""));
        assert_eq!(bad_item.as_deref(), Some("the query parameter `ids` is `nope`, not a UUID"));
        let bad_body = problem(&SEARCH, &seen("/items/1", &[], &headers, b"[1, 300]")).expect("a problem");
        assert!(bad_body.starts_with("the request body does not decode into its type: [1]"), "{bad_body}");
    }

    #[test]
    fn a_request_needs_every_credential_of_one_alternative_before_anything_else() {
        let mut headers = reqwest::header::HeaderMap::new();
        let needs = "credentials missing: it needs the header `Authorization` (bearerAuth), or the query parameter `api_key` (key) and the cookie `sid` (session)";
        // Missing credentials come first (401), even when a parameter is wrong too.
        assert_eq!(refusal(&SECURED, &seen("/items/x", &[], &headers, b"")), Some((401, needs.to_owned())));
        assert_eq!(refusal(&SECURED, &seen("/items/1", &[("api_key", "k")], &headers, b"")), Some((401, needs.to_owned())));
        headers.insert(reqwest::header::COOKIE, "a=1; sid=s".parse().unwrap());
        assert_eq!(refusal(&SECURED, &seen("/items/1", &[("api_key", "k")], &headers, b"")), None);
        let mut bearer = reqwest::header::HeaderMap::new();
        bearer.insert(reqwest::header::AUTHORIZATION, "Bearer t".parse().unwrap());
        assert_eq!(refusal(&SECURED, &seen("/items/1", &[], &bearer, b"")), None);
        let bad_id = refusal(&SECURED, &seen("/items/x", &[], &bearer, b""));
        assert_eq!(bad_id, Some((400, "the path parameter `id` is `x`, not an integer".to_owned())));
        assert_eq!(refusal(&ME, &seen("/items/me", &[], &reqwest::header::HeaderMap::new(), b"")), None);
    }

    #[test]
    fn the_template_with_the_most_literal_text_wins() {
        let ops = [&SEARCH, &ME];
        assert_eq!(route(&ops, "GET", "/items/me"), Some(1));
        assert_eq!(route(&ops, "get", "/items/7"), Some(0));
        assert_eq!(route(&ops, "POST", "/items/7"), None);
    }

    #[test]
    fn templates_match_paths() {
        let (literal, params) = path_params("/api/v3/teams/{team_uid}", "/api/v3/teams/a%20b").unwrap();
        assert_eq!(literal, "/api/v3/teams/".len());
        assert_eq!(params, vec![("team_uid", "a b".to_owned())]);
        assert!(path_params("/api/v3/teams/{team_uid}", "/api/v3/teams/").is_none());
        assert!(path_params("/api/v3/teams/{team_uid}", "/api/v3/teams/x/y").is_none());
        let (_, params) = path_params("/files/{name}.json", "/files/report.json").unwrap();
        assert_eq!(params, vec![("name", "report".to_owned())]);
        assert!(path_params("/v1/about", "/v1/about").is_some());
        assert!(path_params("/v1/about", "/v1/aboutx").is_none());
    }
}
