import builtins

from django.shortcuts import render
from flask import Flask, abort, request

app = Flask(__name__)

HANDLERS = {}


def export_csv(args):
    return ",".join(args)


@app.route("/run/<action>")
def run(action):
    # ruleid: py-unsafe-reflection
    handler = globals()[action]
    return handler(request.args)


@app.route("/call")
def call():
    name = request.args.get("fn", "")
    namespace = globals()
    # ruleid: py-unsafe-reflection
    handler = namespace.get(name)
    # ruleid: py-unsafe-reflection
    other = locals().get("prefix_" + name)
    # ruleid: py-unsafe-reflection
    third = run.__globals__[name]
    # ruleid: py-unsafe-reflection
    fourth = getattr(builtins, request.args["builtin"])
    if handler is None:
        abort(404)
    return str(handler(request.args)) + str(other) + str(third) + str(fourth)


def view(request):
    forward = request.GET.get("fwd")
    # ruleid: py-unsafe-reflection
    target = vars()[forward]
    return render(request, "forward.html", {"target": target})


@app.route("/safe/<action>")
def safe(action):
    # ok: py-unsafe-reflection
    handler = HANDLERS.get(action)
    # ok: py-unsafe-reflection
    fixed = globals()["export_csv"]
    # ok: py-unsafe-reflection
    known = globals().get("export_" + "csv")
    # ok: py-unsafe-reflection
    attr = getattr(request, "args")
    if handler is None or action not in HANDLERS:
        abort(404)
    return str(handler(request.args)) + str(fixed) + str(known) + str(attr)


def internal(name):
    # ok: py-unsafe-reflection
    return globals()[name]
