import hashlib
from hashlib import sha1 as s1

from Crypto.Hash import MD5
from Cryptodome.Hash import MD4 as md4x
from Cryptodome.Hash import SHA as shax
from cryptography.hazmat.primitives import hashes


def store(password):
    # ruleid: py-weak-hash
    return hashlib.md5(password.encode()).hexdigest()


def sign(data):
    # ruleid: py-weak-hash
    h = s1(data)
    # ruleid: py-weak-hash
    legacy = MD5.new(data)
    # ruleid: py-weak-hash
    d = hashes.Hash(hashes.SHA1())
    # ruleid: py-weak-hash
    old = md4x.new(data)
    # ruleid: py-weak-hash
    older = shax.new(data)
    # ok: py-weak-hash
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    # ok: py-weak-hash
    good = hashlib.sha256(data).hexdigest()
    return h, legacy, d, old, older, etag, good
