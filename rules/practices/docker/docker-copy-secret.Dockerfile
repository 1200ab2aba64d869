FROM node:20-slim
# ruleid: docker-copy-secret
COPY .env /app/.env
# ruleid: docker-copy-secret
COPY id_rsa /root/.ssh/id_rsa
# ok: docker-copy-secret
COPY .env.example /app/.env.example
# ok: docker-copy-secret
COPY src/ /app/src/
USER node
