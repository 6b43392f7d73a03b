//! The one path-template type: `/users/{id}/posts` split once into literals and variables.

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// `{name}`.
    Param(String),
}

/// A path template as written, and its pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// As written under `paths`.
    pub raw: String,
    /// Literal text and variables in order (an unclosed `{` stays literal).
    pub segments: Vec<PathSegment>,
}

impl PathTemplate {
    /// Splits a template.
    pub fn parse(raw: &str) -> Self {
        let mut segments = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            if start > 0 {
                segments.push(PathSegment::Literal(rest[..start].to_owned()));
            }
            segments.push(PathSegment::Param(rest[start + 1..start + len].to_owned()));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        PathTemplate { raw: raw.to_owned(), segments }
    }

    /// The variable names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(n) => Some(n.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// The template with every variable written `{}`: renaming a variable is invisible on the
    /// wire, so two templates that differ only in names are the same route.
    pub fn route(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                PathSegment::Literal(l) => l.as_str(),
                PathSegment::Param(_) => "{}",
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_and_variables() {
        let t = PathTemplate::parse("/a/{id}.{ext}/b");
        assert_eq!(
            t.segments,
            vec![
                PathSegment::Literal("/a/".into()),
                PathSegment::Param("id".into()),
                PathSegment::Literal(".".into()),
                PathSegment::Param("ext".into()),
                PathSegment::Literal("/b".into()),
            ]
        );
        assert_eq!(t.names().collect::<Vec<_>>(), ["id", "ext"]);
        assert_eq!(t.route(), "/a/{}.{}/b");
        // An unclosed brace is literal text.
        assert_eq!(PathTemplate::parse("/x/{y").segments, vec![PathSegment::Literal("/x/{y".into())]);
    }
}
