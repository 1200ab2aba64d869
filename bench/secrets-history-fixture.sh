#!/usr/bin/env bash
# Build a small git repository whose history adds, removes and moves secrets, for testing a history scan.
#
# usage: bench/secrets-history-fixture.sh DIR
#
# Creates DIR (which must not exist or be empty) as a git repository with 15 commits on main (one of them the
# merge of a branch that added a secret), and DIR.expect.json: one record per secret, naming the commit that
# INTRODUCED it (by subject, so shas do not matter), the file and 1-based line at that commit, the type, and
# whether the secret is gone from the tip of main ("removed"). A moved secret carries "moved_to" (the commit
# that moved it, and the file and line there); a rotated value is a new secret of the commit that rotated it.
# The commit "Add example environment file" adds look-alikes only (AWS documentation keys, placeholders, a
# GitHub token with a wrong checksum): no finding may be attributed to it.
#
# Authors, committers, dates and contents are fixed, so the commit ids are the same on every run. All values
# are fake: random characters of the right shape, generated once from a fixed seed.
set -euo pipefail

DIR="${1:?usage: $0 DIR}"
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
  echo "error: $DIR exists and is not empty" >&2
  exit 2
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
EXPECT="$DIR.expect.json"

export GIT_AUTHOR_NAME="Ada Example" GIT_AUTHOR_EMAIL="ada@acme.example"
export GIT_COMMITTER_NAME="Ada Example" GIT_COMMITTER_EMAIL="ada@acme.example"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

g() { git -C "$DIR" -c core.autocrlf=false -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }

N=0
commit() {  # commit SUBJECT: stage everything, commit at the next fixed date
  N=$((N + 1))
  local d
  d="$(printf '2024-03-%02dT09:%02d:00+0000' "$N" "$N")"
  g add -A
  GIT_AUTHOR_DATE="$d" GIT_COMMITTER_DATE="$d" g commit -q --no-verify -m "$1"
}

RECORDS=()
expect() {  # expect SUBJECT FILE NEEDLE TYPE REMOVED [MOVED_SUBJECT MOVED_FILE]: line of NEEDLE in FILE now
  local line extra=""
  line="$(grep -n -F -m1 -- "$3" "$DIR/$2" | cut -d: -f1)"
  [ -n "$line" ] || { echo "internal error: $3 not in $2" >&2; exit 3; }
  if [ $# -ge 7 ]; then
    local mline
    mline="$(grep -n -F -m1 -- "$3" "$DIR/$7" | cut -d: -f1)"
    [ -n "$mline" ] || { echo "internal error: $3 not in $7" >&2; exit 3; }
    extra=$(printf ', "moved_to": {"commit_subject": "%s", "file": "%s", "line": %s}' "$6" "$7" "$mline")
  fi
  RECORDS+=("$(printf '{"commit_subject": "%s", "file": "%s", "line": %s, "type": "%s", "removed": %s%s}' \
    "$1" "$2" "$line" "$4" "$5" "$extra")")
}

DB_PW1='River.lantern88@'
DB_PW2='Ember.river85!'
# shellcheck disable=SC2016  # a literal value with a dollar sign
DJANGO_KEY='*xv1yv3-if_bqa#g!$xs&b!bhe6=82-udbcxu6&4eu49vow==)'
AKIA='AKIAEKJ7CLTDT7STO62T'
AWS_SECRET='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'
GHP='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'
SLACK_HOOK='https://hooks.slack.com/services/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'
STRIPE='sk_live_YZBP5zFUATs96ZH41CbKgPvZ'
SENTRY='https://2bbd582ec7aa6ba72de0b0adcdba3c2e@o423409.ingest.sentry.example/5736941'
OPENAI='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'
BAD_GHP='ghp_fqae14ndR7MYW9F0tZf5idH0ODml6P1yvCV4'

g init -q -b main 2>/dev/null || { g init -q && g symbolic-ref HEAD refs/heads/main; }

# 1 ---------------------------------------------------------------------------------------------------------
mkdir -p "$DIR/app" "$DIR/scripts" "$DIR/config" "$DIR/keys" "$DIR/tests"
cat > "$DIR/README.md" <<'EOF'
# acme-history

A small service used to test history scanning.
EOF
cat > "$DIR/app/__init__.py" <<'EOF'
__version__ = "0.1.0"
EOF
printf '__pycache__/\n.env\n' > "$DIR/.gitignore"
commit "Initial project skeleton"

# 2 --- django key (stays) and a database password (rotated in 13) -------------------------------------------
cat > "$DIR/app/settings.py" <<EOF
import os

SECRET_KEY = "$DJANGO_KEY"
DEBUG = False

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "acme",
        "USER": "acme",
        "PASSWORD": "$DB_PW1",
        "HOST": "db.internal.example",
    }
}
EOF
commit "Add database settings"
expect "Add database settings" app/settings.py "$DJANGO_KEY" django-secret-key false
expect "Add database settings" app/settings.py "$DB_PW1" generic-password true

