import os
import stat

# ruleid: py-permissive-file-mode
os.chmod("/srv/app/config.yml", 0o777)
# ruleid: py-permissive-file-mode
os.chmod("/srv/app/run", stat.S_IRWXU | stat.S_IRWXO)
# ok: py-permissive-file-mode
os.chmod("/srv/app/config.yml", 0o640)
# ok: py-permissive-file-mode
os.chmod("/srv/app/run", stat.S_IRWXU | stat.S_IRGRP)
# ruleid: py-permissive-file-mode
os.makedirs("/srv/shared", mode=0o777)
# ok: py-permissive-file-mode
os.makedirs("/srv/private", mode=0o700)
