//! Rendering a diff: plain/coloured text for terminals, Markdown for pull requests, JSON for
//! tools. The JSON fields are documented in `docs/diff-rules.md`.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::{CodeSummary, ItemCounts, Level, SpecDiff, SpecStatus, Verdict};

/// The diffs of every compared spec.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry per spec.
    pub specs: Vec<SpecDiff>,
}

/// Changes by verdict.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Changes a reviewer should judge.
    pub warning: usize,
    /// Compatible changes.
    pub non_breaking: usize,
    /// Notes.
    pub info: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    verdict: &'static str,
    wire_verdict: &'static str,
    rust_verdict: &'static str,
    counts: Counts,
    summary: CodeSummary,
    specs: &'a [SpecDiff],
}

fn name(v: Option<Verdict>) -> &'static str {
    v.map_or("unchanged", Verdict::as_str)
}

impl Report {
    /// The worst verdict over every spec (at one level, or both).
    pub fn verdict(&self, level: Option<Level>) -> Option<Verdict> {
        self.specs.iter().flat_map(|s| &s.changes).filter(|c| level.is_none_or(|l| c.level == l)).map(|c| c.verdict).max()
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.verdict(None) == Some(Verdict::Breaking)
    }

    /// Number of changes.
    pub fn change_count(&self) -> usize {
        self.specs.iter().map(|s| s.changes.len()).sum()
    }

