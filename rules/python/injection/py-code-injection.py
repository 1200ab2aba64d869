import ast
import importlib

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "")
    # ruleid: py-code-injection
    value = eval(expr)
    # ruleid: py-code-injection
    exec("result = " + expr)
    # ruleid: py-code-injection
    plugin = importlib.import_module(request.args["plugin"])
    # ok: py-code-injection
    safe = ast.literal_eval(expr)
    # ok: py-code-injection
    total = eval("1 + 2")
    # ok: py-code-injection
    n = eval(str(int(expr)))
    return str((value, plugin, safe, total, n))


def main():
    import sys

    # ruleid: py-code-injection
    exec(compile(sys.argv[1], "<arg>", "exec"))
    # ok: py-code-injection
    exec(compile("print(1)", "<fixed>", "exec"))


def run_plugin(source):
    # ruleid: py-code-injection
    exec(source)


def run_isolated(source):
    from test import support

    # ruleid: py-code-injection
    return support.run_in_subinterp(source)
