OPENQASM 2.0;
include "qelib1.inc";
qreg a[2];
qreg b[2];
creg c[64];
h a;
cx a,b;
barrier a,b[1];
measure b -> c[62];
