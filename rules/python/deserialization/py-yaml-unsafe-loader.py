from ruamel.yaml import YAML

# ruleid: py-yaml-unsafe-loader
unsafe = YAML(typ="unsafe")
# ok: py-yaml-unsafe-loader
safe = YAML(typ="safe")
