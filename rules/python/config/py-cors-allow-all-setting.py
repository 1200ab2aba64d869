# ruleid: py-cors-allow-all-setting
CORS_ALLOW_ALL_ORIGINS = True
# ok: py-cors-allow-all-setting
CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
# ok: py-cors-allow-all-setting
CORS_ORIGIN_ALLOW_ALL = False
