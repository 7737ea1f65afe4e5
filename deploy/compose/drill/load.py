"""Write load for the failover drills (scripts/drill-*.sh): one user writes items through the
routers for a fixed time and every attempt is logged, so the drill can say what a fault did.

Usage: load.py --routers URL[,URL…] --user LOGIN:PASSWORD --seconds N [--interval S]
Each attempt is a CreateItem in a fresh folder of the user's store, through the first router
that answers (the next on a connection error, as a client behind DNS would). Prints one JSON
line per attempt {"t": unix time, "ok": bool, "error": text}, and at the end {"summary": …}
with the items the folder holds: every acknowledged write must be there.
"""

import argparse
import json
import sys
import time

import requests
from zeep import Client, Settings, Transport
from zeep.exceptions import Fault

T = "urn:tessera:soap:1"
SUBJECT = "0x0037001F"
IPM_SUBTREE = "0x35E00102"


class Cluster:
    """The routers, tried in order; a session token works through any of them."""

    def __init__(self, urls, timeout):
        transport = Transport(timeout=timeout, operation_timeout=timeout)
        client = None
        for url in urls:  # the WSDL from the first router that serves it
            try:
                client = client or Client(url + "?wsdl", settings=Settings(strict=True), transport=transport)
            except requests.exceptions.RequestException:
                continue
        if client is None:
            raise SystemExit("no router answers: %s" % ", ".join(urls))
        self.services = [client.create_service("{%s}TesseraBinding" % T, url) for url in urls]

    def call(self, operation, **kwargs):
        error = None
        for service in self.services:
            try:
                return getattr(service, operation)(**kwargs)
            except requests.exceptions.RequestException as failure:
                error = failure
        raise error


def log(record):
    print(json.dumps(record), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--routers", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--timeout", type=float, default=5)
    args = parser.parse_args()
    login, password = args.user.split(":", 1)
    cluster = Cluster(args.routers.split(","), args.timeout)
    session = {"Session": cluster.call("Logon", user=login, password=password).session}
    store = cluster.call("GetStore", tags={"tag": [IPM_SUBTREE]}, _soapheaders=session)
    parent = [p.binary for p in store.props.prop if p.tag == IPM_SUBTREE][0]
    folder = cluster.call("CreateFolder", parent=parent, name="drill %d" % time.time(), _soapheaders=session).entryID
    acknowledged = failed = 0
    end = time.time() + args.seconds
    while time.time() < end:
        started = time.time()
        try:
            cluster.call("CreateItem", folder=folder, _soapheaders=session,
                         props={"prop": [{"tag": SUBJECT, "unicode": "write %d" % acknowledged}]})
            acknowledged += 1
            log({"t": started, "ok": True})
        except (Fault, requests.exceptions.RequestException) as error:
            failed += 1
            log({"t": started, "ok": False, "error": str(error)[:200]})
        time.sleep(max(0.0, args.interval - (time.time() - started)))
    summary = {"acknowledged": acknowledged, "failed": failed, "stored": None}
    try:
        rows = cluster.call("QueryRows", folder=folder, query={"columns": {"tag": [SUBJECT]}}, _soapheaders=session)
        summary["stored"] = rows.totalCount
    except (Fault, requests.exceptions.RequestException) as error:
        summary["count_error"] = str(error)[:200]
    log({"summary": summary})


if __name__ == "__main__":
    sys.exit(main())
