//! Spec-diff review: what a spec change does on the wire and to code written against the
//! generated crate.
//!
//! Two comparisons run on every pair of specs:
//! - [`wire`] walks both OpenAPI documents (following `$ref`s) and asks whether a client built
//!   for the old spec would fail against a server implementing the new one;
//! - [`rust_api`] compares the IR of both sides the way the emitter turns it into Rust and asks
//!   whether code written against the old generated crate would still compile.
//!
//! Every finding is a [`Change`] named by a rule of the catalogue in [`rules`] (documented in
//! `docs/diff-rules.md`); [`policy`] adjusts verdicts (severity overrides, deprecation and
//! sunset, stability levels, the ignore file); [`report`] renders them, and [`cli`] is the
//! `codegen diff` command.

#[cfg(feature = "cli")]
pub mod cli;
pub mod policy;
pub mod report;
pub mod rules;
pub mod rust_api;
pub mod wire;

use serde::Serialize;

use crate::parse::SpecSource;
use crate::Diagnostic;

pub use rules::{Rule, RULES};

/// Which question a change answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// HTTP compatibility: old client against new server.
    Wire,
    /// Source compatibility: code written against the old generated crate.
    Rust,
}

impl Level {
    /// `wire` or `rust`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Wire => "wire",
            Level::Rust => "rust",
        }
    }
}

/// How serious a change is. Ordered from least to most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Worth knowing; no compatibility impact.
    Info,
    /// Compatible.
    NonBreaking,
    /// May break some clients: the change cannot be judged from the spec alone (a rewritten
    /// `pattern`, a changed parameter default). A reviewer should look.
    Warning,
    /// Incompatible.
    Breaking,
}

impl Verdict {
    /// `breaking`, `warning`, `non-breaking` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Info => "info",
            Verdict::NonBreaking => "non-breaking",
            Verdict::Warning => "warning",
            Verdict::Breaking => "breaking",
        }
    }
}

/// One side's position of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    /// JSON pointer into that side's spec.
    pub pointer: String,
    /// 1-based line of the node (or its nearest located ancestor), when known.
    pub line: Option<usize>,
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule id (see [`RULES`]).
    pub rule: &'static str,
    /// Wire or Rust.
    pub level: Level,
    /// The rule's verdict.
    pub verdict: Verdict,
    /// What changed, in one sentence.
    pub message: String,
    /// The primary JSON pointer: the new side's when the node exists there, else the old side's.
    pub pointer: String,
    /// Where it is in the old spec.
    pub old: Option<Site>,
    /// Where it is in the new spec.
    pub new: Option<Site>,
    /// Operations it affects (`GET /pets`), for changes inside shared schemas.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
    /// Why the policy moved the verdict from the rule's (deprecated, stability level, ignored,
    /// `--severity`), when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The node concerned is deprecated: the old side's for a removal, the new side's for a
    /// deprecation.
    #[serde(skip)]
    pub deprecated: Option<policy::Deprecation>,
}

/// A change before positions are filled in: rule, message and the pointers on each side.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub rule: &'static str,
    pub message: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub operations: Vec<String>,
    pub deprecated: Option<policy::Deprecation>,
}

impl Finding {
    pub(crate) fn new(rule: &'static str, message: impl Into<String>, old: Option<String>, new: Option<String>) -> Self {
        Finding { rule, message: message.into(), old, new, operations: Vec::new(), deprecated: None }
    }

    pub(crate) fn deprecated(mut self, d: Option<policy::Deprecation>) -> Self {
        self.deprecated = d;
        self
    }

    pub(crate) fn on(mut self, op: Option<&str>) -> Self {
        if let Some(op) = op {
            if !self.operations.iter().any(|o| o == op) {
                self.operations.push(op.to_owned());
            }
        }
        self
    }
}

/// Collects findings, merging repeats of the same change (one shared schema seen from several
/// operations) into one change that lists every operation.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub(crate) fn push(&mut self, f: Finding) {
        if let Some(same) = self.items.iter_mut().find(|g| g.rule == f.rule && g.old == f.old && g.new == f.new && g.message == f.message) {
            for op in f.operations {
                if !same.operations.contains(&op) {
                    same.operations.push(op);
                }
            }
            return;
        }
        self.items.push(f);
    }

    pub(crate) fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}

