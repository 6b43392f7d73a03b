//! The rule catalogue. `docs/diff-rules.md` documents every rule here, with an example; a test
//! keeps the two in sync.

use super::{Change, CodeSummary, ItemCounts, Level, Verdict};

/// Which generated item a Rust-level rule is about, for the code summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A type in the `types` module.
    Type,
    /// A `Client` method.
    Method,
    /// A struct field.
    Field,
    /// An enum variant.
    Variant,
}

/// What happened to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// It appeared.
    Added,
    /// It went away.
    Removed,
    /// Its name, signature or shape changed.
    Changed,
}

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id (kebab-case; Rust-level ids start with `rust-`).
    pub id: &'static str,
    /// Wire or Rust.
    pub level: Level,
    /// The verdict of every change the rule reports.
    pub verdict: Verdict,
    /// What it detects, in a line.
    pub detects: &'static str,
    /// For Rust rules: the generated item affected, for the summary.
    pub item: Option<(Item, Action)>,
}

const fn w(id: &'static str, verdict: Verdict, detects: &'static str) -> Rule {
    Rule { id, level: Level::Wire, verdict, detects, item: None }
}

const fn r(id: &'static str, verdict: Verdict, item: Item, action: Action, detects: &'static str) -> Rule {
    Rule { id, level: Level::Rust, verdict, detects, item: Some((item, action)) }
}

const fn r0(id: &'static str, verdict: Verdict, detects: &'static str) -> Rule {
    Rule { id, level: Level::Rust, verdict, detects, item: None }
}

use Action::{Added, Changed, Removed};
use Item::{Field, Method, Type, Variant};
use Verdict::{Breaking as B, Info as I, NonBreaking as N, Warning as W};

