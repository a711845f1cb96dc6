// make-random.js: the random circuits of tests/qasm/random and their
// amplitudes from an independent simulator, the npm package
// quantum-circuit 0.9.250 (not tp's code).  Run once, then commit the
// output; the tests do not need node:
//
//   npm install quantum-circuit@0.9.250
//   node tests/qasm/make-random.js tests/qasm/random
//
// Gates from qelib1.inc on which quantum-circuit agrees with the spec.
// rz is left out: quantum-circuit's rz is diag(e^-il/2, e^il/2), while
// qelib1.inc defines rz as u1, diag(1, e^il) (the two differ by a global
// phase).  Angles have 4 decimals, which quantum-circuit's reader keeps
// exactly (it rounds parameters to 7).
const QC = require("quantum-circuit");
const fs = require("fs");
const path = require("path");

let seed = 20261124;
function rnd() {			// mulberry32
  seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const angle = () => ((rnd() * 4 - 2) * Math.PI).toFixed(4);

const gates = [
  ["x", 0, 1], ["y", 0, 1], ["z", 0, 1], ["h", 0, 1], ["s", 0, 1],
  ["sdg", 0, 1], ["t", 0, 1], ["tdg", 0, 1], ["rx", 1, 1], ["ry", 1, 1],
  ["u1", 1, 1], ["u2", 2, 1], ["u3", 3, 1], ["cx", 0, 2], ["cz", 0, 2],
  ["cy", 0, 2], ["swap", 0, 2], ["crz", 1, 2], ["cu1", 1, 2],
  ["cu3", 3, 2], ["ccx", 0, 3],
];

const dir = process.argv[2];
for (let k = 1; k <= 20; k++) {
  const n = 2 + (k % 7);			// 2 to 8 qubits
  let text = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[' + n + '];\n';
  for (let g = 0; g < 40; g++) {
    let gate;
    do { gate = pick(gates); } while (gate[2] > n);
    const qs = [];
    while (qs.length < gate[2]) {
      const q = Math.floor(rnd() * n);
      if (!qs.includes(q)) qs.push(q);
    }
    const ps = [];
    for (let p = 0; p < gate[1]; p++) ps.push(angle());
    text += gate[0] + (ps.length ? "(" + ps.join(",") + ")" : "") + " " +
      qs.map((q) => "q[" + q + "]").join(",") + ";\n";
  }
  const c = new QC(n);
  c.importQASM(text, (errors) => {
    if (errors.length) throw new Error(JSON.stringify(errors));
  });
  c.run();
  const amps = [];
  for (let i = 0; i < (1 << n); i++) {
    const a = c.state[i] || { re: 0, im: 0 };
    amps.push([a.re, a.im]);
  }
  const name = "random-" + String(k).padStart(2, "0");
  fs.writeFileSync(path.join(dir, name + ".qasm"), text);
  fs.writeFileSync(path.join(dir, name + ".json"), JSON.stringify(amps) + "\n");
}
