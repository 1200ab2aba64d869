from cryptography.hazmat.primitives.asymmetric import ec

# ruleid: py-weak-ec-curve
weak = ec.generate_private_key(ec.SECP192R1())
# ok: py-weak-ec-curve
good = ec.generate_private_key(ec.SECP256R1())
