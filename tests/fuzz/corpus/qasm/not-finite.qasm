OPENQASM 2.0;
include "qelib1.inc";
qreg q[1];
rx(1e308*10) q[0];
