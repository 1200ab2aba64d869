# Annotated target of cli-credential: fake, well-formed values (generated), never real credentials.

# ruleid: cli-credential
curl -u admin:djje49xm8o.9@ https://legacy.internal.example/api

# ruleid: cli-credential
docker login registry.internal.example -u deploy -p '2FV#dvZrmJjM7SCd5bb7'

# ruleid: cli-credential
mysql -h db.internal.example -u root -p6ycjRe0AZQ2KOE shop

# ok: cli-credential
docker login registry.internal.example -u deploy -p "$REGISTRY_PASSWORD"

# ok: cli-credential
echo "$PASS" | docker login -u deploy --password-stdin

# ok: cli-credential
curl -u "$USER:$TOKEN" https://api.internal.example

# ok: cli-credential
mysql -u root -p shop