# 3 --- AWS keys, removed in 6 ----------------------------------------------------------------------------------
cat > "$DIR/app/storage.py" <<EOF
import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="$AKIA",
    aws_secret_access_key="$AWS_SECRET",
)


def upload(path, key):
    s3.upload_file(path, "acme-uploads", key)
EOF
commit "Add S3 upload helper"
expect "Add S3 upload helper" app/storage.py "$AKIA" aws-access-key-id true
expect "Add S3 upload helper" app/storage.py "$AWS_SECRET" aws-secret-access-key true

# 4 --- look-alikes only ------------------------------------------------------------------------------------------
cat > "$DIR/.env.example" <<EOF
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
DATABASE_URL=postgres://acme:\${DB_PASSWORD}@localhost:5432/acme
STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx
GITHUB_TOKEN=$BAD_GHP
SECRET_KEY=changeme
EOF
commit "Add example environment file"

# 5 --- GitHub token (stays) and Slack webhook (moved in 12) -------------------------------------------------
cat > "$DIR/scripts/deploy.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
git push https://acme-bot:$GHP@github.com/acme/history.git main
curl -fsS -X POST -H 'Content-type: application/json' --data '{"text":"deployed"}' $SLACK_HOOK
EOF
commit "Add deploy script"
expect "Add deploy script" scripts/deploy.sh "$GHP" github-token false

# 6 --- remove the AWS keys (deleted lines) -----------------------------------------------------------------------
cat > "$DIR/app/storage.py" <<'EOF'
import os

import boto3

s3 = boto3.client("s3", region_name=os.environ.get("AWS_REGION", "eu-west-1"))


def upload(path, key):
    s3.upload_file(path, "acme-uploads", key)
EOF
commit "Read AWS credentials from the environment"

# 7 --- a private key file, deleted in 8 ---------------------------------------------------------------------------
cat > "$DIR/keys/ci_deploy.pem" <<'EOF'
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEANl5XcTKSYc4bv8AiufY1Pq4pfIMBakF9E7h3ySlFh8gM34HP
WSokeTlrOSe2OHfyMI+Yj8/7EqGe4PMOMgqQ1OBjio+eRFxm0GurlJfzqnZAHb8G
2n9DjwCMjE0eiDFTvehTKijGdKw322h26zyeofy0hOQUBZvk78dDOEBe++5WgwfG
1CFIe6VB7xmcNKvU0/UkT2+x5U14MeXG6T6KPrywNNciht2QqUGxyOUu/Zweggo9
BZyvRMsHgjSEXY44N228/5Fw/H5ZffHPgCcGZfNBhnLlSmLewoh6Zuk9v6SilCHZ
OU0McrJn+DNtcTYSC3Vq1tQRdZojMkNEgs7wbUDar+MY54L+6ss4umTRswHK6NOJ
jCf1L8Pq5BxWlpoed8f21Q2XGMBOZWmm5F+S4k2IE2QUYePaxsf37fyD6r6A6T//
UwY2kv7pXCD/s3VZwf+ocRUgK8bwhN4BBgpzzSXnAy/DbAMP9/RqSPUw3OKjciL7
L9BTLURx7zf3ESqFco/y6pC9pxcPuZFBBNcdmgn90NfOdOOeL+Dsaay+YE/asVDn
Zjv8MYUqVknA0xJqnkPAPFIlSdSQl2qjcC3tJ52XKLAMgCNiswjoQihyclWqMgcH
QJRsLRY72X2hxQKJeLSQwGfCNtR+fSJ7lfVOYlqE+Ejzh5CvjmQmWRrCF/r5NK+S
1r5T1JORP3YPAeLGribT6YBQOQl3/gQJEPRXssWDoL5rAyzD3M1tyeSpp7Tcrtuz
2t2XcRWpp9x/mWKLMs2Bhsgc3wwog97piRfgTbXeIRfN+RYTTGwG7AWmCDukOPoy
eUnxYHXncaEaounqG8aZspmCMsHPiAOxbhQ2sV58vRDkUhjAxVEqBuMWz4A9EWs1
m9UkcyOeQHcyT+l9tKcpzXhqC1hlmkyu+2X1mqgq9t93gv3LJV5zBxw3m+Qz278Z
n41mqInRu2K8E0hccO7r0xIZz5KpwC7g+oLoz5Y9LSJV/GRRYab0TsVQejnJcyB1
UwNJ1Dz1jm9IY+ScM3flAJzYHlpVDXCBM83XykCBtc4wf60OU5tPsoVEHyXz2wu8
6TJkdgMMBosUqjwdmJgisndzTqrcwyE/m5Pnh6FnrjmBWQ3O9hu0TS7YxKBw8P8R
RM90WbDf1lY9t/v1HW4pkEBbBsnwfByWbPL1pcNEf3ImeURlMJauu73HHELVs23F
YEhgyoiiqAtZ9jxR6kSEyU/qaCSJOTzsj+o6elDJJtX09oycflMKn9VSXkyzR+6/
Obf2ykn41Y1tTR9mittzlnMomNyQt/w/wYiBCImRHyVuM4gWziR2J35CxBuUleH1
3bZFUHnAQsmVM/fFdF+A0r0qfsrTKeV6AdzOT6okH/b6gn6iZ6s7edLCmw3LhLxl
0+y3pMUPyLOZry4KGPEz7a5x+SORU9aJMkeirKWTSdze9z1y08QZclrBACt5IM43
kQG7mCrzMn+/RMxppJ17qdzSrDTZd3BCsucQFHZd+7gd0LkMrIIIzyVcijRFYbPH
uUiQC1bmPQQLKaF5Gz0LrjarPeP1I3SD7aMRjty+Hcd6vQqv9nH6
-----END RSA PRIVATE KEY-----
EOF
commit "Add CI deploy key"
expect "Add CI deploy key" keys/ci_deploy.pem "-----BEGIN RSA PRIVATE KEY-----" private-key true

