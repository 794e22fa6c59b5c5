#!/bin/sh
# Scaling benchmark: generated scenarios at 1x, 2x, 4x and 8x the district (GU sites,
# municipalities, Kombimodell sites and flat offers scaled together, 12 quarters, seed 1), each
# solved with the same time limit: program size, time to the first plan, gap at the limit, peak
# memory; then the growth exponents of time to the first plan and of peak memory in the program's
# columns, fitted by least squares on the logarithms. Prints the figures; it does not pass or fail.
#
# Environment: BENCH_SCALES (default "1 2 4 8"), BENCH_TIME_LIMIT (default 60), QT_BIN.
# "first plan s" is the elapsed time of the first --progress line that shows a plan: the solve
# reports its first complete plan of whole persons the moment it has it.
set -eu
Q=${QT_BIN:-build/quartier}
SCALES=${BENCH_SCALES:-"1 2 4 8"}
TL=${BENCH_TIME_LIMIT:-60}
TIME=/usr/bin/time
W=$(mktemp -d /tmp/quartier-scale-XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM
json() { grep -m1 "\"$1\":" "$2" | sed 's/^[^:]*:[[:space:]]*//; s/[,"]//g'; }
stat() { tr ' ' '\n' <"$2" | sed -n "s/^$1=//p"; }

: >"$W/rows"
for k in $SCALES; do
	F="$W/x$k.json"
	"$Q" generate --sites $((107 * k)) --municipalities $((44 * k)) --kombimodell $((20 * k)) \
		--offers $((300 * k)) --seed 1 --out "$F"
	echo "bench_scale: ${k}x (time limit $TL s) ..." >&2
	"$Q" export "$F" --stats >"$W/stats"
	"$TIME" -f "%e %M" -o "$W/time" "$Q" solve "$F" --format json --time-limit "$TL" --progress --no-store \
		>"$W/plan.json" 2>"$W/progress" || true
	first=$(grep -m1 ' best ' "$W/progress" | sed 's/^\[ *\([0-9.]*\) s\].*/\1/')
	gap=-
	[ -s "$W/plan.json" ] && gap=$(json gap "$W/plan.json")
	set -- $(tail -1 "$W/time")
	echo "$k $(stat rows "$W/stats") $(stat cols "$W/stats") $(stat integers "$W/stats") ${first:--} $gap $1 $2" >>"$W/rows"
done

awk -v tl="$TL" '
function pct(x) { return x !~ /[0-9]/ || x ~ /inf|nan|null/ ? "-" : sprintf("%.3f%%", 100 * x) }
{
	n++; k[n] = $1; rows[n] = $2; cols[n] = $3; ints[n] = $4; first[n] = $5; gap[n] = $6; total[n] = $7; mb[n] = $8 / 1024
}
# least-squares slope of log(y) on log(x) over the rows where y is known
function slope(x, y, m,   i, sx, sy, sxx, sxy, c) {
	for (i = 1; i <= m; i++) if (y[i] ~ /^[0-9.]+$/ && y[i] > 0) {
		c++; sx += log(x[i]); sy += log(y[i]); sxx += log(x[i]) ^ 2; sxy += log(x[i]) * log(y[i])
	}
	if (c < 2 || c * sxx - sx * sx == 0) return "-"
	return sprintf("%.2f", (c * sxy - sx * sy) / (c * sxx - sx * sx))
}
END {
	printf "\nscaling benchmark (generated, seed 1, 12 quarters, time limit %s s)\n\n", tl
	printf "%-6s %9s %9s %9s %14s %10s %9s %9s\n", "scale", "rows", "cols", "integers", "first plan s", "gap", "total s", "peak MB"
	for (i = 1; i <= n; i++)
		printf "%-6s %9s %9s %9s %14s %10s %9.1f %9.0f\n", k[i] "x", rows[i], cols[i], ints[i], first[i], pct(gap[i]), total[i], mb[i]
	printf "\ngrowth exponent in the columns: time to the first plan %s, peak memory %s\n", slope(cols, first, n), slope(cols, mb, n)
}' "$W/rows"