/// Every rule, wire level first.
pub const RULES: &[Rule] = &[
    // Specs and operations.
    w("spec-added", N, "a spec file exists only on the new side"),
    w("spec-removed", B, "a spec file exists only on the old side"),
    w("operation-added", N, "a new method + path"),
    w("operation-removed", B, "a method + path is gone"),
    w("operation-moved", B, "an operationId now lives at another method or path"),
    w("operation-deprecated", I, "an operation became `deprecated: true`"),
    w("sunset-moved-earlier", B, "a deprecated operation, parameter or property has an earlier `x-sunset`: it goes sooner than promised"),
    w("sunset-removed", W, "a deprecated operation, parameter or property lost its `x-sunset`: no end date is promised any more"),
    w("operation-stability-decreased", B, "an operation's `x-stability-level` went down (stable → beta, beta → alpha, …)"),
    w("property-stability-decreased", B, "a property's `x-stability-level` went down (stable → beta, …)"),
    w("path-param-renamed", I, "a path template variable was renamed (same position)"),
    w("servers-changed", I, "the `servers` list changed"),
    w("webhook-removed", B, "a 3.1 webhook (an event the API sends to the user's server) is no longer sent"),
    w("webhook-added", N, "a new 3.1 webhook"),
    // Parameters.
    w("request-param-added-required", B, "a new required query/header/cookie parameter"),
    w("request-param-added-optional", N, "a new optional parameter"),
    w("request-param-removed", W, "a parameter the client sends is gone (servers usually ignore it: what it asked for is silently lost)"),
    w("request-param-became-required", B, "an optional parameter became required"),
    w("request-param-became-optional", N, "a required parameter became optional"),
    w("request-param-moved", B, "a parameter changed `in` (e.g. query → header)"),
    w("request-param-style-changed", B, "a query parameter's `style` or `explode` changed"),
    w("request-param-default-added", B, "an optional parameter gained a `default` (what the server assumes when it is left out)"),
    w("request-param-default-changed", B, "an optional parameter's `default` changed"),
    w("request-param-default-removed", B, "an optional parameter lost its `default`"),
    // Request bodies.
    w("request-body-added-required", B, "an operation now requires a body"),
    w("request-body-added-optional", N, "an operation now accepts an optional body"),
    w("request-body-removed", B, "an operation no longer takes a body"),
    w("request-body-became-required", B, "an optional body became required"),
    w("request-body-became-optional", N, "a required body became optional"),
    w("request-media-type-removed", B, "a request media type is no longer accepted"),
    w("request-media-type-added", N, "a request media type was added"),
    w("request-schema-added", B, "a request media type that took anything now has a `schema` (or `itemSchema`) to match"),
    w("request-schema-removed", N, "a request media type no longer constrains its body with a schema"),
    // Schemas the client sends.
    w("request-property-added-required", B, "a new required property in something the client sends"),
    w("request-property-added-optional", N, "a new optional property in something the client sends"),
    w("request-pattern-property-added", B, "a sent object gained a `patternProperties` pattern: names the client may already send must now fit its schema"),
    w("request-pattern-property-removed", N, "a sent object lost a `patternProperties` pattern: fewer constraints on property names"),
    w("request-property-removed", W, "a property the client sends is gone from an open schema (servers usually ignore it: what it set is silently lost)"),
    w("request-property-removed-closed", B, "a property the client sends is gone from a closed schema (`additionalProperties: false`): the server refuses it"),
    w("request-property-became-required", B, "a sent property became required"),
    w("request-property-became-optional", N, "a sent property became optional"),
    w("request-type-changed", B, "the type of a sent value (body, property, parameter) changed"),
    w("request-enum-value-removed", B, "an enum value the client may send is gone"),
    w("request-enum-value-added", N, "an enum value the client may send was added"),
    w("request-nullable-removed", B, "a sent value may no longer be null"),
    w("request-nullable-added", N, "a sent value may now be null"),
    w("request-format-narrowed", B, "a sent value's `format` became stricter or different"),
    w("request-format-widened", N, "a sent value's `format` became looser"),
    w("request-constraint-tightened", B, "a sent value's limits (length, range, items, properties, multipleOf, uniqueItems, additionalProperties, pattern) became stricter"),
    w("request-constraint-relaxed", N, "a sent value's limits became looser"),
    w("request-pattern-changed", W, "a sent value's `pattern` was rewritten, neither provably stricter nor looser"),
    w("request-union-member-removed", B, "a oneOf/anyOf alternative the client may send is gone"),
    w("request-union-member-added", N, "a oneOf/anyOf alternative the client may send was added"),
    w("request-wrapped-in-one-of", B, "a sent schema became a `oneOf` none of whose alternatives is the old schema: a value valid before may match several (or none) and be refused"),
    // Schemas the client receives.
    w("response-property-removed", B, "a required response property is gone"),
    w("response-optional-property-removed", N, "an optional response property is gone"),
    w("response-property-added", N, "a response property was added"),
    w("response-pattern-property-added", N, "a received object gained a `patternProperties` pattern: more is promised about matching properties"),
    w("response-pattern-property-removed", B, "a received object lost a `patternProperties` pattern: the shape of matching properties is no longer promised"),
    w("response-property-became-optional", B, "a required response property became optional"),
    w("response-property-became-required", N, "an optional response property became required"),
    w("response-became-nullable", B, "a received value may now be null"),
    w("response-nullable-removed", N, "a received value may no longer be null"),
    w("response-type-changed", B, "the type of a received value changed (any status, 4xx included)"),
    w("response-enum-value-added", N, "a received enum may carry a new value"),
    w("response-enum-value-removed", N, "a received enum value is gone"),
    w("response-format-widened", B, "a received value's `format` became looser or different"),
    w("response-format-narrowed", N, "a received value's `format` became stricter"),
    w("response-constraint-relaxed", B, "a received value's limits became looser (a client that validates, or sizes by them, breaks)"),
    w("response-pattern-changed", W, "a received value's `pattern` was rewritten, neither provably stricter nor looser"),
    w("response-const-changed", B, "a received value's `const` is another value"),
    w("response-union-member-added", B, "a received oneOf/anyOf has a new alternative"),
    w("response-union-member-removed", N, "a received oneOf/anyOf alternative is gone"),
    // Responses.
    w("success-status-changed", B, "every success status was replaced by others"),
    w("success-status-added", B, "a new success status the old client does not expect"),
    w("success-status-removed", N, "one of several success statuses is gone"),
    w("success-status-all-removed", B, "the last success status is gone (and no `default`): every answer is an error"),
    w("error-status-added", N, "a new documented error status"),
    w("error-status-removed", N, "a documented error status is gone"),
    w("response-body-removed", B, "a status that had a body now has none"),
    w("response-body-added", N, "a status that had no body now has one"),
    w("response-media-type-removed", B, "a response media type the client decodes is gone"),
    w("response-media-type-added", N, "a response may come in a new media type"),
    w("response-schema-removed", B, "a response media type no longer describes its body: what the client decodes is unspecified"),
    w("response-schema-added", N, "a response media type now describes its body with a schema"),
    w("response-header-removed", B, "a required response header is gone"),
    w("response-optional-header-removed", N, "an optional response header is gone"),
    w("response-header-became-optional", B, "a required response header became optional"),
    w("response-header-added", N, "a response header was added"),
    // Security and envelopes.
    w("security-requirement-added", B, "an operation needs credentials the old client may not send"),
    w("security-requirement-removed", N, "an operation's security requirements were relaxed"),
    w("security-scope-added", B, "a security requirement that stays needs a new OAuth2/OpenID scope: old tokens lack it"),
    w("security-scope-removed", N, "a security requirement that stays needs fewer scopes"),
    w("security-scheme-changed", B, "a security scheme's type, placement or name changed"),
    w("envelope-changed", B, "the `x-envelope` of an operation changed"),
    // Rust: methods.
    r("rust-method-added", N, Method, Added, "a new `Client` method"),
    r("rust-method-removed", B, Method, Removed, "a `Client` method is gone"),
    r("rust-method-renamed", B, Method, Changed, "the same operation has a new method name (operationId change)"),
    r("rust-method-arguments-changed", B, Method, Changed, "a method's argument list (count or types) changed"),
    r("rust-path-params-reordered", B, Method, Changed, "a method's path arguments come in another order"),
    r("rust-argument-renamed", I, Method, Changed, "a method argument was renamed (positional: still compiles)"),
    r("rust-method-return-type-changed", B, Method, Changed, "a method's `Ok` type changed"),
    r("rust-method-error-type-changed", B, Method, Changed, "a method's `Error<E>` type changed"),
    r("rust-method-deprecated", I, Method, Changed, "a method gained `#[deprecated]`"),
    r("rust-builder-method-added", N, Method, Added, "a request builder has a new setter (a new optional input) or `into_stream`"),
    r("rust-builder-method-removed", B, Method, Removed, "a request builder's setter (or `into_stream`) is gone"),
    r("rust-builder-method-type-changed", B, Method, Changed, "a request builder's setter takes another type"),
    r("rust-security-setter-added", N, Method, Added, "new `with_<scheme>`/`set_<scheme>` setters"),
    r("rust-security-setter-removed", B, Method, Removed, "`with_<scheme>`/`set_<scheme>` setters are gone"),
    r0("rust-default-base-url-changed", I, "`Client::DEFAULT_BASE_URL` has another value"),
    r0("rust-default-base-url-removed", B, "`Client::DEFAULT_BASE_URL` is gone (no servers)"),
    // Rust: types.
    r("rust-type-added", N, Type, Added, "a new type in `types`"),
    r("rust-type-removed", B, Type, Removed, "a type in `types` is gone"),
    r("rust-type-renamed", B, Type, Changed, "a type has a new name (same schema)"),
    r("rust-type-kind-changed", B, Type, Changed, "a type changed between struct, enum and alias"),
    r("rust-alias-target-changed", B, Type, Changed, "a type alias points to another type"),
    r("rust-field-added-optional", N, Field, Added, "a new `Option` field (`new()` unchanged)"),
    r("rust-field-added-required", B, Field, Added, "a new required field (`new()` gains an argument)"),
    r("rust-field-removed", B, Field, Removed, "a struct field is gone"),
    r("rust-field-type-changed", B, Field, Changed, "a struct field's type changed"),
    r("rust-field-became-optional", B, Field, Changed, "a field became `Option<T>`"),
    r("rust-field-became-required", B, Field, Changed, "a field is no longer an `Option` (`new()` gains an argument)"),
    r("rust-variant-added", B, Variant, Added, "an enum has a new variant (exhaustive `match`es stop compiling)"),
    r("rust-variant-removed", B, Variant, Removed, "an enum variant is gone"),
    r("rust-variant-payload-changed", B, Variant, Changed, "an enum variant carries another type"),
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Counts the Rust-level changes by generated item.
pub fn summarize(changes: &[Change]) -> CodeSummary {
    let mut s = CodeSummary::default();
    for c in changes.iter().filter(|c| c.level == Level::Rust) {
        let Some((item, action)) = rule(c.rule).and_then(|r| r.item) else { continue };
        let counts: &mut ItemCounts = match item {
            Item::Type => &mut s.types,
            Item::Method => &mut s.methods,
            Item::Field => &mut s.fields,
            Item::Variant => &mut s.variants,
        };
        match action {
            Action::Added => counts.added += 1,
            Action::Removed => counts.removed += 1,
            Action::Changed => counts.changed += 1,
        }
    }
    s
}
