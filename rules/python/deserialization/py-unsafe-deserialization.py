import base64
import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/load", methods=["POST"])
def load():
    raw = base64.b64decode(request.cookies["session"])
    # ruleid: py-unsafe-deserialization
    session = pickle.loads(raw)
    # ruleid: py-unsafe-deserialization
    config = yaml.load(request.data, Loader=yaml.Loader)
    # ok: py-unsafe-deserialization
    safe = yaml.load(request.data, Loader=yaml.SafeLoader)
    # ok: py-unsafe-deserialization
    also_safe = yaml.safe_load(request.data)
    # ok: py-unsafe-deserialization
    data = json.loads(request.data)
    return str((session, config, safe, also_safe, data))


def read_cache(path):
    with open(path, "rb") as f:
        # ruleid: py-unsafe-deserialization
        return pickle.load(f)


def constant():
    # ok: py-unsafe-deserialization
    return pickle.loads(b"\x80\x04K\x01.")
