OPENQASM 2.0;
qreg q[1];
creg c[40];
measure q[0] -> c[0];
