# ruleid: py-hardcoded-password-default
def connect(host, user="admin", password="admin123"):
    return host, user, password


# ok: py-hardcoded-password-default
def connect_safe(host, user="admin", password=None):
    return host, user, password


# ok: py-hardcoded-password-default
def connect_empty(host, password=""):
    return host, password
