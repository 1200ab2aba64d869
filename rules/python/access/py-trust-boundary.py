import flask
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/pref", methods=["POST"])
def pref():
    # ruleid: py-trust-boundary
    session["theme"] = request.form["theme"]
    # ruleid: py-trust-boundary
    flask.session["userid"] = request.cookies.get("uid")
    # ok: py-trust-boundary
    session["visits"] = session.get("visits", 0) + 1
    size = int(request.form["size"])
    # ok: py-trust-boundary
    session["size"] = size
    return "ok"


def django_view(request):
    # ruleid: py-trust-boundary
    request.session["next"] = request.GET["next"]
    # ok: py-trust-boundary
    request.session["seen"] = True
