from flask import Flask, jsonify

# ok: py-flask-no-security-headers
api = Flask(__name__)


@api.route("/items")
def items():
    return jsonify([])
