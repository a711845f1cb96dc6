// bench-qc.js: tp-qvalidate's reference simulator for make bench, the npm
// package quantum-circuit (0.9.250), timed on the same circuits as tp's.
//
//   node scripts/bench-qc.js write DIR   64 random circuits, DIR/cNN.qasm:
//                                        8 qubits, 40 gates, a third cx,
//                                        the rest h x rx ry u3 t
//   node scripts/bench-qc.js time DIR    circuits a second through
//                                        quantum-circuit (NODE_PATH finds it)
const fs = require("fs");
const path = require("path");

const [mode, dir] = process.argv.slice(2);
if (mode === "write") {
  let seed = 20261205;
  const rnd = () => {			// mulberry32
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const q = () => Math.floor(rnd() * 8);
  const a = () => (rnd() * 6).toFixed(4);
  fs.mkdirSync(dir, { recursive: true });
  for (let k = 0; k < 64; k++) {
    let text = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[8];\n';
    for (let g = 0; g < 40; g++) {
      const t = q();
      if (g % 3 === 2) {
        const c = (t + 1 + Math.floor(rnd() * 7)) % 8;
        text += `cx q[${c}],q[${t}];\n`;
        continue;
      }
      const name = ["h", "x", "rx", "ry", "u3", "t"][Math.floor(rnd() * 6)];
      const p = name === "u3" ? `(${a()},${a()},${a()})` :
        name[0] === "r" ? `(${a()})` : "";
      text += `${name}${p} q[${t}];\n`;
    }
    fs.writeFileSync(path.join(dir, `c${String(k).padStart(2, "0")}.qasm`),
      text);
  }
} else if (mode === "time") {
  const QC = require("quantum-circuit");
  const circuits = fs.readdirSync(dir).filter((f) => f.endsWith(".qasm"))
    .sort().map((f) => {
      const c = new QC(8);
      c.importQASM(fs.readFileSync(path.join(dir, f), "utf8"), (e) => {
        if (e.length) throw new Error(f + ": " + JSON.stringify(e));
      });
      return c;
    });
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t = 0;
  while (t < 2) {
    circuits[n % circuits.length].run();
    n++;
    t = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  console.log(`quantum-circuit ${require("quantum-circuit/package.json").version}` +
    ` (node ${process.version}), the same circuits: ${(n / t).toFixed(0)}` +
    ` circuits/s (${(t / n * 1e6).toFixed(0)} us each)`);
} else {
  console.error("usage: bench-qc.js write|time DIR");
  process.exit(64);
}
