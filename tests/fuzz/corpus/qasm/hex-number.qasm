OPENQASM 2.0;
qreg q[1];
U(0x1p3,0,0) q[0];
