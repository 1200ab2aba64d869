import socket
import ssl

sock = socket.create_connection(("api.example.org", 443))
# ruleid: py-ssl-wrap-socket
tls = ssl.wrap_socket(sock)
ctx = ssl.create_default_context()
# ok: py-ssl-wrap-socket
tls2 = ctx.wrap_socket(sock, server_hostname="api.example.org")
