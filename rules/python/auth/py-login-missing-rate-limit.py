from flask import Flask

app = Flask(__name__)


# ruleid: py-login-missing-rate-limit
@app.route("/login", methods=["POST"])
def login():
    return "token"


# ok: py-login-missing-rate-limit
@app.route("/logout", methods=["POST"])
def logout():
    return "bye"
