import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/find")
def find():
    q = request.args["q"]
    text = "some text"
    # ruleid: py-regex-injection
    a = re.search(q, text)
    # ok: py-regex-injection
    b = re.search(re.escape(q), text)
    # ok: py-regex-injection
    c = re.search(r"\d+", q)
    return str((a, b, c))
