from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient().shop


@app.route("/orders")
def orders():
    owner = request.args["owner"]
    # ruleid: py-nosql-injection
    found = db.orders.find({"$where": "this.owner == '%s'" % owner})
    # ok: py-nosql-injection
    mine = db.orders.find({"owner": owner})
    # ok: py-nosql-injection
    big = db.orders.find({"$where": "this.total > 100"})
    return {"found": list(found), "mine": list(mine), "big": list(big)}


def above(collection, threshold):
    # ruleid: py-nosql-injection
    return collection.find({"$where": f"this.stock > {threshold}"})


def above_number(collection, threshold):
    # ok: py-nosql-injection
    return collection.find({"$where": f"this.stock > {int(threshold)}"})
