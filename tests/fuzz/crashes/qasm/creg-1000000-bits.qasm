OPENQASM 2.0;
qreg q[1];
creg c[1000000];
measure q[0] -> c[0];
