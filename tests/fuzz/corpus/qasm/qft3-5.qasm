// The quantum Fourier transform of |5> on 3 qubits: amplitude of |k> is
// exp(2 pi i 5 k / 8) / sqrt(8) (Nielsen and Chuang, eq. 5.2), q[2] the
// most significant qubit; the swaps at the end reverse the bit order as
// in their figure 5.1
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
x q[0];
x q[2];
h q[2];
cu1(pi/2) q[1],q[2];
cu1(pi/4) q[0],q[2];
h q[1];
cu1(pi/2) q[0],q[1];
h q[0];
swap q[0],q[2];
