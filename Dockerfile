# syntax=docker/dockerfile:1
# Build: docker build -t multisessionweb .
# Run:   docker run -p 8080:8080 -v msw-data:/data -e Email__Smtp__Host=smtp.example.com -e Sms__Webhook__Url=https://sms.example.com/send multisessionweb
# The image runs in Production, which refuses to start without a mail server and an SMS gateway, so
# that sign-in codes never land in a database table by accident. For a try-out without either, say so
# on purpose: -e Email__Outbox=Database -e Sms__Outbox=Database (the codes are then in DevMessages).
# Passkeys need the host name the site is reached at: -e Passkeys__RelyingPartyId=example.com
# -e Passkeys__Origins__0=https://app.example.com (for a try-out: localhost and http://localhost:8080).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, in its own layer: it only reruns when a project or props file changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/MultiSessionWeb/MultiSessionWeb.csproj src/MultiSessionWeb/
RUN dotnet restore src/MultiSessionWeb/MultiSessionWeb.csproj

COPY appsettings.json ./
COPY src/ src/
RUN dotnet publish src/MultiSessionWeb/MultiSessionWeb.csproj --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./

# The SQLite database and its Data Protection key ring live on a volume owned by the app user.
RUN mkdir -p /data && chown $APP_UID /data
VOLUME /data
ENV ConnectionStrings__Default="Data Source=/data/multisessionweb.db" \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

USER $APP_UID
# The runtime image has no curl; bash can speak enough HTTP to ask /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "MultiSessionWeb.dll"]
