#!/usr/bin/env bash
# Fuzzes the generator: codegen/fuzz/run.sh [SECONDS]   (SECONDS per target, default 60)
#
# Installs cargo-fuzz into .cache/cargo-bin if it is missing, seeds each target's corpus from
# specs/*.yaml (sliced into one small spec per path, converted to the target's input form), the
# hand-made specs in codegen/fuzz/seeds/ and the regression inputs in codegen/tests/regressions/,
# runs each target for a bounded time and prints executions and crashes. Exits 1 if any target
# found a crash, timeout or out-of-memory input (saved under codegen/fuzz/artifacts/<target>/).
#
# Environment:
#   FUZZ_TARGETS      targets to run (default: "generate mutate")
#   FUZZ_SANITIZER    address (default; falls back to none if it cannot be built) or none
#   FUZZ_KEEP_GOING=1 keep fuzzing after a crash (libFuzzer fork mode) to collect several
#   FUZZ_NICE         nice level for the fuzzer (default 19: others compile on this machine)
set -euo pipefail

SECS="${1:-60}"
case "$SECS" in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="$ROOT/.cache/cargo-bin"
TARGETS="${FUZZ_TARGETS:-generate mutate}"
NICE="${FUZZ_NICE:-19}"
export PATH="$CACHE/bin:$PATH"
# cargo-fuzz needs nightly-only flags; this toolchain is stable.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz into $CACHE"
    cargo install cargo-fuzz --locked --root "$CACHE"
fi

cd "$HERE"
# Seeds are written to a fresh folder, then swapped in per target (runs of other targets may be
# reading theirs).
SEEDS="$HERE/target/seeds-new.$$"
rm -rf "$SEEDS"
mkdir -p "$SEEDS/generate" "$SEEDS/mutate"

