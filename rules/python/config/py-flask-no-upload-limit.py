import os

from flask import Flask, request

# ruleid: py-flask-no-upload-limit
app = Flask(__name__)


@app.post("/upload")
def upload():
    f = request.files["file"]
    f.save(os.path.join("/srv/uploads", "upload.bin"))
    return "ok"
