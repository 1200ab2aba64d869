from flask import Flask, request

# ok: py-flask-no-upload-limit
app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024


@app.post("/upload")
def upload():
    request.files["file"].save("/srv/uploads/upload.bin")
    return "ok"
