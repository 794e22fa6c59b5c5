#!/bin/sh
# Futures benchmark (README "Futures"): plans over futures on the Esslingen futures example
# (3 futures, 2 committed quarters) and on generated district-size scenarios with 5 and 10
# futures. For each: the program size, the time to the first plan over futures, the gap at the
# end, the peak memory. Prints the figures; it does not pass or fail.
#
# Environment:
#   BENCH_FUTURES        instances, default "esslingen 5 10" (a number: generated futures)
#   BENCH_FUTURES_LIMIT  seconds per instance (default 120 for esslingen, 300 for generated)
#   BENCH_SEED           seed of the generated scenarios (default 1)
#   QT_BIN               the quartier binary (default build/quartier)
set -eu
Q=${QT_BIN:-build/quartier}
INSTANCES=${BENCH_FUTURES:-"esslingen 5 10"}
SEED=${BENCH_SEED:-1}
TIME=/usr/bin/time
command -v "$TIME" >/dev/null 2>&1 || { echo "bench_futures: $TIME not found" >&2; exit 1; }
W=$(mktemp -d /tmp/quartier-bench-futures-XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM

printf '%-12s %8s %8s %10s %10s %8s %8s %s\n' instance rows cols "first s" "end s" "gap %" "peak MB" status
for i in $INSTANCES; do
	if [ "$i" = esslingen ]; then
		file=examples/esslingen-2016-futures.json
		limit=${BENCH_FUTURES_LIMIT:-120}
	else
		file=$W/futures-$i.json
		"$Q" generate --futures "$i" --seed "$SEED" -o "$file"
		limit=${BENCH_FUTURES_LIMIT:-300}
	fi
	$TIME -v "$Q" solve "$file" --no-store --time-limit "$limit" --progress --format json \
		>"$W/plan.json" 2>"$W/err" || true
	# the first plan over futures: the first progress line of the strategy itself with a plan
	first=$(grep -m1 -E "futures: ('[^']*'|the mean value)  best" "$W/err" | sed 's/^\[ *\([0-9.]*\) s\].*/\1/')
	peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/err")
	python3 - "$W/plan.json" "$i" "$peak" "${first:--}" <<'EOF'
import json, sys
path, name, peak, first = sys.argv[1:5]
try:
    p = json.load(open(path))
except Exception:
    print(f"{name:12s} no plan")
    sys.exit(0)
s = p["solve"]
gap = "-" if p["gap"] is None else f"{100 * p['gap']:.2f}"
print(f"{name:12s} {s['rows']:8d} {s['cols']:8d} {first:>10s} {s['seconds']:10.1f} "
      f"{gap:>8s} {int(peak) / 1024:8.1f} {p['status']}")
EOF
done
