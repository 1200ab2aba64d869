FROM debian:12
# ruleid: ci-curl-pipe-shell
RUN wget -qO- https://get.tool.example/install.sh | bash
# ok: ci-curl-pipe-shell
RUN apt-get update && apt-get install -y curl
USER app
