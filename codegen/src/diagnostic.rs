//! Diagnostics: what went wrong in a spec, and where (file, line:column, JSON pointer).

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; generation goes on.
    Note,
    /// Allowed but suspicious; generation goes on.
    Warning,
    /// The spec cannot be generated.
    Error,
}

/// A position in the spec's text, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// One finding about a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The JSON pointer of the offending node (`/paths/~1v1~1about/get`), empty for the root.
    pub pointer: String,
    /// Where the node is in the file, when known.
    pub location: Option<Location>,
    /// The file, as the user named it.
    pub file: String,
    /// The source line for the snippet, or a window of it when it is long (see
    /// [`Diagnostic::source_column`]).
    pub source_line: Option<String>,
    /// The 1-based column of the node within `source_line` (differs from the location's column
    /// when `source_line` is a window).
    pub source_column: usize,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer`; the file and location are filled in by [`crate::parse::SpecSource`].
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer, message)
    }

    /// A note at `pointer`.
    pub fn note(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, pointer, message)
    }

    fn new(severity: Severity, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            pointer: pointer.into(),
            location: None,
            file: String::new(),
            source_line: None,
            source_column: 0,
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    // rustc's layout, rendered by annotate-snippets: `error: message`, ` --> file:line:col`, the
    // source line with the node underlined and labelled with its JSON pointer, `= help: hint`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        let label = format!("at {pointer}");
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        group = match (self.location, &self.source_line) {
            (Some(loc), Some(line)) if self.source_column == loc.column => group.element(
                Snippet::source(line.as_str())
                    .line_start(loc.line)
                    .path(self.file.as_str())
                    .annotation(AnnotationKind::Primary.span(underline(line, loc.column)).label(label.as_str())),
            ),
            (Some(loc), Some(window)) => {
                // A window of a long line: the header names the true column.
                group.element(Origin::path(self.file.as_str()).line(loc.line).char_column(loc.column)).element(
                    Snippet::source(window.as_str())
                        .line_start(loc.line)
                        .annotation(AnnotationKind::Primary.span(underline(window, self.source_column)).label(label.as_str())),
                )
            }
            (Some(loc), None) => group
                .element(Origin::path(self.file.as_str()).line(loc.line).char_column(loc.column))
                .element(Level::NOTE.message(label.as_str())),
            (None, _) => group.element(Origin::path(self.file.as_str())).element(Level::NOTE.message(label.as_str())),
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        writeln!(f, "{}", Renderer::plain().render(&[group]))
    }
}

/// Lines longer than this (in bytes) are shown as a window around the node.
const LONG_LINE: usize = 240;

/// The snippet text for a node at the 1-based character `column` of `line`, and the node's
/// column within it: the line itself, or for a long line (a minified JSON spec is one line of
/// megabytes) a window around the node with `...` where it was cut.
pub fn snippet(line: &str, column: usize) -> (String, usize) {
    if line.len() <= LONG_LINE {
        return (line.to_owned(), column);
    }
    let at = column.saturating_sub(1);
    let from = at.saturating_sub(40);
    let mut window = String::new();
    if from > 0 {
        window.push_str("...");
    }
    let mut chars = line.chars().skip(from);
    window.extend(chars.by_ref().take(at - from + 100));
    if chars.next().is_some() {
        window.push_str("...");
    }
    (window, at - from + 1 + if from > 0 { 3 } else { 0 })
}

/// The byte range to underline: from the 1-based character `column` to the end of that word
/// (at most 80 characters).
fn underline(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let len = rest.char_indices().nth(80).map_or(word, |(i, _)| word.min(i));
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_true_column() {
        let line = format!("{{\"a\":\"{}\",\"bad\":1,\"z\":\"{}\"}}", "x".repeat(5000), "y".repeat(5000));
        let column = line.find("\"bad\"").unwrap() + 1;
        let mut d = Diagnostic::error("/bad", "broken");
        d.file = "min.json".into();
        d.location = Some(Location { line: 1, column });
        let (window, at) = snippet(&line, column);
        d.source_line = Some(window);
        d.source_column = at;
        let text = d.to_string();
        assert!(text.contains(&format!("min.json:1:{column}")), "{text}");
        assert!(text.contains("\"bad\":1"), "{text}");
        assert!(text.len() < 1000, "the whole line was printed: {} bytes", text.len());
    }
}
