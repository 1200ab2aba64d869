from urllib.parse import quote

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/h")
def h():
    resp = make_response("ok")
    # ruleid: py-header-injection
    resp.headers["X-Name"] = request.args["name"]
    # ok: py-header-injection
    resp.headers["X-Safe"] = quote(request.args["name"], safe="")
    # ruleid: py-header-injection
    resp.headers.add("X-Other", request.args["other"])
    # ok: py-header-injection
    resp.headers["X-Fixed"] = "yes"
    return resp
