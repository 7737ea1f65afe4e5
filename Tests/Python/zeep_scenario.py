"""An independent SOAP client (Python zeep) drives a running Tessera node.

Usage: python3 Tests/Python/zeep_scenario.py URL USER PASSWORD
URL is the node's SOAP endpoint (http://127.0.0.1:PORT/soap); the WSDL is fetched from URL?wsdl.

The scenario (issue 5): logon; create a folder; create an item with two recipients and attach
5 MB in 1 MiB chunks; read the attachment back in chunks and compare; table query with sort and
restriction; ICS sync of changes a second session makes; search; logoff; a call with the old
token fails with MAPI_E_END_OF_SESSION. Prints one line per step and a final JSON summary;
exits non-zero on the first failure.
"""

import base64
import hashlib
import json
import os
import sys

from zeep import Client, Settings
from zeep.exceptions import Fault

T = "urn:tessera:soap:1"
SUBJECT = "0x0037001F"
BODY = "0x1000001F"
DISPLAY_NAME = "0x3001001F"
EMAIL = "0x3003001F"
RECIPIENT_TYPE = "0x0C150003"
ENTRY_ID = "0x0FFF0102"
IPM_SUBTREE = "0x35E00102"
ATTACH_LONG_FILENAME = "0x3707001F"
ATTACH_NUM = "0x0E210003"
MESSAGE_CLASS = "0x001A001F"

CHUNK = 1 << 20


def step(message):
    print("ok  ", message, flush=True)


def prop_value(props, tag):
    for p in props.prop if props is not None else []:
        if p.tag == tag:
            for field in ("unicode", "string8", "binary", "long", "sysTime", "boolean", "i8"):
                value = getattr(p, field, None)
                if value is not None:
                    return text_of(value)
    return None


def text_of(value):
    """A t:StringValue (text with an optional encoding="base64") as text; other values as they are."""
    if hasattr(value, "_value_1"):
        text = value._value_1 or ""
        return base64.b64decode(text).decode("utf-8") if getattr(value, "encoding", None) == "base64" else text
    return value


def fault_name(fault):
    detail = fault.detail
    if detail is None:
        return None
    for element in detail.iter("{%s}mapiName" % T):
        return element.text
    return None


class Session:
    def __init__(self, client, service, user, password):
        self.client = client
        self.service = service
        answer = service.Logon(user=user, password=password)
        self.token = answer.session
        self.store = answer.storeEntryID
        self.home = answer.homeServer

    def call(self, operation, **kwargs):
        return getattr(self.service, operation)(_soapheaders={"Session": self.token}, **kwargs)


def props(*pairs):
    """pairs of (tag, field, value) → a PropList."""
    return {"prop": [dict({"tag": tag}, **{field: value}) for tag, field, value in pairs]}


