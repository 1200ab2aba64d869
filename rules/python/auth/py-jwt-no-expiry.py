import jwt


def make(user_id, secret, exp, claims):
    # ruleid: py-jwt-no-expiry
    a = jwt.encode({"sub": user_id}, secret, algorithm="HS256")
    # ok: py-jwt-no-expiry
    b = jwt.encode({"sub": user_id, "exp": exp}, secret, algorithm="HS256")
    # ok: py-jwt-no-expiry
    c = jwt.encode(claims, secret, algorithm="HS256")
    return a, b, c
