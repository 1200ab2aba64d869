FROM node:20 AS build
RUN npm ci
# ruleid: docker-runs-as-root
FROM node:20-slim
COPY --from=build /app /app
CMD ["node", "/app/server.js"]
