from flask import Flask, render_template
from flask_talisman import Talisman

# ok: py-flask-no-security-headers
app = Flask(__name__)
Talisman(app)


@app.route("/")
def index():
    return render_template("index.html")
