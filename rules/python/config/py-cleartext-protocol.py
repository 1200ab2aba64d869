import ftplib
import http.client
import telnetlib


def connect():
    # ruleid: py-cleartext-protocol
    ftp = ftplib.FTP("files.example.org")
    # ok: py-cleartext-protocol
    ftps = ftplib.FTP_TLS("files.example.org")
    # ruleid: py-cleartext-protocol
    tn = telnetlib.Telnet("router.example.org")
    # ruleid: py-cleartext-protocol
    conn = http.client.HTTPConnection("api.example.org")
    # ok: py-cleartext-protocol
    local = http.client.HTTPConnection("localhost", 8080)
    return ftp, ftps, tn, conn, local