# 8 --- delete the key file ---------------------------------------------------------------------------------------
rm "$DIR/keys/ci_deploy.pem"
commit "Remove CI deploy key"

# 9 --- a branch adds a Stripe key -------------------------------------------------------------------------------
g checkout -q -b feature/payments
cat > "$DIR/app/payments.py" <<EOF
import stripe

stripe.api_key = "$STRIPE"


def refund(charge_id):
    return stripe.Refund.create(charge=charge_id)
EOF
commit "Add Stripe refunds"
expect "Add Stripe refunds" app/payments.py "$STRIPE" stripe-key false

# 10 --- main moves on meanwhile: Sentry DSN ------------------------------------------------------------------------
g checkout -q main
cat > "$DIR/app/monitoring.py" <<EOF
import sentry_sdk

sentry_sdk.init(dsn="$SENTRY", traces_sample_rate=0.1)
EOF
commit "Add Sentry monitoring"
# the DSN carries only its public key (public by design): a look-alike, not expected

# 11 --- merge the branch -----------------------------------------------------------------------------------------
N=$((N + 1))
d="$(printf '2024-03-%02dT09:%02d:00+0000' "$N" "$N")"
GIT_AUTHOR_DATE="$d" GIT_COMMITTER_DATE="$d" g merge -q --no-ff --no-edit -m "Merge branch 'feature/payments'" feature/payments

# 12 --- move the Slack webhook from the script into a config file ---------------------------------------------------
cat > "$DIR/config/notify.toml" <<EOF
[slack]
channel = "#deploys"
webhook_url = "$SLACK_HOOK"
EOF
cat > "$DIR/scripts/deploy.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
git push https://acme-bot:$GHP@github.com/acme/history.git main
python -m app.notify "deployed"
EOF
# the webhook was introduced by "Add deploy script": its line in scripts/deploy.sh as committed there
line="$(g show HEAD:scripts/deploy.sh | grep -n -F -m1 -- "$SLACK_HOOK" | cut -d: -f1)"
commit "Move Slack webhook into config"
mline="$(grep -n -F -m1 -- "$SLACK_HOOK" "$DIR/config/notify.toml" | cut -d: -f1)"
RECORDS+=("$(printf '{"commit_subject": "%s", "file": "%s", "line": %s, "type": "%s", "removed": false, "moved_to": {"commit_subject": "%s", "file": "%s", "line": %s}}' \
  "Add deploy script" scripts/deploy.sh "$line" slack-webhook "Move Slack webhook into config" config/notify.toml "$mline")")

# 13 --- rotate the database password: the old value leaves, a new one arrives -------------------------------------
settings="$(cat "$DIR/app/settings.py")"
printf '%s\n' "${settings//"$DB_PW1"/"$DB_PW2"}" > "$DIR/app/settings.py"
commit "Rotate database password"
expect "Rotate database password" app/settings.py "$DB_PW2" generic-password false

# 14 --- a test with an OpenAI key ------------------------------------------------------------------------------------
cat > "$DIR/tests/test_llm.py" <<EOF
from openai import OpenAI

client = OpenAI(api_key="$OPENAI")


def test_client_configured():
    assert client.api_key
EOF
commit "Add LLM smoke test"
expect "Add LLM smoke test" tests/test_llm.py "$OPENAI" openai-api-key false

# 15 --- documentation only ---------------------------------------------------------------------------------------------
cat >> "$DIR/README.md" <<'EOF'

## Configuration

Copy `.env.example` to `.env` and set `DATABASE_URL`, e.g. `postgres://acme:<password>@localhost:5432/acme`.
EOF
commit "Document configuration"

{
  echo "["
  for i in "${!RECORDS[@]}"; do
    sep=","
    [ "$i" -eq $((${#RECORDS[@]} - 1)) ] && sep=""
    echo "  ${RECORDS[$i]}$sep"
  done
  echo "]"
} > "$EXPECT"

echo "created $DIR ($(g rev-list --count HEAD) commits, head $(g rev-parse --short HEAD)) and $EXPECT (${#RECORDS[@]} secrets)"
