from django.http import HttpResponse
from django.utils.safestring import mark_safe
from flask import Flask, jsonify, make_response, redirect, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: py-xss-response
    return "<h1>Hello " + name + "</h1>"


@app.route("/safe")
def safe():
    name = request.args.get("name", "")
    # ok: py-xss-response
    return "<h1>Hello " + escape(name) + "</h1>"


@app.route("/page")
def page():
    # ok: py-xss-response
    return render_template("page.html", name=request.args.get("name"))


@app.route("/api")
def api():
    # ok: py-xss-response
    return jsonify(name=request.args.get("name"))


@app.route("/dict")
def as_dict():
    # ok: py-xss-response
    return {"name": request.args.get("name")}


@app.route("/go")
def go():
    # ok: py-xss-response
    return redirect("/home?from=" + request.args.get("from", ""))


@app.route("/build", methods=["POST"])
def build():
    out = ""
    # ruleid: py-xss-response
    out += "<p>" + request.form["msg"] + "</p>"
    resp = make_response(out)
    return resp


@app.route("/markup")
def markup():
    # ruleid: py-xss-response
    banner = Markup("<b>%s</b>" % request.args["b"])
    # ok: py-xss-response
    fixed = Markup("<b>%s</b>") % request.args["b"]
    return render_template("b.html", banner=banner, fixed=fixed)


def view(request):
    q = request.GET.get("q", "")
    # ruleid: py-xss-response
    return HttpResponse("<p>You searched " + q + "</p>")


def view_json(request):
    q = request.GET.get("q", "")
    # ok: py-xss-response
    return HttpResponse('{"q": "%s"}' % q, content_type="application/json")


def view_safe(request):
    # ruleid: py-xss-response
    return HttpResponse(mark_safe(request.GET["html"]))


class Greeting:
    # a class-based view: its handler methods take the URL's parameters
    def get(self, request, name):
        # ruleid: py-xss-response
        return HttpResponse("<p>Hello %s</p>" % name)


class ViewNameMiddleware:
    # a middleware hook: the request it is given is the client's
    def process_request(self, request):
        # ruleid: py-xss-response
        return HttpResponse("<p>%s</p>" % request.get_full_path())

    def process_response(self, request, response):
        # ok: py-xss-response
        return HttpResponse("<p>served by %s</p>" % request.get_host())
