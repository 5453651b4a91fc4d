#!/usr/bin/env bash
# Command-line contract: usage errors exit 2 (CLI11's own codes are 100+), help exits 0.
# Usage: cli_usage.sh BIN   (run from the repository root)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BIN" >&2
  exit 2
fi
bin=$1
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS DESCRIPTION -- COMMAND...
expect() {
  local want=$1 what=$2
  shift 3
  local status=0
  "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
  if [ "$status" -ne "$want" ]; then
    echo "FAIL: $what: exit status $status, expected $want (command: $*)" >&2
    sed 's/^/  stderr: /' "$tmp/stderr" | head -n 5 >&2
    failures=$((failures + 1))
  elif grep -Eq 'terminate called|Segmentation|Aborted|core dumped' "$tmp/stderr"; then
    echo "FAIL: $what: stderr shows a crash (command: $*)" >&2
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

# expect_message DESCRIPTION PATTERN -- COMMAND...: exit status 2 and stderr matching PATTERN (grep -E).
expect_message() {
  local what=$1 pattern=$2
  shift 3
  local status=0
  "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
  if [ "$status" -ne 2 ]; then
    echo "FAIL: $what: exit status $status, expected 2 (command: $*)" >&2
    failures=$((failures + 1))
  elif ! grep -Eq -- "$pattern" "$tmp/stderr"; then
    echo "FAIL: $what: stderr does not match '$pattern' (command: $*)" >&2
    sed 's/^/  stderr: /' "$tmp/stderr" | head -n 5 >&2
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

scenario=scenarios/doc_example_4_3.yaml

expect 2 "unknown option" -- "$bin" run --bogus x
expect 2 "unknown option after a valid scenario" -- "$bin" run "$scenario" --bogus x
expect 2 "missing scenario file" -- "$bin" run nope.yaml
expect 2 "no subcommand" -- "$bin"
expect 2 "unknown subcommand" -- "$bin" frobnicate
expect 2 "non-numeric seed" -- "$bin" run "$scenario" --seed abc --out "$tmp/out"
expect 2 "run without a scenario" -- "$bin" run
expect 2 "validate of a missing file" -- "$bin" validate nope.yaml

# Command-line mistakes get a "did you mean" or the list of valid names.
expect_message "mistyped subcommand" \
  "^dcflow: error: unknown command 'runn'; did you mean 'run'\? \(commands: run, validate, policies, analyze, compare, sweep\)$" \
  -- "$bin" runn "$scenario"
expect_message "unknown subcommand lists the commands" "unknown command 'frobnicate' \(commands: run, validate," \
  -- "$bin" frobnicate
expect_message "unknown option lists the options and points at --set" \
  "^dcflow run: error: unknown option '--pipes' \(options: --help, --set, --platform, .*--seed, --quiet\)$" \
  -- "$bin" run "$scenario" --pipes 4 --out "$tmp/out"
expect_message "unknown option: the --set note" "^note: a scenario value is changed with --set PATH=VALUE" \
  -- "$bin" run "$scenario" --pipes 4 --out "$tmp/out"
expect_message "mistyped option" "^dcflow validate: error: unknown option '--sed'; did you mean '--set'\?" \
  -- "$bin" validate "$scenario" --sed transfer.pipes=4
expect_message "mistyped option with =" "unknown option '--seeed'; did you mean '--seed'\?" \
  -- "$bin" compare "$scenario" --policies fifo --seeed=3
expect_message "missing scenario file, a close one beside it" \
  "^scenario: no such file 'scenarios/doc_example_4_4.yaml'; did you mean 'scenarios/doc_example_4_3.yaml'\?$" \
  -- "$bin" run scenarios/doc_example_4_4.yaml
expect_message "missing scenario file, nothing close" "^scenario: no such file 'nope.yaml'$" -- "$bin" validate nope.yaml
expect_message "missing platform file for analyze" "^platform: no such file 'platforms/nope.xml'" \
  -- "$bin" analyze platforms/nope.xml
expect_message "mistyped policy in compare" "unknown policy 'sjff'; did you mean 'sjf'\?" \
  -- "$bin" compare "$scenario" --policies fifo,sjff --out "$tmp/cmp"
expect_message "unknown policy in compare lists the policies" "unknown policy 'zzz'; known policies: 'fifo', " \
  -- "$bin" compare "$scenario" --policies fifo,zzz --out "$tmp/cmp"

expect 0 "help" -- "$bin" --help
expect 0 "run help" -- "$bin" run --help
expect 0 "validate help" -- "$bin" validate --help

for f in results.json jobs.csv timeseries.csv; do
  if [ -e "$tmp/out/$f" ]; then
    echo "FAIL: a usage error left $tmp/out/$f behind" >&2
    failures=$((failures + 1))
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "cli usage: $failures check(s) failed" >&2
  exit 1
fi
echo "cli usage: all checks passed"
