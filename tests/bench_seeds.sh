#!/bin/sh
# Seeds benchmark: the Esslingen example and the generated `district` scenario of seeds 1-5, each
# solved by quartier alone with every core (`--jobs`, default the machine's cores), gap 0.001 and a
# time limit of 60 s: the time at which the gap was proven, against the target of 20 s each.
# Prints the figures; it does not pass or fail.
#
# Environment: BENCH_SEEDS (default "1 2 3 4 5"), BENCH_TIME_LIMIT (default 60), QT_BIN.
set -eu
Q=${QT_BIN:-build/quartier}
SEEDS=${BENCH_SEEDS:-"1 2 3 4 5"}
TL=${BENCH_TIME_LIMIT:-60}
TIME=/usr/bin/time
W=$(mktemp -d /tmp/quartier-seeds-XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM
json() { grep -m1 "\"$1\":" "$2" | sed 's/^[^:]*:[[:space:]]*//; s/[,"]//g'; }

: >"$W/rows"
for inst in esslingen $SEEDS; do
	if [ "$inst" = esslingen ]; then
		F=examples/esslingen-2016.json
	else
		F="$W/district-$inst.json"
		"$Q" generate --size district --seed "$inst" --out "$F"
		inst="district $inst"
	fi
	echo "bench_seeds: $inst ..." >&2
	"$TIME" -f "%e %M" -o "$W/time" "$Q" solve "$F" --format json --time-limit "$TL" --gap 0.001 \
		--no-progress --no-store >"$W/plan.json" 2>/dev/null || true
	status=no_plan; gap=-; obj=-
	if [ -s "$W/plan.json" ]; then
		status=$(json status "$W/plan.json"); gap=$(json gap "$W/plan.json"); obj=$(json total "$W/plan.json")
	fi
	# shellcheck disable=SC2046 # the two figures are separate words
	set -- $(tail -1 "$W/time")
	echo "$inst|$status|$gap|$1|$2|$obj" >>"$W/rows"
done

awk -F'|' -v tl="$TL" '
function pct(x) { return x !~ /[0-9]/ || x ~ /inf|nan|null/ ? "-" : sprintf("%.3f%%", 100 * x) }
{
	met = ($2 == "optimal" || $2 == "gap_reached") && $4 <= 20 ? "yes" : "no"
	if (met == "yes") ok++
	n++
	line[n] = sprintf("%-12s %-12s %9s %9.1f %8.0f %18s %8s", $1, $2, pct($3), $4, $5 / 1024, $6, met)
}
END {
	printf "\nseeds benchmark (gap 0.001, time limit %s s, every core)\n\n", tl
	printf "%-12s %-12s %9s %9s %8s %18s %8s\n", "instance", "status", "gap", "total s", "peak MB", "objective", "<= 20 s"
	for (i = 1; i <= n; i++) print line[i]
	printf "\ntarget (proven within 0.1 %% in <= 20 s) met on %d of %d\n", ok, n
}' "$W/rows"
