import os

# ruleid: py-shell-wildcard
os.system("tar czf backup.tgz *")
# ok: py-shell-wildcard
os.system("tar czf backup.tgz -- ./data")
# ruleid: py-shell-wildcard
os.system("chown www-data: *")
