#!/usr/bin/python3
"""Runs a command under the system-call sandbox of a systemd unit, without systemd.

    deploy/systemd/seccomp-run.py deploy/systemd/outpost.service -- COMMAND [ARGS...]

Build machines have no running systemd, so the unit cannot be started for real; this applies the
unit's seccomp part the way systemd compiles it, so that the JVM, RocksDB and H2 can be exercised
under it (deploy/kit/README.md):

  * SystemCallFilter=: the allow-list lines (groups expanded by `systemd-analyze syscall-filter`),
    minus the '~' lines; any other call fails with SystemCallErrorNumber= (EPERM);
  * SystemCallArchitectures=native: other ABIs are killed;
  * RestrictAddressFamilies=: socket() only for the listed families (systemd answers EAFNOSUPPORT
    for the others, this script the filter's EPERM);
  * RestrictNamespaces=yes: clone() and unshare() without namespace flags only, clone3() answers
    ENOSYS (glibc then falls back to clone(), as under systemd);
  * NoNewPrivileges=yes (libseccomp sets it).

Not emulated: the mount, user and cgroup settings (ProtectSystem=, PrivateUsers=, IPAddressDeny=);
run the command in bubblewrap and as an unprivileged user for those. Needs Debian's python3-seccomp.
"""
import errno
import os
import socket
import subprocess
import sys

import seccomp

NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080


def unit_settings(path):
    settings = {}
    with open(path) as unit:
        for line in unit:
            line = line.strip()
            if not line or line[0] in "#;[" or "=" not in line:
                continue
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def expand(names, seen=None):
    seen = set() if seen is None else seen
    calls = set()
    for name in names:
        if not name.startswith("@"):
            calls.add(name)
            continue
        if name in seen:
            continue
        seen.add(name)
        listing = subprocess.run(
            ["systemd-analyze", "syscall-filter", name], check=True, capture_output=True, text=True
        ).stdout
        members = [
            line.split("#")[0].strip()
            for line in listing.splitlines()[1:]
            if line.split("#")[0].strip()
        ]
        calls |= expand(members, seen)
    return calls


def main():
    if "--" not in sys.argv or sys.argv.index("--") != 2:
        sys.exit(__doc__)
    settings = unit_settings(sys.argv[1])
    command = sys.argv[3:]

    allowed, denied = set(), set()
    for value in settings.get("SystemCallFilter", []):
        names = value.lstrip("~").split()
        (denied if value.startswith("~") else allowed).update(expand(names))
    allowed -= denied
    error = getattr(errno, settings.get("SystemCallErrorNumber", ["EPERM"])[-1])
    families = [getattr(socket, f) for f in " ".join(settings.get("RestrictAddressFamilies", [])).split()]
    restrict_namespaces = settings.get("RestrictNamespaces", ["no"])[-1] in ("yes", "true")

    sandbox = seccomp.SyscallFilter(defaction=seccomp.ERRNO(error))
    skipped = []
    for call in sorted(allowed):
        if call == "socket" and families:
            continue
        if call in ("clone", "clone3", "unshare") and restrict_namespaces:
            continue
        try:
            sandbox.add_rule(seccomp.ALLOW, call)
        except (RuntimeError, ValueError, OSError):
            skipped.append(call)  # not a system call on this architecture
    for family in families:
        sandbox.add_rule(seccomp.ALLOW, "socket", seccomp.Arg(0, seccomp.EQ, family))
    if restrict_namespaces:
        sandbox.add_rule(seccomp.ALLOW, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, NAMESPACE_FLAGS, 0))
        sandbox.add_rule(seccomp.ALLOW, "unshare", seccomp.Arg(0, seccomp.MASKED_EQ, NAMESPACE_FLAGS, 0))
        sandbox.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    sys.stderr.write(
        "seccomp-run: %d calls allowed, %d removed by '~' lines, socket() for %s, on %s\n"
        % (len(allowed), len(denied), families or "all families", command[0])
    )
    sandbox.load()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
