import tempfile

# ruleid: py-insecure-tempfile
path = tempfile.mktemp()
# ok: py-insecure-tempfile
fd, safe = tempfile.mkstemp()