    /// Changes by verdict.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for ch in self.specs.iter().flat_map(|s| &s.changes) {
            match ch.verdict {
                Verdict::Breaking => c.breaking += 1,
                Verdict::NonBreaking => c.non_breaking += 1,
                Verdict::Warning => c.warning += 1,
                Verdict::Info => c.info += 1,
            }
        }
        c
    }

    /// The generated-code summary over every spec.
    pub fn summary(&self) -> CodeSummary {
        let mut total = CodeSummary::default();
        let add = |t: &mut ItemCounts, s: &ItemCounts| {
            t.added += s.added;
            t.removed += s.removed;
            t.changed += s.changed;
        };
        for s in &self.specs {
            add(&mut total.types, &s.summary.types);
            add(&mut total.methods, &s.summary.methods);
            add(&mut total.fields, &s.summary.fields);
            add(&mut total.variants, &s.summary.variants);
        }
        total
    }

    /// The JSON document.
    pub fn json(&self) -> String {
        let doc = JsonReport {
            verdict: name(self.verdict(None)),
            wire_verdict: name(self.verdict(Some(Level::Wire))),
            rust_verdict: name(self.verdict(Some(Level::Rust))),
            counts: self.counts(),
            summary: self.summary(),
            specs: &self.specs,
        };
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The verdict line that closes the text report.
    pub fn verdict_line(&self) -> String {
        let c = self.counts();
        let overall = match self.verdict(None) {
            None => "no changes".to_owned(),
            Some(Verdict::Breaking) => "BREAKING".to_owned(),
            Some(v) => v.as_str().to_owned(),
        };
        format!(
            "Verdict: {overall} (wire: {}, rust: {}) — {} changes: {} breaking, {} warning, {} non-breaking, {} info",
            name(self.verdict(Some(Level::Wire))),
            name(self.verdict(Some(Level::Rust))),
            self.change_count(),
            c.breaking,
            c.warning,
            c.non_breaking,
            c.info
        )
    }

    /// Text with ANSI styles; write it through `anstream` to strip them where colour is off.
    pub fn text(&self) -> String {
        let bold = Style::new().bold();
        let dim = Style::new().dimmed();
        let style = |v: Verdict| match v {
            Verdict::Breaking => AnsiColor::Red.on_default().bold(),
            Verdict::Warning => AnsiColor::Yellow.on_default().bold(),
            Verdict::NonBreaking => AnsiColor::Green.on_default(),
            Verdict::Info => AnsiColor::Cyan.on_default(),
        };
        let mut out = String::new();
        for s in &self.specs {
            let sides = match s.status {
                SpecStatus::Compared => format!("{} → {}", s.old_file.as_deref().unwrap_or("?"), s.new_file.as_deref().unwrap_or("?")),
                SpecStatus::Added => "added".to_owned(),
                SpecStatus::Removed => "removed".to_owned(),
            };
            let _ = writeln!(out, "{bold}{}{bold:#} {dim}({sides}){dim:#}", s.name);
            if s.changes.is_empty() {
                let _ = writeln!(out, "  no changes");
                let _ = writeln!(out);
                continue;
            }
            for c in &s.changes {
                let st = style(c.verdict);
                let _ = writeln!(out, "  {st}{:<12}{st:#} {:<4} {bold}{}{bold:#}: {}", c.verdict.as_str(), c.level.as_str(), c.rule, c.message);
                let mut at = Vec::new();
                if let Some(o) = &c.old {
                    at.push(format!("old {}{}", line(s.old_file.as_deref(), o.line), show_ptr(&o.pointer)));
                }
                if let Some(n) = &c.new {
                    at.push(format!("new {}{}", line(s.new_file.as_deref(), n.line), show_ptr(&n.pointer)));
                }
                let _ = writeln!(out, "               {dim}{}{dim:#}", at.join("  ·  "));
                if !c.operations.is_empty() {
                    let _ = writeln!(out, "               {dim}in {}{dim:#}", ops(&c.operations));
                }
            }
            let _ = writeln!(out, "  generated code: {}", summary_line(&s.summary));
            let _ = writeln!(out, "  wire: {} · rust: {}", name(s.wire_verdict), name(s.rust_verdict));
            let _ = writeln!(out);
        }
        let st = match self.verdict(None) {
            Some(v) => style(v),
            None => bold,
        };
        let _ = writeln!(out, "{st}{}{st:#}", self.verdict_line());
        out
    }

    /// GitHub-flavoured Markdown: one table of changes per spec.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## Spec diff: **{}** (wire: {}, rust: {})\n",
            name(self.verdict(None)),
            name(self.verdict(Some(Level::Wire))),
            name(self.verdict(Some(Level::Rust)))
        );
        let c = self.counts();
        let _ = writeln!(out, "{} changes: {} breaking, {} warning, {} non-breaking, {} info.\n", self.change_count(), c.breaking, c.warning, c.non_breaking, c.info);
        for s in &self.specs {
            let status = match s.status {
                SpecStatus::Compared => "",
                SpecStatus::Added => " (added)",
                SpecStatus::Removed => " (removed)",
            };
            let _ = writeln!(out, "### `{}`{status} — {}\n", s.name, name(s.verdict));
            if s.changes.is_empty() {
                let _ = writeln!(out, "No changes.\n");
                continue;
            }
            let _ = writeln!(out, "| Verdict | Level | Rule | Change | Where |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for ch in &s.changes {
                let verdict = match ch.verdict {
                    Verdict::Breaking => "**breaking**",
                    v => v.as_str(),
                };
                let mut at = Vec::new();
                if let Some(o) = &ch.old {
                    at.push(format!("old{} `{}`", o.line.map(|l| format!(" L{l}")).unwrap_or_default(), show_ptr(&o.pointer)));
                }
                if let Some(n) = &ch.new {
                    at.push(format!("new{} `{}`", n.line.map(|l| format!(" L{l}")).unwrap_or_default(), show_ptr(&n.pointer)));
                }
                let mut msg = cell(&ch.message);
                if !ch.operations.is_empty() {
                    msg.push_str(&format!(" <br>in {}", cell(&ops(&ch.operations))));
                }
                let _ = writeln!(out, "| {verdict} | {} | `{}` | {msg} | {} |", ch.level.as_str(), ch.rule, at.join("<br>"));
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "| Generated code | Added | Removed | Changed |");
            let _ = writeln!(out, "|---|---:|---:|---:|");
            for (label, n) in [("types", s.summary.types), ("methods", s.summary.methods), ("fields", s.summary.fields), ("variants", s.summary.variants)] {
                let _ = writeln!(out, "| {label} | {} | {} | {} |", n.added, n.removed, n.changed);
            }
            let _ = writeln!(out);
        }
        out
    }
}

fn line(file: Option<&str>, line: Option<usize>) -> String {
    match (file, line) {
        (Some(f), Some(l)) => format!("{f}:{l} "),
        (Some(f), None) => format!("{f} "),
        _ => String::new(),
    }
}

fn show_ptr(p: &str) -> &str {
    if p.is_empty() {
        "/"
    } else {
        p
    }
}

fn ops(list: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut s = list.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if list.len() > SHOWN {
        s.push_str(&format!(" and {} more", list.len() - SHOWN));
    }
    s
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `types +1 −0 ~2 · methods …`.
pub fn summary_line(s: &CodeSummary) -> String {
    [("types", s.types), ("methods", s.methods), ("fields", s.fields), ("variants", s.variants)]
        .iter()
        .map(|(label, n)| format!("{label} +{} -{} ~{}", n.added, n.removed, n.changed))
        .collect::<Vec<_>>()
        .join(" · ")
}
