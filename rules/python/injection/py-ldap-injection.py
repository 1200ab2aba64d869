import ldap
import ldap3
from flask import Flask, request
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = ldap3.Server("ldap://ldap.example")


@app.route("/lookup", methods=["POST"])
def lookup():
    user = request.form["user"]
    conn = ldap3.Connection(server, auto_bind=True)
    # ruleid: py-ldap-injection
    conn.search("ou=people,dc=example,dc=org", "(uid=" + user + ")")
    # ok: py-ldap-injection
    conn.search("ou=people,dc=example,dc=org", "(uid=%s)" % escape_filter_chars(user))
    # ok: py-ldap-injection
    conn.search("ou=people,dc=example,dc=org", "(objectClass=person)")
    old = ldap.initialize("ldap://ldap.example")
    # ruleid: py-ldap-injection
    old.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(mail={request.form['mail']})")
    return str(conn.entries)
