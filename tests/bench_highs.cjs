// HiGHS (the npm package `highs`, WebAssembly, one thread) on an MPS file, for `make bench`.
// Usage: node tests/bench_highs.cjs DIR FILE.mps TIME_LIMIT GAP
//   DIR is the folder the bench installed the package into (DIR/node_modules/highs).
// Prints one line: status objective bound gap nodes seconds ("-" where HiGHS has no value).
"use strict";
const path = require("path");
const fs = require("fs");

async function main() {
	const [dir, mps, limit, gap] = process.argv.slice(2);
	const loadHighs = require(path.resolve(dir, "node_modules", "highs"));
	const highs = await loadHighs();
	const model = highs.createModel({ format: "mps", data: fs.readFileSync(mps) });
	try {
		model.options.set({ output_flag: false, time_limit: Number(limit), mip_rel_gap: Number(gap) });
		const t0 = process.hrtime.bigint();
		model.run();
		const secs = Number(process.hrtime.bigint() - t0) / 1e9;
		const info = (name) => { try { return Number(model.info.get(name)); } catch (e) { return NaN; } };
		const code = model.getModelStatus();
		const names = highs.constants && highs.constants.modelStatus;
		let status = String(code);
		if (names) for (const k of Object.keys(names)) if (names[k] === code) status = k;
		const primal = info("primal_solution_status");
		const have = primal === 2; // kSolutionStatusFeasible
		const fmt = (x) => (Number.isFinite(x) ? String(x) : "-");
		const obj = have ? model.getObjectiveValue() : NaN;
		console.log([status, fmt(obj), fmt(info("mip_dual_bound")), have ? fmt(info("mip_gap")) : "-",
			fmt(info("mip_node_count")), secs.toFixed(1)].join(" "));
	} finally {
		model.dispose();
	}
}
main().catch((e) => { console.error("bench_highs: " + e.message); process.exit(1); });
