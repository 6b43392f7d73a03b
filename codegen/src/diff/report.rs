//! Rendering a diff: plain/coloured text for terminals, Markdown for pull requests, JSON for
//! tools, GitHub Actions annotations, JUnit XML for CI test reports and a Markdown changelog.
//! The JSON fields are documented in `docs/diff-rules.md`.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::{Change, CodeSummary, ItemCounts, Level, SpecDiff, SpecStatus, Verdict};

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
                if let Some(p) = &c.policy {
                    let _ = writeln!(out, "               {dim}policy: {p}{dim:#}");
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
                if let Some(p) = &ch.policy {
                    msg.push_str(&format!(" <br>*policy: {}*", cell(p)));
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

    /// GitHub Actions workflow commands: `::error` for breaking changes, `::warning` for
    /// warnings, `::notice` for the rest, each on the spec file and line it concerns (the new
    /// side's when the node exists there), then the verdict line.
    pub fn github(&self) -> String {
        let mut out = String::new();
        for s in &self.specs {
            for c in &s.changes {
                let command = match c.verdict {
                    Verdict::Breaking => "error",
                    Verdict::Warning => "warning",
                    Verdict::NonBreaking | Verdict::Info => "notice",
                };
                let mut props = Vec::new();
                if let Some((file, line)) = location(s, c) {
                    props.push(format!("file={}", gh_property(file)));
                    if let Some(line) = line {
                        props.push(format!("line={line}"));
                    }
                }
                props.push(format!("title={}", gh_property(&format!("{} {} ({})", c.level.as_str(), c.rule, c.verdict.as_str()))));
                let mut message = c.message.clone();
                if !c.operations.is_empty() {
                    message.push_str(&format!("\nin {}", ops(&c.operations)));
                }
                if let Some(p) = &c.policy {
                    message.push_str(&format!("\npolicy: {p}"));
                }
                let _ = writeln!(out, "::{command} {}::{}", props.join(","), gh_data(&message));
            }
        }
        let _ = writeln!(out, "{}", self.verdict_line());
        out
    }

    /// JUnit XML: a test suite per spec and a test case per change, named by rule and pointer.
    /// A breaking change is a `<failure>`; the others pass and carry their verdict as a property,
    /// so a CI test view lists every change and fails on exactly the breaking ones. A spec
    /// without changes has one passing case.
    pub fn junit(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let c = self.counts();
        let total: usize = self.specs.iter().map(|s| s.changes.len().max(1)).sum();
        let _ = writeln!(out, "<testsuites name=\"codegen diff\" tests=\"{total}\" failures=\"{}\">", c.breaking);
        for s in &self.specs {
            let failures = s.changes.iter().filter(|c| c.verdict == Verdict::Breaking).count();
            let _ = writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
                xml(&s.name),
                s.changes.len().max(1)
            );
            if s.changes.is_empty() {
                let _ = writeln!(out, "    <testcase classname=\"{}\" name=\"no changes\"/>", xml(&s.name));
            }
            for ch in &s.changes {
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"{}.{}\" name=\"{} {}\">",
                    xml(&s.name),
                    ch.level.as_str(),
                    xml(ch.rule),
                    xml(show_ptr(&ch.pointer))
                );
                let policy = ch.policy.as_deref().map(|p| format!("<property name=\"policy\" value=\"{}\"/>", xml(p))).unwrap_or_default();
                let _ = writeln!(out, "      <properties><property name=\"verdict\" value=\"{}\"/>{policy}</properties>", ch.verdict.as_str());
                let mut detail = ch.message.clone();
                if let Some((file, line)) = location(s, ch) {
                    detail.push_str(&format!("\nat {file}{}", line.map(|l| format!(":{l}")).unwrap_or_default()));
                }
                if !ch.operations.is_empty() {
                    detail.push_str(&format!("\nin {}", ops(&ch.operations)));
                }
                if ch.verdict == Verdict::Breaking {
                    let _ = writeln!(out, "      <failure type=\"breaking\" message=\"{}\">{}</failure>", xml(&ch.message), xml(&detail));
                } else {
                    let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&detail));
                }
                let _ = writeln!(out, "    </testcase>");
            }
            let _ = writeln!(out, "  </testsuite>");
        }
        let _ = writeln!(out, "</testsuites>");
        out
    }

    /// A Markdown changelog for release notes, grouped by operation: per spec, a heading per
    /// operation (`DELETE /toys/{id}`) with its changes, the breaking ones first and marked;
    /// a change to a shared schema is listed under every operation it affects, and changes that
    /// touch no operation (servers, security schemes, unused schemas) come last.
    pub fn changelog(&self) -> String {
        let mut out = String::new();
        for s in &self.specs {
            let status = match s.status {
                SpecStatus::Compared => "",
                SpecStatus::Added => " (new)",
                SpecStatus::Removed => " (removed)",
            };
            let _ = writeln!(out, "## {}{status}\n", s.name);
            if s.changes.is_empty() {
                let _ = writeln!(out, "No changes.\n");
                continue;
            }
            // Operation → its changes, in first-seen order; `None` collects the rest.
            let mut groups: Vec<(Option<String>, Vec<&Change>)> = Vec::new();
            for ch in &s.changes {
                let mut ops = ch.operations.clone();
                if ops.is_empty() {
                    ops.extend(operation_at(&ch.pointer));
                }
                let keys: Vec<Option<String>> = if ops.is_empty() { vec![None] } else { ops.into_iter().map(Some).collect() };
                for key in keys {
                    match groups.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, list)) => list.push(ch),
                        None => groups.push((key, vec![ch])),
                    }
                }
            }
            groups.sort_by_key(|(k, _)| k.is_none());
            for (op, mut list) in groups {
                let _ = writeln!(out, "### {}\n", op.as_deref().unwrap_or("Other changes"));
                list.sort_by_key(|c| std::cmp::Reverse(c.verdict));
                for ch in list {
                    let mark = match ch.verdict {
                        Verdict::Breaking => "**Breaking:** ",
                        Verdict::Warning => "**Warning:** ",
                        Verdict::NonBreaking => "",
                        Verdict::Info => "Note: ",
                    };
                    let level = match ch.level {
                        Level::Wire => "",
                        Level::Rust => "Rust API: ",
                    };
                    let policy = ch.policy.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
                    let _ = writeln!(out, "- {mark}{level}{}{policy}", ch.message.replace('\n', " "));
                }
                let _ = writeln!(out);
            }
            let _ = writeln!(out, "Generated code: {}\n", summary_line(&s.summary));
        }
        out
    }
}

/// `DELETE /toys/{id}` for a pointer at or under `/paths/~1toys~1{id}/delete`.
pub(crate) fn operation_at(pointer: &str) -> Option<String> {
    const METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];
    let mut parts = pointer.strip_prefix("/paths/")?.split('/');
    let path = parts.next()?.replace("~1", "/").replace("~0", "~");
    let method = parts.next().filter(|m| METHODS.contains(m))?;
    Some(format!("{} {path}", method.to_uppercase()))
}

/// The spec file and line a change is reported at: the new side's where it has one.
fn location<'a>(s: &'a SpecDiff, c: &Change) -> Option<(&'a str, Option<usize>)> {
    match (&c.new, &c.old) {
        (Some(n), _) if s.new_file.is_some() => Some((s.new_file.as_deref()?, n.line)),
        (_, Some(o)) if s.old_file.is_some() => Some((s.old_file.as_deref()?, o.line)),
        _ => s.new_file.as_deref().or(s.old_file.as_deref()).map(|f| (f, None)),
    }
}

/// A workflow command's message (GitHub's escaping: `%`, CR and LF).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: the message escaping plus `:` and `,`.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// XML text and attribute escaping.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && c != '\t' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
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
