#!/bin/sh
# Sweep benchmark: 7 rent-cap factors on the Esslingen example, as one `quartier sweep` on one
# thread (each variant warm-started from the previous one) and on every core (`--jobs`, default
# the machine's cores: contiguous runs side by side), against 7 independent single-job solves
# (`--jobs 1`), as the speed target is stated.
# Prints the figures; it does not pass or fail.
set -eu
Q=${QT_BIN:-build/quartier}
F=examples/esslingen-2016.json
FACTORS="0.9 0.95 1 1.05 1.1 1.15 1.2"
JOBS=${BENCH_JOBS:-$(nproc 2>/dev/null || echo 2)}
now() { date +%s.%N; }

t0=$(now)
for f in $FACTORS; do
	"$Q" solve "$F" --set /rent_caps/factor="$f" --format json --no-progress --no-store --jobs 1 >/dev/null
done
t1=$(now)
"$Q" sweep "$F" --vary /rent_caps/factor=0.9:1.2:0.05 --format csv --no-progress --jobs 1 >/dev/null
t2=$(now)
"$Q" sweep "$F" --vary /rent_caps/factor=0.9:1.2:0.05 --format csv --no-progress --jobs "$JOBS" >/dev/null
t3=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v j="$JOBS" 'BEGIN {
	solo = b - a; one = c - b; many = d - c
	printf "sweep benchmark (examples/esslingen-2016.json, rent_caps/factor 0.9..1.2 step 0.05)\n"
	printf "  %-32s %8.1f s\n", "7 independent solves, --jobs 1", solo
	printf "  %-32s %8.1f s   ratio %5.2f\n", "sweep --jobs 1", one, one / solo
	printf "  %-32s %8.1f s   ratio %5.2f  (target <= 0.35)\n", "sweep --jobs " j, many, many / solo
}'
