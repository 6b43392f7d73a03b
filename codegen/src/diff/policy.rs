//! Review policy applied to classified changes: per-rule severity overrides, the removal of
//! deprecated items (after their `x-sunset` with `--deprecation-days`), `x-stability-level`
//! of operations, and an ignore file. Each adjusted change keeps its rule and says why its
//! verdict moved (`Change::policy`), so nothing is hidden from the reviewer.

use std::collections::BTreeMap;

use super::{Change, Level, SpecDiff, Verdict, RULES};
use crate::document::{Document, Operation};
use crate::diagnostic::Location;
use crate::Diagnostic;

/// `x-stability-level` of an operation, least stable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stability {
    /// `draft`: may change in any way.
    Draft,
    /// `alpha`: may change in any way.
    Alpha,
    /// `beta`: breaking changes are warnings.
    Beta,
    /// `stable` (the default when the extension is absent).
    Stable,
}

impl Stability {
    /// The operation's level; `None` for an absent or unknown value (treated as stable).
    pub fn of(op: &Operation) -> Option<Stability> {
        Self::in_extensions(&op.extensions)
    }

    /// The level an `x-stability-level` among `extensions` names (operations, schemas).
    pub fn in_extensions(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<Stability> {
        match extensions.get("x-stability-level")?.as_str()?.to_ascii_lowercase().as_str() {
            "draft" => Some(Stability::Draft),
            "alpha" => Some(Stability::Alpha),
            "beta" => Some(Stability::Beta),
            "stable" => Some(Stability::Stable),
            _ => None,
        }
    }

    /// `draft`, `alpha`, `beta` or `stable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }
}

/// The node a change concerns was deprecated (the old side's node for a removal, the new side's
/// for a deprecation), with its `x-sunset` as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecation {
    /// `x-sunset`: an RFC 3339 date (or date-time; the date part counts).
    pub sunset: Option<String>,
}

/// What the policy needs to know about one spec beyond its changes.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The old side's operations (`GET /pets`) with a declared stability level.
    pub stability: BTreeMap<String, Stability>,
}

impl Facts {
    /// Facts of the old side of a comparison.
    pub fn of(old: &Document) -> Facts {
        let stability = old
            .operations
            .iter()
            .filter_map(|op| Some((op.label(), Stability::of(op)?)))
            .collect();
        Facts { stability }
    }
}

/// A civil date, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    /// `YYYY-MM-DD`, or the date part of an RFC 3339 date-time.
    pub fn parse(s: &str) -> Option<Day> {
        let date = s.get(..10)?;
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || (s.len() > 10 && !s[10..].starts_with(['T', 't', ' '])) {
            return None;
        }
        let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days_in_month = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month[m as usize - 1] {
            return None;
        }
        Some(Day(days_from_civil(y, m, d)))
    }

    /// Today (UTC) from the system clock.
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Day((secs / 86_400) as i64)
    }
}

/// Howard Hinnant's `days_from_civil`: proleptic Gregorian date to days since the epoch.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// One line of the ignore file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    /// A rule id, or `*` for any rule.
    pub rule: String,
    /// A JSON pointer (matched against the change's pointers on either side); a trailing `*`
    /// matches every pointer that starts with what precedes it.
    pub pointer: String,
    /// Why the change is accepted: required, and shown with the change.
    pub reason: String,
    /// The line in the ignore file, for the "matched nothing" warning.
    pub line: usize,
}

impl Ignore {
    fn matches(&self, c: &Change) -> bool {
        let rule = self.rule == "*" || self.rule == c.rule;
        let pointer = |p: &str| match self.pointer.strip_suffix('*') {
            Some(prefix) => p.starts_with(prefix),
            None => p == self.pointer,
        };
        let sides = c.old.iter().chain(&c.new).map(|s| s.pointer.as_str());
        rule && (pointer(&c.pointer) || sides.into_iter().any(pointer))
    }
}

/// The review policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Verdicts that replace a rule's catalogue verdict (`--severity RULE=VERDICT`).
    pub severities: BTreeMap<String, Verdict>,
    /// `--deprecation-days N`: a deprecated item may be removed once its `x-sunset` has passed,
    /// and a new deprecation must set an `x-sunset` at least N days ahead.
    pub deprecation_days: Option<u32>,
    /// The day sunsets are compared with.
    pub today: Day,
    /// Accepted changes (`.codegen-diff-ignore`).
    pub ignores: Vec<Ignore>,
    /// The file they came from.
    pub ignore_file: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { severities: BTreeMap::new(), deprecation_days: None, today: Day::today(), ignores: Vec::new(), ignore_file: None }
    }
}

