#!/usr/bin/python3
"""The audit chain of a tp journal, recomputed outside tp.

    chain.py DB                  print the head hash the chain leads to
    chain.py DB --rewrite SEQ    change the ingest time of audit row SEQ and
                                 recompute every hash from there on, as an
                                 attacker who knows the algorithm would:
                                 the chain and the rows stay consistent

Written from the chain's definition in tp-journal(1): hash =
BLAKE2b-256(prev || seq || at || kind || 0x00 || BLAKE2b-256(record)),
with Python's hashlib, so the test does not check tp with tp's own code.
"""
import hashlib
import sqlite3
import sys


def link(prev, seq, at, kind, record):
    rec = hashlib.blake2b(record.encode(), digest_size=32).digest()
    h = hashlib.blake2b(digest_size=32)
    h.update(prev)
    h.update(seq.to_bytes(8, "little", signed=True))
    h.update(at.to_bytes(8, "little", signed=True))
    h.update(kind.encode() + b"\0")
    h.update(rec)
    return h.digest()


def main():
    db = sqlite3.connect(sys.argv[1])
    rewrite = int(sys.argv[3]) if len(sys.argv) > 3 else None
    prev = bytes(32)
    rows = db.execute("SELECT seq, at, kind, record, hash FROM audit "
                      "ORDER BY seq").fetchall()
    for seq, at, kind, record, stored in rows:
        if rewrite is not None and seq == rewrite:
            at += 1000
            db.execute("UPDATE audit SET at = ? WHERE seq = ?", (at, seq))
        prev = link(prev, seq, at, kind, record)
        if rewrite is not None and seq >= rewrite:
            db.execute("UPDATE audit SET hash = ? WHERE seq = ?",
                       (prev, seq))
        elif prev != stored:
            print("mismatch at", seq)
            return 1
    db.commit()
    print(prev.hex())
    return 0


sys.exit(main())
