import ssl

from OpenSSL import SSL

# ruleid: py-weak-tls-version
a = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
# ok: py-weak-tls-version
b = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
# ruleid: py-weak-tls-version
c = SSL.Context(method=SSL.SSLv3_METHOD)
# ok: py-weak-tls-version
d = SSL.Context(method=SSL.TLS_METHOD)
ctx = ssl.create_default_context()
# ruleid: py-weak-tls-version
ctx.minimum_version = ssl.TLSVersion.TLSv1
