# 1.6 million numbers in a note: refused before cJSON builds a node for each.
awk 'BEGIN {
	printf "{ \"quartier\": 1, \"periods\": { \"start\": \"2024Q1\", \"count\": 1 },\n"
	printf "  \"municipalities\": [ { \"id\": \"A\", \"population\": 1 } ],\n"
	printf "  \"x\": ["
	for (i = 0; i < 1600000; i++)
		printf "%s0", i ? "," : ""
	printf "] }\n"
}' >"$1"
