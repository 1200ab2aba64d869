from flask import request


def check(user, password, token):
    # ruleid: py-hardcoded-password-compare
    if password == "letmein":
        return True
    # ruleid: py-hardcoded-password-compare
    if request.form["password"] == "hunter22":
        return True
    # ruleid: py-hardcoded-password-compare
    if user.api_token != "abc123def":
        return False
    # ok: py-hardcoded-password-compare
    if password == "":
        return False
    # ok: py-hardcoded-password-compare
    if user.name == "admin":
        return False
    # ok: py-hardcoded-password-compare
    return token == user.token


def parse(tokens, csrf_token):
    for token in tokens:
        # ok: py-hardcoded-password-compare
        if token == "not":
            continue
    # ok: py-hardcoded-password-compare
    if csrf_token == "NOTPROVIDED":
        return None
    # ruleid: py-hardcoded-password-compare
    return csrf_token == "9f8e7d6c5b4a"