def main():
    url, user, password = sys.argv[1:4]
    client = Client(url + "?wsdl", settings=Settings(strict=True))
    service = client.create_service("{%s}TesseraBinding" % T, url)
    step("WSDL loaded from %s?wsdl" % url)

    first = Session(client, service, user, password)
    step("Logon as %s (home server %s)" % (user, first.home))

    store = first.call("GetStore", tags={"tag": [IPM_SUBTREE]})
    subtree = prop_value(store.props, IPM_SUBTREE)
    assert subtree, "the store has no PR_IPM_SUBTREE_ENTRYID"
    folder = first.call("CreateFolder", parent=subtree, name="zeep scenario %s" % os.urandom(4).hex()).entryID
    step("CreateFolder under the IPM subtree")

    recipients = {"row": [
        props((DISPLAY_NAME, "unicode", "Bob"), (EMAIL, "unicode", "bob@example.com"), (RECIPIENT_TYPE, "long", 1)),
        props((DISPLAY_NAME, "unicode", "Carol"), (EMAIL, "unicode", "carol@example.com"), (RECIPIENT_TYPE, "long", 2)),
    ]}
    created = first.call(
        "CreateItem", folder=folder,
        props=props((SUBJECT, "unicode", "Quarterly report"), (BODY, "unicode", "Figures attached; the budget grows."),
                    (MESSAGE_CLASS, "unicode", "IPM.Note")),
        recipients=recipients)
    item = created.entryID
    step("CreateItem with two recipients")

    data = os.urandom(5 * 1000 * 1000)
    upload = first.call("CreateAttachment", item=item, props=props((ATTACH_LONG_FILENAME, "unicode", "report.bin")),
                        data=data[:CHUNK], more=True).upload
    offset = CHUNK
    attach_num = None
    while offset < len(data):
        chunk = data[offset:offset + CHUNK]
        last = offset + len(chunk) >= len(data)
        answer = first.call("AppendAttachment", upload=upload, offset=offset, data=chunk, more=not last)
        offset += len(chunk)
        assert answer.received == offset, (answer.received, offset)
        attach_num = answer.attachNum
    assert attach_num is not None, "the last chunk did not attach"
    step("5 MB attachment uploaded in %d chunks" % ((len(data) + CHUNK - 1) // CHUNK))

    got = bytearray()
    while True:
        answer = first.call("GetAttachment", item=item, attachNum=attach_num, offset=len(got), length=CHUNK)
        got += answer.data or b""
        if len(got) >= answer.totalSize:
            break
    assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest(), "attachment differs"
    step("attachment read back in chunks, byte-identical")

    item_view = first.call("GetItem", item=item)
    emails = sorted(prop_value(row, EMAIL) for row in item_view.recipients.row)
    assert emails == ["bob@example.com", "carol@example.com"], emails
    assert len(item_view.attachments.row) == 1
    step("GetItem shows both recipients and the attachment")

    for subject in ("alpha notes", "beta report", "gamma report"):
        first.call("CreateItem", folder=folder, props=props((SUBJECT, "unicode", subject), (MESSAGE_CLASS, "unicode", "IPM.Note")))
    query = {
        "columns": {"tag": [SUBJECT, ENTRY_ID]},
        "restriction": {"content": {"tag": SUBJECT, "position": "substring", "ignoreCase": True, "unicode": "report"}},
        "sort": {"key": [{"tag": SUBJECT, "order": "descending"}]},
        "offset": 0,
        "limit": 50,
    }
    rows = first.call("QueryRows", folder=folder, query=query)
    subjects = [prop_value(row, SUBJECT) for row in rows.rows.row]
    assert subjects == ["Quarterly report", "gamma report", "beta report"], subjects
    assert rows.totalCount == 3, rows.totalCount
    step("QueryRows with restriction and descending sort: %s" % subjects)

    sync = first.call("GetChanges", folder=folder)
    state = sync.syncState
    while sync.more:
        sync = first.call("GetChanges", folder=folder, syncState=state)
        state = sync.syncState
    step("ICS: initial sync state taken")

    second = Session(client, service, user, password)
    added = second.call("CreateItem", folder=folder, props=props((SUBJECT, "unicode", "from the second session")))
    second.call("SetReadFlags", items={"entryID": [item]}, read=True)
    changes = first.call("GetChanges", folder=folder, syncState=state)
    kinds = sorted((c.kind, bytes(c.sourceKey) == bytes(added.sourceKey)) for c in changes.change)
    assert ("upsert", True) in kinds, kinds
    assert any(c.kind in ("readState", "upsert") and bytes(c.sourceKey) == bytes(created.sourceKey) for c in changes.change), kinds
    step("ICS: the first session syncs the second session's item and read flag (%d changes)" % len(changes.change))

    found = first.call("Search", folder=folder, query="budget")
    # A response of one part is unwrapped by zeep, and an EntryIDList of one element to a list.
    found = found if isinstance(found, list) else found.entryID
    assert [bytes(i) for i in found] == [bytes(item)], found
    step("Search finds the item by a word of its body")

    old = first.token
    first.call("Logoff")
    step("Logoff")
    try:
        first.call("GetStore")
    except Fault as fault:
        name = fault_name(fault)
        assert name == "MAPI_E_END_OF_SESSION", name
        step("the old token is refused: %s" % name)
    else:
        raise AssertionError("a call with the logged-off token succeeded")
    assert second.call("GetStore") is not None
    step("the second session still works")

    print(json.dumps({"ok": True, "token_prefix": old[:8], "attachment_bytes": len(data), "rows": subjects}))


if __name__ == "__main__":
    try:
        main()
    except Fault as fault:
        print("FAIL SOAP fault:", fault.message, fault_name(fault), file=sys.stderr)
        sys.exit(1)
    except AssertionError as error:
        print("FAIL", error, file=sys.stderr)
        sys.exit(1)