/// Reads an ignore file: one entry per line, `RULE POINTER REASON…` separated by whitespace;
/// blank lines and lines starting with `#` are skipped. An unknown rule or a missing reason is an
/// error at its line, so a typo cannot silently accept nothing (or everything).
pub fn parse_ignore_file(file: &str, text: &str) -> Result<Vec<Ignore>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fail = |msg: String| {
            let mut d = Diagnostic::error("", msg);
            d.file = file.to_owned();
            d.location = Some(Location { line: i + 1, column: 1 });
            errors.push(d);
        };
        let mut words = line.splitn(3, char::is_whitespace);
        let (rule, pointer) = (words.next().unwrap_or_default(), words.next().unwrap_or_default().trim());
        let reason = words.next().unwrap_or_default().trim();
        if rule != "*" && !RULES.iter().any(|r| r.id == rule) {
            fail(format!("unknown rule `{rule}` (see docs/diff-rules.md for the catalogue, or `*` for any)"));
        } else if !(pointer == "*" || pointer.starts_with('/')) {
            fail(format!("`{pointer}` is not a JSON pointer (it starts with `/`; `*` matches any)"));
        } else if reason.is_empty() {
            fail("an ignore entry needs a reason after the rule and the pointer".to_owned());
        } else {
            out.push(Ignore { rule: rule.to_owned(), pointer: pointer.to_owned(), reason: reason.to_owned(), line: i + 1 });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Parses `RULE=VERDICT` (`--severity`).
pub fn parse_severity(arg: &str) -> Result<(String, Verdict), String> {
    let (rule, verdict) = arg.split_once('=').ok_or_else(|| format!("`{arg}` is not RULE=VERDICT"))?;
    if !RULES.iter().any(|r| r.id == rule) {
        return Err(format!("unknown rule `{rule}` (see docs/diff-rules.md)"));
    }
    let verdict = [Verdict::Breaking, Verdict::Warning, Verdict::NonBreaking, Verdict::Info]
        .into_iter()
        .find(|v| v.as_str() == verdict)
        .ok_or_else(|| format!("`{verdict}` is not a verdict (breaking, warning, non-breaking, info)"))?;
    Ok((rule.to_owned(), verdict))
}

/// Applies the policy to one spec's changes and recomputes its verdicts. Returns, per ignore
/// entry, whether it matched anything (for the caller's "matched nothing" warning).
pub fn apply(diff: &mut SpecDiff, policy: &Policy) -> Vec<bool> {
    let mut used = vec![false; policy.ignores.len()];
    for c in &mut diff.changes {
        let mut notes = Vec::new();
        if let Some(&v) = policy.severities.get(c.rule) {
            if v != c.verdict {
                notes.push(format!("--severity sets {}", v.as_str()));
                c.verdict = v;
            }
        }
        deprecation(c, policy, policy.severities.contains_key(c.rule), &mut notes);
        stability(c, &diff.facts, &mut notes);
        if let Some(i) = policy.ignores.iter().position(|ig| ig.matches(c)) {
            used[i] = true;
            if c.verdict > Verdict::Info {
                c.verdict = Verdict::Info;
            }
            notes.push(format!("ignored: {}", policy.ignores[i].reason));
        }
        if !notes.is_empty() {
            c.policy = Some(notes.join("; "));
        }
    }
    diff.refresh_verdicts();
    used
}

/// Whether a rule reports that something is gone (`operation-removed`, `rust-field-removed`, …).
pub(crate) fn is_removal(rule: &str) -> bool {
    rule.ends_with("-removed")
}

/// Removals of deprecated items and new deprecations, judged by their `x-sunset`. A removal
/// before a sunset still to come is breaking (the spec promised the item until that day, as
/// oasdiff's `*-removed-before-sunset` rules say), unless `--severity` set the rule's verdict
/// (`overridden`).
fn deprecation(c: &mut Change, policy: &Policy, overridden: bool, notes: &mut Vec<String>) {
    let Some(dep) = &c.deprecated else { return };
    let sunset = dep.sunset.as_deref().map(|s| (s, Day::parse(s)));
    if is_removal(c.rule) && c.verdict >= Verdict::Warning {
        match (policy.deprecation_days, sunset) {
            // The spec promised it until a day still to come: removing it now breaks the promise.
            (_, Some((s, Some(day)))) if day > policy.today => {
                if !overridden {
                    c.verdict = Verdict::Breaking;
                }
                notes.push(format!("removed before its sunset {s}"));
            }
            (None, _) => {
                c.verdict = Verdict::NonBreaking;
                notes.push("it was deprecated".to_owned());
            }
            (Some(_), Some((s, Some(day)))) if day <= policy.today => {
                c.verdict = Verdict::NonBreaking;
                notes.push(format!("it was deprecated and its sunset {s} has passed"));
            }
            (Some(_), Some((s, Some(_)))) => {
                if !overridden {
                    c.verdict = Verdict::Breaking;
                }
                notes.push(format!("removed before its sunset {s}"));
            }
            (Some(_), Some((s, None))) => notes.push(format!("its x-sunset `{s}` is not a date")),
            (Some(_), None) => notes.push("it was deprecated without an x-sunset, which --deprecation-days requires".to_owned()),
        }
    } else if c.rule.ends_with("-deprecated") && c.level == Level::Wire {
        let Some(days) = policy.deprecation_days else { return };
        let earliest = Day(policy.today.0 + i64::from(days));
        let problem = match sunset {
            None => Some("deprecated without an x-sunset".to_owned()),
            Some((s, None)) => Some(format!("its x-sunset `{s}` is not a date")),
            Some((s, Some(day))) if day < earliest => Some(format!("its sunset {s} is less than {days} days away")),
            Some(_) => None,
        };
        if let Some(p) = problem {
            c.verdict = c.verdict.max(Verdict::Warning);
            notes.push(format!("{p} (--deprecation-days {days})"));
        }
    }
}

/// The most stable level among the operations a change affects; a change that affects no
/// operation, or a stable one, is not softened.
fn stability(c: &mut Change, facts: &Facts, notes: &mut Vec<String>) {
    if c.rule == "operation-stability-decreased" {
        return;
    }
    let mut ops: Vec<String> = c.operations.clone();
    ops.extend([Some(&c.pointer), c.old.as_ref().map(|s| &s.pointer)].into_iter().flatten().filter_map(|p| super::report::operation_at(p)));
    if ops.is_empty() {
        return;
    }
    let Some(level) = ops.iter().map(|o| facts.stability.get(o).copied().unwrap_or(Stability::Stable)).max() else { return };
    let softened = match level {
        Stability::Draft | Stability::Alpha => Verdict::Info,
        Stability::Beta => Verdict::Warning,
        Stability::Stable => return,
    };
    if c.verdict > softened {
        c.verdict = softened;
        notes.push(format!("the operation is x-stability-level {}", level.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_from_the_epoch() {
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(Day::parse("2000-03-01"), Some(Day(11_017)));
        assert_eq!(Day::parse("2026-12-03T10:00:00Z"), Some(Day(20_790)));
        assert_eq!(Day::parse("2024-02-29"), Some(Day(19_782)));
        for bad in ["2023-02-29", "2026-13-01", "26-12-03", "2026-12-03x", "soon"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_ignore_file_needs_known_rules_pointers_and_reasons() {
        let text = "# accepted\noperation-removed /paths/~1old/get  gone since v2, see #12\n* /components/schemas/Internal* internal\n";
        let ok = parse_ignore_file(".codegen-diff-ignore", text).expect("valid");
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].reason, "gone since v2, see #12");
        assert_eq!((ok[1].rule.as_str(), ok[1].line), ("*", 3));
        let bad = parse_ignore_file("f", "operation-remove /paths/x why\noperation-removed paths no\noperation-removed /a\n").unwrap_err();
        let lines: Vec<_> = bad.iter().map(|d| d.location.map(|l| l.line)).collect();
        assert_eq!(lines, [Some(1), Some(2), Some(3)]);
        assert!(bad[0].message.contains("unknown rule `operation-remove`"), "{}", bad[0].message);
    }
}
