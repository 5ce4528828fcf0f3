#!/usr/bin/env python3
"""Replays the HTTP calls of PyHashlookup 1.2.8 (pyhashlookup/api.py; shared/reference/interop.md
1.5) against Outpost's /hashlookup/ root, the way that client makes them, since PyPI (and so
pyhashlookup itself) cannot be installed here:

- the root URL is normalised as the client does: 'http://' added when there is no scheme, '/'
  appended when missing;
- every path is joined with urllib.parse.urljoin(root, str(pathlib.Path(...))), so that the root's
  path prefix is kept;
- one requests session, with the client's User-Agent;
- r.json() on every answer, whatever its status: the client never looks at the status.

Usage: pyhashlookup_calls.py ROOT_URL. Prints one line per check; exits 1 at the first that fails.
"""

import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests

EICAR = {
    "MD5": "44D88612FEA8A8F36DE82E1278ABB02F",
    "SHA-1": "3395856CE81F2B7382DEE72602F798B642F14140",
    "SHA-256": "275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F",
}
CLEAN_MD5 = "7a52c94ace40d9c052cf40f3541637c3"
CLEAN_SHA1 = "8ae191681fa09d78923d555996d8746f8601146a"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class Calls:
    """The client's calls: the same URLs, method, body and parsing; not its code."""

    def __init__(self, root_url):
        if not urlparse(root_url).scheme:
            root_url = "http://" + root_url
        if not root_url.endswith("/"):
            root_url += "/"
        self.root_url = root_url
        self.session = requests.session()
        self.session.headers["user-agent"] = "PyHashlookup / 1.2.8"

    def _get(self, path):
        return self.session.get(urljoin(self.root_url, path)).json()

    def _bulk(self, kind, hashes):
        return self.session.post(urljoin(self.root_url, str(Path("bulk", kind))), json={"hashes": hashes}).json()

    def info(self):
        return self._get("info")

    def top(self):
        return self._get("stats/top")

    def md5_lookup(self, md5):
        return self._get(str(Path("lookup", "md5", md5)))

    def sha1_lookup(self, sha1):
        return self._get(str(Path("lookup", "sha1", sha1)))

    def sha256_lookup(self, sha256):
        return self._get(str(Path("lookup", "sha256", sha256)))

    def md5_bulk_lookup(self, md5s):
        return self._bulk("md5", md5s)

    def sha1_bulk_lookup(self, sha1s):
        return self._bulk("sha1", sha1s)

    def sha1_children(self, sha1, count=100, cursor="0"):
        return self._get(str(Path("children", sha1, str(count), cursor)))

    def sha1_parents(self, sha1, count=100, cursor="0"):
        return self._get(str(Path("parents", sha1, str(count), cursor)))

    def lookup(self, to_lookup):
        """The client's dispatch: by length for one hash, all-MD5 or all-SHA-1 for a list."""
        if isinstance(to_lookup, str):
            by_length = {32: self.md5_lookup, 40: self.sha1_lookup, 64: self.sha256_lookup}
            if len(to_lookup) in by_length:
                return by_length[len(to_lookup)](to_lookup)
            raise ValueError("The hash must be either MD5, SHA1 or SHA256")
        if all(len(h) == 32 for h in to_lookup):
            return self.md5_bulk_lookup(to_lookup)
        if all(len(h) == 40 for h in to_lookup):
            return self.sha1_bulk_lookup(to_lookup)
        raise ValueError("The hashes must be either MD5 or SHA1")


checks = 0


def check(what, condition):
    global checks
    checks += 1
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        sys.exit(1)


def main(root_url):
    for root in (root_url, root_url.rstrip("/"), root_url.split("://", 1)[1]):
        check("root %r: info() names nsrl-version" % root, "nsrl-version" in Calls(root).info())
    client = Calls(root_url)

    info = client.info()
    check("info(): hashlookup-version is the string 1.2", info.get("hashlookup-version") == "1.2")
    check("info(): total keys is an int", type(info.get("stat:hashlookup_total_keys")) is int)

    check("top(): CIRCL's message with statistics off",
          client.top() == {"message": "Public statistics not enabled"})

    record = client.lookup(EICAR["MD5"].lower())
    check("lookup(md5): the record's digests, upper-case strings",
          all(record.get(k) == v for k, v in EICAR.items()))
    check("lookup(md5): KnownMalicious is a string naming the source", record.get("KnownMalicious") == "demo")
    check("lookup(md5): hashlookup:trust is the int 0", type(record.get("hashlookup:trust")) is int
          and record["hashlookup:trust"] == 0)
    check("lookup(sha1): the same file", client.lookup(EICAR["SHA-1"])["MD5"] == EICAR["MD5"])
    check("lookup(sha256): response['MD5'], as the client's test reads it",
          client.lookup(EICAR["SHA-256"].lower())["MD5"] == EICAR["MD5"])
    empty = client.sha256_lookup(EMPTY_SHA256)
    check("sha256_lookup(empty file): trusted, SHA-256 only",
          empty.get("hashlookup:trust") == 100 and "MD5" not in empty and "KnownMalicious" not in empty)

    miss = "0123456789abcdef0123456789abcdef"
    check("md5_lookup(miss): 404 body read as JSON",
          client.md5_lookup(miss) == {"message": "Non existing MD5", "query": miss})
    check("sha1_lookup(miss): 404 body read as JSON",
          client.sha1_lookup("f" * 40) == {"message": "Non existing SHA-1", "query": "f" * 40})
    check("sha256_lookup(bad hex): 400 body read as JSON",
          client.sha256_lookup("z" * 64)
          == {"message": "SHA-256 value incorrect, expecting a SHA-256 value in hex format"})
    check("md5_lookup(a SHA-1): 400 body read as JSON",
          client.md5_lookup(CLEAN_SHA1) == {"message": "MD5 value incorrect, expecting a MD5 value in hex format"})

    bulk = client.lookup([CLEAN_MD5, miss, EICAR["MD5"]])
    check("lookup([md5, ...]): bulk/md5, the records found in order",
          [r.get("MD5") for r in bulk] == [CLEAN_MD5.upper(), EICAR["MD5"]])
    bulk = client.lookup(["f" * 40, EICAR["SHA-1"].lower(), CLEAN_SHA1])
    check("lookup([sha1, ...]): bulk/sha1, the records found in order",
          [r.get("SHA-1") for r in bulk] == [EICAR["SHA-1"], CLEAN_SHA1.upper()])
    check("sha1_bulk_lookup(nothing known): an empty list", client.sha1_bulk_lookup(["f" * 40]) == [])
    try:
        client.lookup([EICAR["MD5"], EICAR["SHA-256"]])
        check("lookup(mixed list) refused by the client before any request", False)
    except ValueError:
        check("lookup(mixed list) refused by the client before any request", True)

    check("sha1_parents(): CIRCL's 404 message",
          client.sha1_parents(EICAR["SHA-1"]) == {"message": "The SHA1 value has no known parent."})
    check("sha1_children(): CIRCL's 404 message",
          client.sha1_children(EICAR["SHA-1"]) == {"message": "The SHA1 value has no known child."})
    check("sha1_children(bad sha1): CIRCL's 400 message, with its full stop",
          client.sha1_children("xyz")
          == {"message": "SHA1 value incorrect, expecting a SHA1 value in hex format."})
    print("passed %d checks" % checks)


if __name__ == "__main__":
    main(sys.argv[1])
