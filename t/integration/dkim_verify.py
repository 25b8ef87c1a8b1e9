"""dkim_verify.py - verify every DKIM-Signature of a message with dkimpy
(Debian's python3-dkim), the key records fetched from the test's DNS
server.  Run with Debian's /usr/bin/python3, where python3-dkim lives:

    dkim_verify.py DNS_PORT MESSAGE_FILE

Prints "d=... s=... a=... pass|fail" per signature; exit 0 when there is
at least one signature and all pass, 1 otherwise."""

import re
import sys

import dkim
import dns.resolver


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    res = dns.resolver.Resolver(configure=False)
    res.nameservers = ["127.0.0.1"]
    res.port = port
    res.lifetime = 5

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode()
        try:
            ans = res.resolve(name, "TXT")
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return None
        return b"".join(ans[0].strings)

    with open(path, "rb") as f:
        msg = f.read()
    d = dkim.DKIM(msg)
    sigs = [v for k, v in d.headers if k.lower() == b"dkim-signature"]
    ok = len(sigs) > 0
    for i, sig in enumerate(sigs):
        tags = dict(re.findall(rb"\b([a-z]+)=([^;]*)", re.sub(rb"\s", b"",
                                                                sig)))
        good = d.verify(idx=i, dnsfunc=dnsfunc)
        print("d=%s s=%s a=%s %s" % (tags[b"d"].decode(), tags[b"s"].decode(),
                                     tags[b"a"].decode(),
                                     "pass" if good else "fail"))
        ok = ok and good
    sys.exit(0 if ok else 1)


main()
