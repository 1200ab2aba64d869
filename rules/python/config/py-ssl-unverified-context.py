import ssl


def contexts():
    # ruleid: py-ssl-unverified-context
    a = ssl._create_unverified_context()
    ctx = ssl.create_default_context()
    # ruleid: py-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_NONE
    # ok: py-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ruleid: py-ssl-unverified-context
    ssl._create_default_https_context = ssl._create_unverified_context
    return a, ctx
