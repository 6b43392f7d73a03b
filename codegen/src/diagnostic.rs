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
    /// The source line, for the snippet.
    pub source_line: Option<String>,
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
    // rustc's layout: `error: message`, ` --> file:line:col`, the line with a caret, `= hint`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        match self.location {
            Some(loc) => writeln!(f, "  --> {}:{}:{} (at {pointer})", self.file, loc.line, loc.column)?,
            None => writeln!(f, "  --> {} (at {pointer})", self.file)?,
        }
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let gutter = loc.line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {line}", loc.line)?;
            let pad: String = line.chars().take(loc.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            writeln!(f, "{:gutter$} | {pad}^", "")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON-pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` followed by the escaped `tokens`.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_owned();
    for t in tokens {
        out.push('/');
        out.push_str(&pointer_token(t));
    }
    out
}
