#!/bin/sh
# `make fuzz`: runs each libFuzzer harness for SECONDS on one core (one process, no -jobs), seeded
# with the examples, the catalogue of bad scenarios (tests/bad), tests/fuzz/seeds and the earlier
# findings (tests/fuzz/regress). The corpus grows in BUILD/corpus-NAME from run to run; a crash or
# a failed check is written to BUILD/crash-NAME-* and makes the run fail. Prints the executions
# and the coverage (cov: edges, ft: features) each harness reached.
#
# Usage: sh tests/fuzz/run.sh SECONDS BUILD
set -u
seconds=${1:-60}
build=${2:-build/fuzz}
failed=0
for name in scenario apportion csv xlsx; do
	corpus=$build/corpus-$name
	seeds=$build/seeds-$name
	log=$build/fuzz-$name.log
	mkdir -p "$corpus" "$seeds"
	max_len=16384
	if [ "$name" = scenario ]; then
		cp examples/*.json tests/bad/*.json tests/fuzz/seeds/* "$seeds"/
	elif [ "$name" = csv ] || [ "$name" = xlsx ]; then
		cp tests/fuzz/seeds-"$name"/* "$seeds"/
		max_len=65536 # a small workbook with its parts stored uncompressed
	fi
	cp tests/fuzz/regress/"$name"/* "$seeds"/
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	echo "== fuzz_$name for $seconds s (log: $log)"
	# shellcheck disable=SC2086 # $dict is one word or none
	"$build/fuzz_$name" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
		$dict -artifact_prefix="$build/crash-$name-" -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -n 2
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz_$name FAILED (exit $rc):"
		grep -E 'ERROR|check failed|runtime error|Test unit written' "$log"
		failed=1
	fi
done
exit "$failed"
