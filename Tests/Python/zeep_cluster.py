"""Python zeep drives a Tessera cluster through its routers (issue 6's integration test).

Usage:
  zeep_cluster.py work ROUTER_A ROUTER_B USER:PASSWORD:SERVER...
      every user logs on through router A, lands on its home server, creates a folder and an
      item there; the token obtained through A then works through B. Prints a JSON summary.
  zeep_cluster.py logon ROUTER USER PASSWORD [EXPECTED_FAULT]
      one logon (and a GetStore) through ROUTER; with EXPECTED_FAULT the logon must fail with
      that MAPI error name. Prints a JSON line.
Exits non-zero on the first failure.
"""

import json
import os
import sys

from zeep import Client, Settings
from zeep.exceptions import Fault

T = "urn:tessera:soap:1"
SUBJECT = "0x0037001F"
IPM_SUBTREE = "0x35E00102"


def service(url):
    client = Client(url + "?wsdl", settings=Settings(strict=True))
    return client.create_service("{%s}TesseraBinding" % T, url)


def fault_name(fault):
    for element in (fault.detail.iter("{%s}mapiName" % T) if fault.detail is not None else []):
        return element.text
    return None


def subtree(svc, token):
    store = svc.GetStore(tags={"tag": [IPM_SUBTREE]}, _soapheaders={"Session": token})
    return [p.binary for p in store.props.prop if p.tag == IPM_SUBTREE][0]


def work(router_a, router_b, users):
    a, b = service(router_a), service(router_b)
    results = {}
    for spec in users:
        login, password, server = spec.split(":")
        logon = a.Logon(user=login, password=password)
        assert logon.homeServer == server, (login, logon.homeServer, server)
        token = logon.session
        parent = subtree(a, token)
        folder = a.CreateFolder(parent=parent, name="cluster %s %s" % (login, os.urandom(3).hex()), _soapheaders={"Session": token}).entryID
        subject = "from %s via the cluster" % login
        a.CreateItem(folder=folder, props={"prop": [{"tag": SUBJECT, "unicode": subject}]}, _soapheaders={"Session": token})
        # The same token through the other router: it routes by the token's home server.
        b.CreateItem(folder=folder, props={"prop": [{"tag": SUBJECT, "unicode": subject + " (second router)"}]}, _soapheaders={"Session": token})
        rows = b.QueryRows(folder=folder, query={"columns": {"tag": [SUBJECT]}}, _soapheaders={"Session": token})
        assert rows.totalCount == 2, (login, rows.totalCount)
        results[login] = {"server": logon.homeServer, "subject": subject}
        print("ok   %s on %s through both routers" % (login, server), file=sys.stderr)
    print(json.dumps({"ok": True, "users": results}))


def logon(router, user, password, expected=None):
    svc = service(router)
    try:
        answer = svc.Logon(user=user, password=password)
        subtree(svc, answer.session)
    except Fault as fault:
        name = fault_name(fault)
        assert expected == name, "logon of %s: %s (expected %s)" % (user, name, expected or "success")
        print(json.dumps({"ok": True, "fault": name}))
        return
    assert expected is None, "logon of %s succeeded, expected %s" % (user, expected)
    print(json.dumps({"ok": True, "server": answer.homeServer}))


if __name__ == "__main__":
    try:
        if sys.argv[1] == "work":
            work(sys.argv[2], sys.argv[3], sys.argv[4:])
        elif sys.argv[1] == "logon":
            logon(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
        else:
            raise SystemExit(__doc__)
    except (AssertionError, Fault) as error:
        print("FAIL", error, file=sys.stderr)
        sys.exit(1)
