// cu3 as Qiskit's qelib1.inc defines it: u3 under a control, exactly.
// After h on the control, the state is (|0>|0> + |1> u3(t,p,l)|0>) / sqrt 2
// (control q[0], the lowest bit), with u3(t,p,l)|0> = (cos t/2,
// e^ip sin t/2), the first column of U3 in Qiskit's documentation
// (qiskit.circuit.library.U3Gate).  The cu3 of the OpenQASM paper's
// appendix (arXiv:1707.03429), which lacks u1((l+p)/2) on the control,
// gives the control's |1> half an extra phase e^(-i(p+l)/2).
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
h q[0];
cu3(pi/2,pi/2,0) q[0],q[1];
