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


class ViewNameMiddleware:
    # a middleware hook takes the request first; its other parameters are the framework's, not the client's
    def process_view(self, request, view_func, view_args, view_kwargs):
        response = make_response("")
        # ok: py-header-injection
        response.headers["X-View"] = view_func.__name__
        # ruleid: py-header-injection
        response.headers["X-Path"] = request.headers["X-Original-Path"]
        return response


class Download:
    # a class-based view's handler method: its parameters come from the URL
    def get(self, request, filename):
        response = make_response("")
        # ruleid: py-header-injection
        response.headers["Content-Disposition"] = "attachment; filename=" + filename
        return response
