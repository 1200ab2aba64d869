import asyncio
import os
import subprocess
from subprocess import run as r

from flask import Flask, request

app = Flask(__name__)


@app.route("/zip")
def zip_file():
    name = request.args.get("file")
    # ruleid: py-command-injection
    os.system("gzip " + name)
    # ruleid: py-command-injection
    subprocess.call(f"tar czf out.tgz {name}", shell=True)
    # ruleid: py-command-injection
    r(["sh", "-c", "gzip " + name])
    # ruleid: py-command-injection
    subprocess.Popen([name, "--help"])
    # ok: py-command-injection
    subprocess.run(["gzip", "--", name], check=True)
    # ok: py-command-injection
    subprocess.run("gzip -9 archive.tar", shell=True)
    # ok: py-command-injection
    os.system("uptime")
    return "ok"


@app.route("/quoted")
def quoted():
    import shlex

    host = request.args["host"]
    # ok: py-command-injection
    os.system("ping -c 1 " + shlex.quote(host))
    args = ["ping", "-c", "1"]
    args.append(host)
    # ok: py-command-injection
    subprocess.check_output(args)
    cmd = ["sh", "-c"]
    cmd.append("ping " + host)
    # ruleid: py-command-injection
    subprocess.check_output(cmd)
    count = int(request.args["n"])
    # ok: py-command-injection
    os.popen("seq %d" % count)
    return "ok"


def run_tool(argv):
    # ruleid: py-command-injection
    return os.popen(argv)


@app.route("/tool", methods=["POST"])
def tool():
    run_tool(request.form["cmd"])
    # ok: py-command-injection
    run_tool("ls -l")
    return "ok"


@app.route("/mode/<mode>")
def by_mode(mode):
    if mode not in ["fast", "slow"]:
        return "bad", 400
    # ok: py-command-injection
    os.system("runner --" + mode)
    # ruleid: py-command-injection
    os.system("runner " + request.args["extra"])
    return "ok"


PROGRAMS = {"ping": "/bin/ping", "trace": "/usr/bin/traceroute"}


@app.route("/probe/<tool>")
def probe(tool):
    program = PROGRAMS[tool]
    flags = {"fast": "-c 1", "slow": "-c 5"}
    # ok: py-command-injection
    os.system(program + " " + flags[request.args["speed"]] + " example.org")
    # ruleid: py-command-injection
    os.system(program + " " + request.args["host"])
    return "ok"


def backup(target_dir):
    # ruleid: py-command-injection
    os.system("tar czf /tmp/backup.tgz " + target_dir)
    # ok: py-command-injection
    os.system("tar czf /tmp/backup.tgz /srv/data")


def from_env():
    # ruleid: py-command-injection
    subprocess.run(os.environ["BUILD_CMD"], shell=True)


@app.route("/spawn")
def spawn():
    host = request.args["host"]
    # ruleid: py-command-injection
    os.spawnl(os.P_WAIT, "/bin/sh", "sh", "-c", "ping -c 1 " + host)
    # ruleid: py-command-injection
    os.spawnve(os.P_WAIT, "/bin/bash", ["bash", "-c", f"ping {host}"], os.environ)
    # ok: py-command-injection
    os.spawnl(os.P_WAIT, "/bin/ping", "ping", "-c", "1", host)
    # ruleid: py-command-injection
    os.execv(host, [host, "--version"])
    return "sent"


@app.route("/async")
async def run_async():
    cmd = request.args["cmd"]
    loop = asyncio.get_running_loop()
    # ruleid: py-command-injection
    await asyncio.subprocess.create_subprocess_shell(cmd)
    # ruleid: py-command-injection
    await asyncio.create_subprocess_exec("bash", "-c", cmd)
    # ok: py-command-injection
    await asyncio.create_subprocess_exec("git", "log", "--grep", cmd)
    # ruleid: py-command-injection
    await loop.subprocess_shell(asyncio.SubprocessProtocol, cmd)
    # ruleid: py-command-injection
    await loop.subprocess_exec(asyncio.SubprocessProtocol, "sh", "-c", cmd)
    # ok: py-command-injection
    await loop.subprocess_exec(asyncio.SubprocessProtocol, "git", "show", cmd)
    return "ran"


class Ping:
    # a Falcon responder: the request is `req`, the URL's fields follow the response
    def on_get(self, req, resp, host):
        # ruleid: py-command-injection
        os.system("ping -c 1 " + host)
        # ruleid: py-command-injection
        os.system("ping -c 1 " + req.get_param("other"))
