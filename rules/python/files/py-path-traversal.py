import codecs
import os
import pathlib

from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/file")
def get_file():
    name = request.args["name"]
    # ruleid: py-path-traversal
    return send_file(os.path.join(UPLOADS, name))


@app.route("/file2")
def get_file_safe():
    name = request.args["name"]
    # ok: py-path-traversal
    return send_file(os.path.join(UPLOADS, secure_filename(name)))


@app.route("/file3")
def get_file_dir():
    # ok: py-path-traversal
    return send_from_directory(UPLOADS, request.args["name"])


@app.route("/read", methods=["POST"])
def read():
    name = request.form["name"]
    # ruleid: py-path-traversal
    with open(UPLOADS + "/" + name) as f:
        data = f.read()
    # ruleid: py-path-traversal
    fh = codecs.open(f"{UPLOADS}/{name}", "r", "utf-8")
    # ok: py-path-traversal
    with open(os.path.join(UPLOADS, os.path.basename(name))) as g:
        data += g.read()
    # ok: py-path-traversal
    with open("/etc/app.conf") as h:
        data += h.read()
    return data + fh.read()


@app.route("/contained")
def contained():
    name = request.args["name"]
    path = os.path.realpath(os.path.join(UPLOADS, name))
    if not path.startswith(UPLOADS + os.sep):
        abort(404)
    # ok: py-path-traversal
    with open(path) as f:
        return f.read()


@app.route("/pathlib")
def with_pathlib():
    base = pathlib.Path(UPLOADS)
    p = base / request.args["name"]
    # ruleid: py-path-traversal
    text = p.read_text()
    q = (base / request.args["other"]).resolve()
    if not str(q).startswith(str(base)):
        return "no"
    # ok: py-path-traversal
    return text + q.read_text()


@app.route("/delete/<name>", methods=["DELETE"])
def delete(name):
    # ruleid: py-path-traversal
    os.remove(os.path.join(UPLOADS, name))
    return "gone"


@app.route("/export")
def export():
    # a path built from request data and handed to code this file does not show
    # ruleid: py-path-traversal
    target = os.path.join(UPLOADS, request.args["name"])
    return archive_to(target)
