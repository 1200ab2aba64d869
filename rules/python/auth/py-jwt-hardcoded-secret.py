import os

import jwt


def make(payload):
    # ruleid: py-jwt-hardcoded-secret
    a = jwt.encode(payload, "my-secret", algorithm="HS256")
    # ok: py-jwt-hardcoded-secret
    b = jwt.encode(payload, os.environ["JWT_SECRET"], algorithm="HS256")
    return a, b
