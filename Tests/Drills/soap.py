"""Raw SOAP for the failover drills: hand-written envelopes over http.client (docs/protocol.md),
so the drill measures Tessera and not a SOAP library. One `Endpoint` per URL keeps one
keep-alive connection and reopens it after any error."""

import base64
import http.client
import socket
import urllib.parse
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
T_NS = "urn:tessera:soap:1"
PR_SUBJECT = "0x0037001F"
PR_DISPLAY_NAME = "0x3001001F"
PR_ENTRYID = "0x0FFF0102"
PR_IPM_SUBTREE_ENTRYID = "0x35E00102"


class Fault(Exception):
    """A SOAP fault: `name` is the MAPI name (MAPI_E_…, FENCED) or what went wrong on the wire
    (`TIMEOUT`, `CONNECTION`, `HTTP_<status>`)."""

    def __init__(self, name, text="", redirect=None):
        super().__init__(f"{name}: {text}")
        self.name = name
        self.text = text
        self.redirect = redirect

    @property
    def on_the_wire(self):
        """The request may or may not have run (no answer came back)."""
        return self.name in ("TIMEOUT", "CONNECTION")


def envelope(body, session=None):
    header = f"<soap:Header><t:Session>{escape(session)}</t:Session></soap:Header>" if session else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:t="{T_NS}">{header}<soap:Body>{body}</soap:Body></soap:Envelope>'
    ).encode()


def logon_body(user, password):
    return f"<t:Logon><t:user>{escape(user)}</t:user><t:password>{escape(password)}</t:password></t:Logon>"


def get_store_body(tags):
    return "<t:GetStore><t:tags>" + "".join(f"<t:tag>{t}</t:tag>" for t in tags) + "</t:tags></t:GetStore>"


def get_hierarchy_body(folder, columns):
    cols = "".join(f"<t:tag>{t}</t:tag>" for t in columns)
    return f"<t:GetHierarchy><t:folder>{folder}</t:folder><t:query><t:columns>{cols}</t:columns></t:query></t:GetHierarchy>"


def create_item_body(folder, subject):
    return (
        f"<t:CreateItem><t:folder>{folder}</t:folder><t:props>"
        f'<t:prop tag="{PR_SUBJECT}"><t:unicode>{escape(subject)}</t:unicode></t:prop>'
        "</t:props></t:CreateItem>"
    )


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def parse_fault(root):
    fault = root.find(f".//{{{SOAP_NS}}}Fault")
    if fault is None:
        return None
    text = (fault.findtext("faultstring") or "").strip()
    name = fault.findtext(f".//{{{T_NS}}}mapiName") or (text.split(":", 1)[0] if text else "UNKNOWN")
    redirect = fault.findtext(f".//{{{T_NS}}}redirectURL")
    return Fault(name.strip(), text, redirect.strip() if redirect else None)


def props_of(element):
    """`{tag: text}` of the t:prop children of an element (binary values stay base64)."""
    out = {}
    for prop in element.findall(f"{{{T_NS}}}prop"):
        value = next(iter(prop), None)
        out[prop.get("tag", "").upper().replace("0X", "0x")] = (value.text or "") if value is not None else ""
    return out


class Endpoint:
    """One SOAP URL with one keep-alive connection."""

    def __init__(self, url, timeout):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port or 80, parts.path or "/soap"
        self.timeout = timeout
        self.connection = None

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def call(self, body, session=None, timeout=None):
        """Posts one envelope; returns the parsed response element (the Body's child) or raises
        `Fault`."""
        data = envelope(body, session)
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
        if session:
            headers["X-Tessera-Session"] = session
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout or self.timeout)
            elif timeout:
                self.connection.timeout = timeout
                if self.connection.sock is not None:
                    self.connection.sock.settimeout(timeout)
            self.connection.request("POST", self.path, data, headers)
            response = self.connection.getresponse()
            payload = response.read()
            status = response.status
        except socket.timeout as error:
            self.close()
            raise Fault("TIMEOUT", str(error)) from None
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise Fault("CONNECTION", f"{type(error).__name__}: {error}") from None
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            root = ET.fromstring(payload)
        except ET.ParseError:
            raise Fault(f"HTTP_{status}", payload[:200].decode("utf-8", "replace")) from None
        fault = parse_fault(root)
        if fault is not None:
            raise fault
        body = root.find(f"{{{SOAP_NS}}}Body")
        if body is None or len(body) == 0:
            raise Fault(f"HTTP_{status}", "no body")
        return body[0]


def logon(endpoint, user, password, timeout=None):
    """Logon → (session, home server)."""
    response = endpoint.call(logon_body(user, password), timeout=timeout)
    return response.findtext(f"{{{T_NS}}}session").strip(), (response.findtext(f"{{{T_NS}}}homeServer") or "").strip()


def inbox_entry_id(endpoint, session):
    """The Inbox's entry id (base64): the IPM subtree from GetStore, then its child named Inbox."""
    store = endpoint.call(get_store_body([PR_IPM_SUBTREE_ENTRYID]), session)
    subtree = props_of(store.find(f"{{{T_NS}}}props"))[PR_IPM_SUBTREE_ENTRYID]
    rows = endpoint.call(get_hierarchy_body(subtree, [PR_DISPLAY_NAME, PR_ENTRYID]), session)
    for row in rows.find(f"{{{T_NS}}}rows"):
        props = props_of(row)
        if props.get(PR_DISPLAY_NAME, "").lower() == "inbox":
            return props[PR_ENTRYID]
    raise Fault("NO_INBOX", "the IPM subtree has no Inbox")


def create_item(endpoint, session, folder, subject, timeout=None):
    endpoint.call(create_item_body(folder, subject), session, timeout=timeout)


def b64(data):
    return base64.b64encode(data).decode()
