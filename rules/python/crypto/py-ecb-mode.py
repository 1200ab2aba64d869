from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers import modes


def enc(key):
    # ruleid: py-ecb-mode
    a = AES.new(key, AES.MODE_ECB)
    # ruleid: py-ecb-mode
    b = modes.ECB()
    # ok: py-ecb-mode
    c = AES.new(key, AES.MODE_GCM)
    # ok: py-ecb-mode
    d = modes.CBC(key)
    return a, b, c, d
