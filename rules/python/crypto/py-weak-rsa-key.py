import rsa as pyrsa
from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives.asymmetric import dsa, rsa


def keys():
    # ruleid: py-weak-rsa-key
    a = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # ruleid: py-weak-rsa-key
    b = RSA.generate(512)
    # ruleid: py-weak-rsa-key
    c = dsa.generate_private_key(key_size=1024)
    # ruleid: py-weak-rsa-key
    d = pyrsa.newkeys(1024)
    # ok: py-weak-rsa-key
    e = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    # ok: py-weak-rsa-key
    f = RSA.generate(2048)
    return a, b, c, d, e, f
