import jwt


def make(payload, secret, token):
    # ruleid: py-jwt-none-algorithm
    a = jwt.encode(payload, None, algorithm="none")
    # ok: py-jwt-none-algorithm
    b = jwt.encode(payload, secret, algorithm="HS256")
    # ruleid: py-jwt-none-algorithm
    c = jwt.decode(token, secret, algorithms=["HS256", "none"])
    return a, b, c
