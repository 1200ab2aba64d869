# Annotated target of cli-credential: fake, well-formed values (generated), never real credentials.

# ruleid: cli-credential
command: ["redis-server", "--requirepass", "CvsXtyZoF5FKc3es7aKQ"]

# ruleid: cli-credential
./deploy --api-key=4i7klQ31bqhu9SsfvBD1QQHKgdEXhN7e

# ok: cli-credential
command: ["redis-server", "--requirepass", "$REDIS_PASSWORD"]

# ok: cli-credential
tool --password-stdin

# ruleid: cli-credential
curl -u admin:GmFcMHuIkw.9@ https://legacy.internal.example/api

# ruleid: cli-credential
docker login registry.internal.example -u deploy -p '936UBa4mxHewgplKEI2i'

# ruleid: cli-credential
mysql -h db.internal.example -u root -p1AgUst2zFDTN8Y shop

# ok: cli-credential
docker login registry.internal.example -u deploy -p "$REGISTRY_PASSWORD"

# ok: cli-credential
echo "$PASS" | docker login -u deploy --password-stdin

# ok: cli-credential
curl -u "$USER:$TOKEN" https://api.internal.example

# ok: cli-credential
mysql -u root -p shop
