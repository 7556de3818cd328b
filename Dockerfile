# Build:  docker build -t yangfan-benchmarks .
# Run:    docker compose up   (see docker-compose.yml for the settings it needs)

# ---- build -------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore on its own layer, keyed only on the files that decide the package graph,
# so editing a .cs file does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props YangFan.Benchmarks.sln dotnet-tools.json ./
COPY src/YangFan.Benchmarks.Api/YangFan.Benchmarks.Api.csproj             src/YangFan.Benchmarks.Api/
COPY src/YangFan.Benchmarks.Domain/YangFan.Benchmarks.Domain.csproj       src/YangFan.Benchmarks.Domain/
COPY src/YangFan.Benchmarks.Workflows/YangFan.Benchmarks.Workflows.csproj src/YangFan.Benchmarks.Workflows/
COPY src/YangFan.Benchmarks.Forms/YangFan.Benchmarks.Forms.csproj         src/YangFan.Benchmarks.Forms/
RUN dotnet restore src/YangFan.Benchmarks.Api/YangFan.Benchmarks.Api.csproj

# The Api project links seeds/ and workflows/ into its publish output.
COPY src/ src/
COPY seeds/ seeds/
COPY workflows/ workflows/
COPY forms/ forms/
RUN dotnet publish src/YangFan.Benchmarks.Api/YangFan.Benchmarks.Api.csproj \
        -c Release -o /app/publish --no-restore -p:UseAppHost=false

# ---- runtime -----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# The only writable place for the app user: the SQLite file when no PostgreSQL is
# configured, and anything else the app keeps on disk. Published files stay owned
# by root, so the running process cannot change its own code.
RUN mkdir -p /app/data && chown "$APP_UID:$APP_UID" /app/data

# ASPNETCORE_HTTP_PORTS is emptied because the base image sets it to 8080, and
# ASP.NET Core logs a warning when both it and ASPNETCORE_URLS are set.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=

COPY --from=build /app/publish ./

# The image's built-in non-root user "app".
USER $APP_UID
EXPOSE 8080

# No HEALTHCHECK here: the image has no curl. docker-compose.yml runs the API's own
# `--healthcheck URL` mode instead.
ENTRYPOINT ["dotnet", "YangFan.Benchmarks.Api.dll"]
