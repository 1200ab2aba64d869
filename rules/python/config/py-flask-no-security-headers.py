from flask import Flask, render_template

# ruleid: py-flask-no-security-headers
app = Flask(__name__)


@app.route("/")
def index():
    return render_template("index.html")
