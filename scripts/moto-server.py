"""moto_server with one fix, for scripts/with-moto.sh.

moto checks SigV4 signatures over the request URL as Werkzeug gives it, whose query string is
already percent-decoded (`prefix=a%2Fb%2F` arrives as `prefix=a/b/`), so every correctly
signed request with an encoded character in its query fails with SignatureDoesNotMatch (boto3's
own `list_objects_v2(Prefix="a/b/")` included). The fix encodes the query again, as SigV4's
canonical query string requires (RFC 3986, unreserved characters only), before moto computes
the signature. Nothing else changes.
"""
import sys
from urllib.parse import quote, urlsplit, urlunsplit

from moto.iam import access_control
from moto.server import main

_original = access_control.IAMRequestBase._create_aws_request


def _create_aws_request(self):
    parts = urlsplit(self._path)
    if parts.query:
        # Split by hand: parse_qsl would also turn "+" (of a base64 token) into a space.
        pairs = [pair.partition("=") for pair in parts.query.split("&")]
        query = "&".join(quote(k, safe="-_.~") + "=" + quote(v, safe="-_.~") for k, _, v in pairs)
        self._path = urlunsplit(parts._replace(query=query))
    return _original(self)


access_control.IAMRequestBase._create_aws_request = _create_aws_request

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
