# Annotated target of cli-credential: fake, well-formed values (generated), never real credentials.

# ruleid: cli-credential
command: ["redis-server", "--requirepass", "wqAv7NcTYDsPY3QUSklx"]

# ruleid: cli-credential
./deploy --api-key=xsFCEbhR1AgUst2zFDTN8YncFuGepLHw

# ok: cli-credential
command: ["redis-server", "--requirepass", "$REDIS_PASSWORD"]

# ok: cli-credential
tool --password-stdin

# ruleid: cli-credential
curl -u admin:TaNQuS1R1V.9@ https://legacy.internal.example/api

# ruleid: cli-credential
docker login registry.internal.example -u deploy -p '8H9LyfpkzQBmy#HGPzim'

# ruleid: cli-credential
mysql -h db.internal.example -u root -pYsajtbkRu9GyIg shop

# ok: cli-credential
docker login registry.internal.example -u deploy -p "$REGISTRY_PASSWORD"

# ok: cli-credential
echo "$PASS" | docker login -u deploy --password-stdin

# ok: cli-credential
curl -u "$USER:$TOKEN" https://api.internal.example

# ok: cli-credential
mysql -u root -p shop
