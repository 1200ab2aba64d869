import jwt


def claims(token, key):
    # ruleid: py-jwt-verify-disabled
    a = jwt.decode(token, options={"verify_signature": False})
    # ruleid: py-jwt-verify-disabled
    b = jwt.decode(token, key, verify=False)
    # ok: py-jwt-verify-disabled
    c = jwt.decode(token, key, algorithms=["HS256"])
    # ok: py-jwt-verify-disabled
    d = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": True})
    return a, b, c, d
