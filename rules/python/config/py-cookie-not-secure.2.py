import os

from flask import Flask, session

# ruleid: py-cookie-not-secure
app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


@app.route("/visit")
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])
