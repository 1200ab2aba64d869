FROM python:3.12-slim
RUN useradd --system app
# ok: docker-runs-as-root
USER app
