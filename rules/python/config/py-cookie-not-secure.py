from flask import Flask, make_response

app = Flask(__name__)


@app.route("/")
def index():
    resp = make_response("hi")
    # ruleid: py-cookie-not-secure
    resp.set_cookie("session", "abc")
    # ruleid: py-cookie-not-secure
    resp.set_cookie("pref", "dark", secure=False, httponly=True)
    # ok: py-cookie-not-secure
    resp.set_cookie("session2", "abc", secure=True, httponly=True, samesite="Lax")
    return resp


def configure(app):
    # ruleid: py-cookie-not-secure
    app.config["SESSION_COOKIE_SECURE"] = False
    # ok: py-cookie-not-secure
    app.config["SESSION_COOKIE_SECURE"] = True
