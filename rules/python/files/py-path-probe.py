import os
import pathlib

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
BASE = "/srv/data"


@app.route("/exists")
def exists():
    name = request.args["name"]
    # ruleid: py-path-probe
    if os.path.exists(os.path.join(BASE, name)):
        return "yes"
    # ok: py-path-probe
    if os.path.isfile(os.path.join(BASE, secure_filename(name))):
        return "file"
    p = pathlib.Path(BASE) / name
    # ruleid: py-path-probe
    if p.exists():
        return "yes"
    # ok: py-path-probe
    return str(os.path.exists(BASE))
