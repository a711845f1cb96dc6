// Grover's search for |111> among 8 states, 2 iterations: success
// probability sin^2(5 theta), sin(theta) = 1/sqrt(8) (Nielsen and
// Chuang, section 6.1.3): 0.9453125
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
h q;
// iteration 1: oracle (ccz), then the diffusion 2|s><s| - I
h q[2]; ccx q[0],q[1],q[2]; h q[2];
h q; x q; h q[2]; ccx q[0],q[1],q[2]; h q[2]; x q; h q;
// iteration 2
h q[2]; ccx q[0],q[1],q[2]; h q[2];
h q; x q; h q[2]; ccx q[0],q[1],q[2]; h q[2]; x q; h q;
