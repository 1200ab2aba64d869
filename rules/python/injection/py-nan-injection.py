from flask import Flask, request

app = Flask(__name__)


@app.route("/pay", methods=["POST"])
def pay():
    # ruleid: py-nan-injection
    amount = float(request.form["amount"])
    # ok: py-nan-injection
    count = int(request.form["count"])
    # ok: py-nan-injection
    rate = float("0.5")
    return str(amount * count * rate)
