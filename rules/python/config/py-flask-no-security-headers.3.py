from flask import Flask, render_template

# ok: py-flask-no-security-headers
app = Flask(__name__)


@app.after_request
def headers(resp):
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Content-Security-Policy"] = "default-src 'self'"
    return resp


@app.route("/")
def index():
    return render_template("index.html")
