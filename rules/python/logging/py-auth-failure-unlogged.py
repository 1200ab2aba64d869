import logging

import bcrypt
from django.contrib.auth import authenticate, login
from django.http import HttpResponse
from flask import Flask, request
from werkzeug.security import check_password_hash

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/login")
def flask_login():
    user = find_user(request.form["name"])
    # ruleid: py-auth-failure-unlogged
    if not user or not check_password_hash(user.pw_hash, request.form["password"]):
        return "invalid credentials", 401
    return "welcome"


@app.post("/signin")
def flask_signin():
    user = find_user(request.form["name"])
    # ok: py-auth-failure-unlogged
    if not user or not check_password_hash(user.pw_hash, request.form["password"]):
        log.warning("failed login for %r", request.form["name"])
        return "invalid credentials", 401
    return "welcome"


def login_view(request):
    # ruleid: py-auth-failure-unlogged
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return HttpResponse("no", status=401)
    login(request, user)
    return HttpResponse("ok")


def password_matches(password, hashed):
    # ok: py-auth-failure-unlogged
    return bcrypt.checkpw(password.encode(), hashed)


def find_user(name):
    return None


class EmailBackend:
    def authenticate(self, request, username=None, password=None):
        user = find_user(username)
        # ok: py-auth-failure-unlogged
        if user and user.check_password(password):
            return user
        return None