/// Counts of generated items added, removed and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ItemCounts {
    /// New items.
    pub added: usize,
    /// Items gone.
    pub removed: usize,
    /// Items whose signature, type or shape changed (renames included).
    pub changed: usize,
}

/// What changes in the generated code, by kind of item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CodeSummary {
    /// Types in the `types` module.
    pub types: ItemCounts,
    /// `Client` methods (operations and credential setters).
    pub methods: ItemCounts,
    /// Struct fields.
    pub fields: ItemCounts,
    /// Enum variants.
    pub variants: ItemCounts,
}

/// How a spec file fared between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpecStatus {
    /// On both sides.
    Compared,
    /// Only on the new side.
    Added,
    /// Only on the old side.
    Removed,
}

/// The diff of one spec.
#[derive(Debug, Clone, Serialize)]
pub struct SpecDiff {
    /// The spec's display name (its path).
    pub name: String,
    /// The old side's file label (e.g. `REV:specs/x.yaml`).
    pub old_file: Option<String>,
    /// The new side's file label.
    pub new_file: Option<String>,
    /// Compared, added or removed.
    pub status: SpecStatus,
    /// The worst wire-level verdict, if any change.
    pub wire_verdict: Option<Verdict>,
    /// The worst Rust-level verdict, if any change.
    pub rust_verdict: Option<Verdict>,
    /// The worst of both.
    pub verdict: Option<Verdict>,
    /// Generated items added, removed and changed.
    pub summary: CodeSummary,
    /// Every change, wire level first, each level in spec order.
    pub changes: Vec<Change>,
    /// What is wrong with either side (invalid, but readable: a review tool reads what people
    /// write), as warnings with their file, line and pointer.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// What the policy reads beyond the changes (the old side's stability levels).
    #[serde(skip)]
    pub facts: policy::Facts,
}

impl SpecDiff {
    fn finish(name: String, old_file: Option<String>, new_file: Option<String>, status: SpecStatus, changes: Vec<Change>) -> Self {
        let summary = rules::summarize(&changes);
        let mut diff = SpecDiff {
            warnings: Vec::new(),
            facts: policy::Facts::default(),
            wire_verdict: None,
            rust_verdict: None,
            verdict: None,
            name,
            old_file,
            new_file,
            status,
            summary,
            changes,
        };
        diff.refresh_verdicts();
        diff
    }

    /// Recomputes the worst verdicts from the changes (after the policy moved some).
    pub fn refresh_verdicts(&mut self) {
        let worst = |level: Option<Level>| self.changes.iter().filter(|c| level.is_none_or(|l| c.level == l)).map(|c| c.verdict).max();
        (self.wire_verdict, self.rust_verdict, self.verdict) = (worst(Some(Level::Wire)), worst(Some(Level::Rust)), worst(None));
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.verdict == Some(Verdict::Breaking)
    }
}

/// One side of a comparison: a file label and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The label used in diagnostics and the report.
    pub file: &'a str,
    /// The spec text.
    pub text: &'a str,
}

/// One side read for the diff: any document that parses is compared, and what `check` would
/// refuse comes back as warnings (placed: file, line, pointer).
fn read_side(side: Input<'_>) -> Result<(crate::ir::Api, crate::parse::ParsedSpec, Vec<Diagnostic>), Vec<Diagnostic>> {
    let spec = crate::parse::parse(side.file, side.text)?;
    let mut diags = spec.repairs.clone();
    diags.extend(crate::validate::spec(&spec));
    diags.extend(spec.reading.iter().cloned());
    let (api, lowering) = crate::ir::lower(&spec.document);
    diags.extend(lowering);
    let warnings = diags
        .into_iter()
        .filter(|d| d.severity >= crate::Severity::Warning)
        .map(|mut d| {
            d.severity = crate::Severity::Warning;
            d
        })
        .collect();
    let warnings = spec.source.place_all(warnings);
    Ok((api, spec, warnings))
}

/// Compares two versions of one spec. Only unreadable input (not YAML or JSON, not OpenAPI 3)
/// comes back as errors (both sides are read, so all problems show in one run); problems a
/// readable document has are warnings on the diff.
pub fn diff_specs(name: &str, old: Input<'_>, new: Input<'_>) -> Result<SpecDiff, Vec<Diagnostic>> {
    crate::stack::with_room(|| diff_specs_here(name, old, new))
}

