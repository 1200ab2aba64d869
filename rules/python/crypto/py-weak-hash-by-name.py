import hashlib
import hmac


def digest(data, key):
    # ruleid: py-weak-hash-by-name
    a = hashlib.new("md5", data)
    algorithm = "sha1"
    # ruleid: py-weak-hash-by-name
    b = hashlib.new(algorithm)
    # ruleid: py-weak-hash-by-name
    c = hmac.new(key, data, hashlib.md5)
    # ruleid: py-weak-hash-by-name
    d = hashlib.pbkdf2_hmac("sha1", data, b"salt", 100000)
    # ok: py-weak-hash-by-name
    e = hashlib.new("sha256", data)
    # ok: py-weak-hash-by-name
    f = hmac.new(key, data, hashlib.sha256)
    # ok: py-weak-hash-by-name
    g = hashlib.new("md5", data, usedforsecurity=False)
    return a, b, c, d, e, f, g
