import csv
import io

from flask import Flask, request

app = Flask(__name__)


@app.route("/export/<title>")
def export(title):
    stream = io.StringIO()
    writer = csv.writer(stream)
    # ruleid: py-csv-injection
    writer.writerow([title, "total"])
    comment = request.args.get("comment", "")
    # ruleid: py-csv-injection
    writer.writerows([[comment]])
    # ok: py-csv-injection
    writer.writerow(["id", "name"])
    # ok: py-csv-injection
    writer.writerow([int(request.args["count"])])
    fields = csv.DictWriter(stream, fieldnames=["note"])
    # ruleid: py-csv-injection
    fields.writerow({"note": comment})
    return stream.getvalue()