# Seeds: every spec, one spec per path of it (with the components it references), as YAML for
# `generate` and as `JSON NUL` for `mutate`.
if python3 -c 'import yaml' 2>/dev/null; then
    python3 - "$SEEDS" "$ROOT"/specs/*.yaml "$HERE"/seeds/*.yaml "$ROOT"/codegen/tests/regressions/*.yaml <<'PY'
import hashlib, json, os, sys, yaml

out, files = sys.argv[1], [f for f in sys.argv[2:] if os.path.isfile(f)]

def refs(v, acc):
    stack = [v]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            r = v.get("$ref")
            if isinstance(r, str):
                acc.add(r)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)

def closure(doc, start):
    comps, todo, done = {}, set(), set()
    refs(start, todo)
    while todo:
        r = todo.pop()
        if r in done:
            continue
        done.add(r)
        parts = r.split("/")
        if len(parts) != 4 or parts[:2] != ["#", "components"]:
            continue
        kind, name = parts[2], parts[3].replace("~1", "/").replace("~0", "~")
        node = ((doc.get("components") or {}).get(kind) or {}).get(name)
        if node is None:
            continue
        comps.setdefault(kind, {})[name] = node
        refs(node, todo)
    sec = (doc.get("components") or {}).get("securitySchemes")
    if sec:
        comps["securitySchemes"] = sec
    return comps

def emit(doc):
    j = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
    if len(j) > 20000:
        return
    h = hashlib.sha1(j.encode()).hexdigest()[:16]
    with open(os.path.join(out, "mutate", h), "w") as f:
        f.write(j + "\0")
    with open(os.path.join(out, "generate", h), "w") as f:
        f.write(yaml.safe_dump(json.loads(j), allow_unicode=True, sort_keys=False))

for path in files:
    text = open(path, encoding="utf-8").read()
    if len(text) <= 20000:
        with open(os.path.join(out, "generate", os.path.basename(path)), "w") as f:
            f.write(text)
    try:
        doc = yaml.safe_load(text)
    except Exception:
        continue
    if not isinstance(doc, dict):
        continue
    emit(doc)
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        continue
    top = {k: v for k, v in doc.items() if k not in ("paths", "components", "tags")}
    for p, item in paths.items():
        one = dict(top)
        one["paths"] = {p: item}
        comps = closure(doc, item)
        if comps:
            one["components"] = comps
        emit(one)
PY
else
    echo "note: python3 with PyYAML not found; seeding with the YAML files as they are"
    for f in "$ROOT"/specs/*.yaml "$HERE"/seeds/*.yaml "$ROOT"/codegen/tests/regressions/*.yaml; do
        [ -f "$f" ] || continue
        cp "$f" "$SEEDS/generate/"
        { cat "$f"; printf '\0'; } >"$SEEDS/mutate/$(basename "$f")"
    done
fi
echo "==> seeds: $(ls "$SEEDS/generate" | wc -l) for generate, $(ls "$SEEDS/mutate" | wc -l) for mutate"
for t in $TARGETS; do
    [ -d "$SEEDS/$t" ] || mkdir -p "$SEEDS/$t"
    rm -rf "$HERE/target/seeds/$t"
    mkdir -p "$HERE/target/seeds"
    mv "$SEEDS/$t" "$HERE/target/seeds/$t"
done
rm -rf "$SEEDS"
SEEDS="$HERE/target/seeds"

SAN="${FUZZ_SANITIZER:-address}"
# -a: debug assertions (and so overflow checks) on, so arithmetic overflow is a crash too.
build() {
    for t in $TARGETS; do nice -n "$NICE" cargo fuzz build -O -a -s "$1" "$t" || return 1; done
}
if ! build "$SAN"; then
    if [ "$SAN" != none ]; then
        echo "note: building with -s $SAN failed; retrying without a sanitizer"
        SAN=none
        build "$SAN"
    else
        exit 1
    fi
fi

status=0
summary=""
for t in $TARGETS; do
    mkdir -p "corpus/$t" "artifacts/$t"
    before="$(ls "artifacts/$t" | sort)"
    log="$HERE/target/fuzz-$t.log"
    flags=(-max_total_time="$SECS" -print_final_stats=1 -timeout=30 -rss_limit_mb=2048 -max_len=32768)
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    echo "==> fuzzing $t for ${SECS}s (sanitizer: $SAN)"
    start=$(date +%s)
    set +e
    nice -n "$NICE" cargo fuzz run -O -a -s "$SAN" "$t" "corpus/$t" "$SEEDS/$t" -- "${flags[@]}" >"$log" 2>&1
    rc=$?
    set -e
    took=$(($(date +%s) - start))
    execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n1 || true)"
    if [ -z "$execs" ]; then
        # Fork mode prints no final stats; take the last progress line.
        execs="$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | sort -n | tail -n1 || true)"
    fi
    new="$(comm -13 <(echo "$before") <(ls "artifacts/$t" | sort) | grep -v '^$' || true)"
    # crash-, timeout-, oom-, leak- files are findings; slow-unit- files (over 10s) are only noted.
    bad="$(echo "$new" | grep -E '^(crash|timeout|oom|leak)-' || true)"
    slow="$(echo "$new" | grep -c '^slow-unit-' || true)"
    crashes=0
    [ -n "$bad" ] && crashes=$(echo "$bad" | wc -l)
    line="$t: ${execs:-?} executions in ${took}s, corpus $(ls "corpus/$t" | wc -l) inputs, $crashes crash(es), $slow slow input(s), libFuzzer exit $rc"
    echo "$line"
    summary+="$line"$'\n'
    if [ "$crashes" -gt 0 ] || [ "$rc" -ne 0 ]; then
        status=1
        grep -E 'panicked at|ERROR: libFuzzer|deadly signal|stack overflow|overflowed its stack|SUMMARY' "$log" | sort | uniq -c | head -n 20 || true
        for a in $bad; do echo "   artifact: $HERE/artifacts/$t/$a"; done
        echo "   reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s $SAN $t <artifact>   (log: $log)"
        if [ "$t" = mutate ]; then
            echo "   FUZZ_DUMP=spec.json (or an existing folder) before that command writes the mutated spec text"
        fi
    fi
done
echo "==> summary"
printf '%s' "$summary"
exit "$status"
