#!/usr/bin/env python3
"""Verify an Outpost audit log export (docs/audit.md), with nothing but Python 3's standard library.

    python3 verify-export.py EXPORT.jsonl [SEQ:HASH ...]

Checks that the lines are entries 1, 2, 3... with no gap, that each entry's prevHash is the hash of
the line before (64 zeros for the first), and that each hash is the SHA-256 of the entry's
canonical form: the line's JSON object without "hash", keys sorted, no whitespace, UTF-8. Each
SEQ:HASH given (an anchor copied from the server's log, "Audit chain head: seq N hash H") must
match that entry. Exit 0 and "valid: ..." when all holds; else exit 1 naming the first bad line.
"""
import hashlib
import json
import sys


def main(path, anchors):
    prev, n, hashes = "0" * 64, 0, {}
    with open(path, encoding="utf-8") as export:
        for n, line in enumerate(export, 1):
            try:
                entry = json.loads(line)
            except ValueError as e:
                return "line %d: not a JSON object (%s)" % (n, e)
            body = {key: value for key, value in entry.items() if key != "hash"}
            canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            if entry.get("seq") != n or type(entry.get("seq")) is not int:
                return "line %d: seq is %r, expected %d (an entry is missing or out of order)" % (n, entry.get("seq"), n)
            if entry.get("prevHash") != prev:
                return "line %d: prevHash is not the hash of line %d (the chain is broken here)" % (n, n - 1)
            if entry.get("hash") != hashlib.sha256(canonical.encode("utf-8")).hexdigest():
                return "line %d: hash does not match the entry's content (the entry was altered)" % n
            prev = hashes[n] = entry["hash"]
    for anchor in anchors:
        seq, _, expected = anchor.partition(":")
        if hashes.get(int(seq)) != expected:
            return "anchor %s: entry %s is %s" % (anchor, seq, hashes.get(int(seq), "not in the export"))
    print("valid: %d entries, last hash %s" % (n, prev))
    return None


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    problem = main(sys.argv[1], sys.argv[2:])
    if problem:
        print("broken: " + problem, file=sys.stderr)
        sys.exit(1)
