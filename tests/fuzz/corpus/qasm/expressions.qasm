OPENQASM 2.0;
include "qelib1.inc";
// a comment
qreg q[3];
u3(pi/2, -pi^2/4, sqrt(2)*ln(3)) q[0];
rx(-(-(1.5e-1))) q[1];
ccx q[0],q[1],q[2];
swap q[0],q[2];
cu3(1,2,3) q[2],q[1];
crz(exp(1)/tan(0.5)) q[0],q[1];
U(.5,0,2.) q[2];
CX q[1],q[0];
