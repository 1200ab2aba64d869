import jwt


def user_of(token, key):
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    # ruleid: py-swallowed-exception
    except Exception:
        pass
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    # ok: py-swallowed-exception
    except jwt.InvalidTokenError:
        return None


def parse(text):
    try:
        return int(text)
    # ok: py-swallowed-exception
    except Exception:
        pass
