from Crypto.Cipher import AES, ARC4, DES
from Cryptodome.Cipher import XOR
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt(key, iv, data):
    # ruleid: py-weak-cipher
    a = DES.new(key, DES.MODE_CBC, iv)
    # ruleid: py-weak-cipher
    b = ARC4.new(key)
    # ruleid: py-weak-cipher
    c = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    # ruleid: py-weak-cipher
    x = XOR.new(key)
    # ok: py-weak-cipher
    d = AES.new(key, AES.MODE_GCM)
    # ok: py-weak-cipher
    e = Cipher(algorithms.AES(key), modes.GCM(iv))
    return a, b, c, x, d, e
