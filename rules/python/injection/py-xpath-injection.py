import lxml.etree
from flask import Flask, request

app = Flask(__name__)
tree = lxml.etree.parse("users.xml")


@app.route("/user")
def user():
    name = request.args["name"]
    # ruleid: py-xpath-injection
    found = tree.xpath("//user[@name='" + name + "']")
    # ok: py-xpath-injection
    same = tree.xpath("//user[@name=$name]", name=name)
    query = f"/users/user[@id='{request.args['id']}']"
    # ruleid: py-xpath-injection
    run = lxml.etree.XPath(query)
    # ok: py-xpath-injection
    everyone = tree.xpath("//user")
    # ok: py-xpath-injection
    title = request.args["title"].find("x")
    return str((found, same, run(tree), everyone, title))
