import sqlite3

from django.db import connection
from django.db.models.expressions import RawSQL
from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)
db = sqlite3.connect("app.db")


@app.route("/user")
def user():
    name = request.args.get("name")
    cur = db.cursor()
    # ruleid: py-sql-injection
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    # ruleid: py-sql-injection
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # reported where the statement is written with the data (the place to fix), the sink in its trace
    # ruleid: py-sql-injection
    query = "SELECT * FROM users WHERE name = '%s'" % name
    cur.execute(query)
    # ok: py-sql-injection
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: py-sql-injection
    cur.execute("SELECT * FROM users WHERE id = %d" % int(name))
    return "done"


@app.route("/search")
def search():
    term = request.form["term"]
    # ruleid: py-sql-injection
    rows = db.session.execute(text("SELECT * FROM items WHERE title LIKE '%" + term + "%'"))
    # ok: py-sql-injection
    rows = db.session.execute(text("SELECT * FROM items WHERE title LIKE :t"), {"t": term})
    return str(rows)


def build(order):
    return "SELECT * FROM items ORDER BY " + order


@app.route("/sorted")
def sorted_items():
    order = request.args.get("order", "id")
    with connection.cursor() as c:
        # ruleid: py-sql-injection
        c.execute(build(order))
    fixed = "title"
    # ok: py-sql-injection
    connection.cursor().execute(build(fixed))
    return "ok"


def report(request, year):
    # ruleid: py-sql-injection
    qs = Report.objects.raw("SELECT * FROM report WHERE year = %s" % year)
    # ok: py-sql-injection
    qs = Report.objects.raw("SELECT * FROM report WHERE year = %s", [year])
    # ruleid: py-sql-injection
    extra = Report.objects.extra(where=["year = '%s'" % request.GET["y"]])
    # ruleid: py-sql-injection
    annotated = Report.objects.annotate(v=RawSQL("SELECT v FROM t WHERE k = '%s'" % request.GET["k"], []))
    return qs, extra, annotated


def by_choice(request):
    column = request.GET.get("column")
    if column not in ("title", "year"):
        return None
    # ok: py-sql-injection
    connection.cursor().execute("SELECT " + column + " FROM report")
    kind = request.GET.get("kind")
    kind = "fixed"
    # ok: py-sql-injection
    connection.cursor().execute("SELECT * FROM t WHERE kind = '" + kind + "'")


QUERY = "SELECT * FROM items"


def list_table(cur, table):
    # ruleid: py-sql-injection
    cur.execute("SELECT * FROM " + table)
    # ok: py-sql-injection
    cur.execute(QUERY)
    # ok: py-sql-injection
    cur.execute("SELECT * FROM items WHERE owner = %s", (table,))


async def fetch_user(conn, user_id):
    import asyncpg  # noqa: F401

    # ruleid: py-sql-injection
    return await conn.fetch(f"SELECT * FROM users WHERE id = {user_id}")


def sqlalchemy_text(session, Item, column):
    import sqlalchemy  # noqa: F401

    # ruleid: py-sql-injection
    session.query(Item).order_by("{} DESC".format(column))
    # ok: py-sql-injection
    session.query(Item).order_by(Item.name)


@app.route("/by-name")
def by_name():
    # ok: py-sql-injection
    stmt = text("SELECT * FROM items WHERE name = :name").bindparams(name=request.args["name"])
    return str(db.execute(stmt).fetchall())


@app.route("/report")
def report():
    year = request.args["year"]
    # a statement built from request data and handed to code this file does not show
    # ruleid: py-sql-injection
    sql = "DELETE FROM reports WHERE year = " + year
    run_elsewhere(sql)
    # ok: py-sql-injection
    print("SELECT * FROM reports WHERE year = %s" % year)
    # ok: py-sql-injection
    label = "Select a year from the list: " + year
    return label
