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
    # an IV given to ECB changes nothing
    # ruleid: py-ecb-mode
    e = modes.ECB(key[:16])
    return a, b, c, d, e
