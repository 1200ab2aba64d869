from flask import Flask, request

# ok: py-flask-no-upload-limit
app = Flask(__name__)


@app.post("/echo")
def echo():
    return request.get_json()
