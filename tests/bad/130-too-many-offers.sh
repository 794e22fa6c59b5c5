# 100,001 housing offers (the limit is 100,000); generated, too large to keep in the repository.
awk 'BEGIN {
	printf "{ \"quartier\": 1, \"periods\": { \"start\": \"2024Q1\", \"count\": 1 },\n"
	printf "  \"municipalities\": [ { \"id\": \"A\", \"population\": 1 } ],\n"
	printf "  \"housing_offers\": ["
	for (i = 0; i < 100001; i++)
		printf "%s{}", i ? "," : ""
	printf "] }\n"
}' >"$1"
