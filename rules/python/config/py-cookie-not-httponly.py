def view(resp, token):
    # ruleid: py-cookie-not-httponly
    resp.set_cookie("session", token, secure=True, httponly=False)
    # ok: py-cookie-not-httponly
    resp.set_cookie("session", token, secure=True, httponly=True)
    # ok: py-cookie-not-httponly
    resp.set_cookie("session", token, secure=True)