fn diff_specs_here(name: &str, old: Input<'_>, new: Input<'_>) -> Result<SpecDiff, Vec<Diagnostic>> {
    let a = read_side(old);
    let b = read_side(new);
    let ((old_api, old_spec, old_warnings), (new_api, new_spec, new_warnings)) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut diags = Vec::new();
            if let Err(d) = a {
                diags.extend(d);
            }
            if let Err(d) = b {
                diags.extend(d);
            }
            return Err(diags);
        }
    };
    let mut changes = Vec::new();
    for f in wire::compare(&old_spec.document, &new_spec.document) {
        changes.push(place(f, &old_spec.source, &new_spec.source));
    }
    for f in rust_api::compare(&old_api, &new_api) {
        let mut c = place(f, &old_spec.source, &new_spec.source);
        // A Rust item removed with its spec node shares that node's deprecation (the method of
        // a removed deprecated operation, the field of a removed deprecated property).
        if let (None, true, Some(node)) = (&c.deprecated, policy::is_removal(c.rule), c.old.as_ref().map(|s| s.pointer.clone())) {
            let wire = changes.iter().filter(|w: &&Change| w.level == Level::Wire && policy::is_removal(w.rule));
            c.deprecated = wire.filter(|w| w.old.as_ref().is_some_and(|s| s.pointer == node)).find_map(|w| w.deprecated.clone());
        }
        changes.push(c);
    }
    let mut diff = SpecDiff::finish(name.to_owned(), Some(old.file.to_owned()), Some(new.file.to_owned()), SpecStatus::Compared, changes);
    diff.warnings = old_warnings.into_iter().chain(new_warnings).collect();
    diff.facts = policy::Facts::of(&old_spec.document);
    Ok(diff)
}

/// A spec that exists only on the new side (`added`) or only on the old side.
pub fn whole_spec(name: &str, side: Input<'_>, added: bool) -> Result<SpecDiff, Vec<Diagnostic>> {
    crate::stack::with_room(|| whole_spec_here(name, side, added))
}

fn whole_spec_here(name: &str, side: Input<'_>, added: bool) -> Result<SpecDiff, Vec<Diagnostic>> {
    let (api, _, warnings) = read_side(side)?;
    let (rule, what) = if added { ("spec-added", "added") } else { ("spec-removed", "removed") };
    let message = format!(
        "spec `{name}` was {what} ({} operations, {} types)",
        api.operations.len(),
        api.types.len()
    );
    let site = Some(Site { pointer: String::new(), line: Some(1) });
    let rule_def = rules::rule(rule);
    let change = Change {
        rule,
        level: rule_def.map_or(Level::Wire, |r| r.level),
        verdict: rule_def.map_or(Verdict::Breaking, |r| r.verdict),
        message,
        pointer: String::new(),
        old: if added { None } else { site.clone() },
        new: if added { site } else { None },
        operations: Vec::new(),
        policy: None,
        deprecated: None,
    };
    let (old_file, new_file, status) =
        if added { (None, Some(side.file.to_owned()), SpecStatus::Added) } else { (Some(side.file.to_owned()), None, SpecStatus::Removed) };
    let mut diff = SpecDiff::finish(name.to_owned(), old_file, new_file, status, vec![change]);
    diff.warnings = warnings;
    Ok(diff)
}

fn place(f: Finding, old: &SpecSource, new: &SpecSource) -> Change {
    let rule = rules::rule(f.rule);
    let site = |src: &SpecSource, p: Option<String>| p.map(|p| Site { line: src.locate(&p).map(|l| l.line), pointer: p });
    let old_site = site(old, f.old);
    let new_site = site(new, f.new);
    let pointer = new_site.as_ref().or(old_site.as_ref()).map(|s| s.pointer.clone()).unwrap_or_default();
    Change {
        rule: f.rule,
        // Every rule used in code is in the catalogue (a test checks); fall back to safe values.
        level: rule.map_or(Level::Wire, |r| r.level),
        verdict: rule.map_or(Verdict::Breaking, |r| r.verdict),
        message: f.message,
        pointer,
        old: old_site,
        new: new_site,
        operations: f.operations,
        policy: None,
        deprecated: f.deprecated,
    }
}
