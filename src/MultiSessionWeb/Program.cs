using System.Text.Json;
using System.Text.Json.Serialization;
using MultiSessionWeb.Accounts;
using MultiSessionWeb.Admin;
using MultiSessionWeb.Api;
using MultiSessionWeb.Authentication;
using MultiSessionWeb.Codes;
using MultiSessionWeb.Data;
using MultiSessionWeb.External;
using MultiSessionWeb.Forms;
using MultiSessionWeb.Hosting;
using MultiSessionWeb.Maintenance;
using MultiSessionWeb.Messaging;
using MultiSessionWeb.Mvc;
using MultiSessionWeb.Observability;
using MultiSessionWeb.Passkeys;
using MultiSessionWeb.Reverification;
using MultiSessionWeb.Security;
using MultiSessionWeb.Sessions;
using MultiSessionWeb.SignIn;
using MultiSessionWeb.SignUp;
using MultiSessionWeb.TwoFactor;
using MultiSessionWeb.Users;

var builder = WebApplication.CreateBuilder(args);

// Settings: the repository-root appsettings.json, overridden by environment variables.
builder.Configuration.AddAppSettingsFile();

// All time goes through TimeProvider, so tests can move it.
builder.Services.AddSingleton(TimeProvider.System);

// One database for users, clients, sessions and the Data Protection key ring (SQLite by default);
// the keys encrypted at rest with a certificate when one is configured.
builder.AddAppDatabase();
builder.AddAppDataProtection();

// User accounts and their password hashes.
builder.Services.AddUsers();

// Limits on sign-in, sign-up and code attempts; one cookie rule (HttpOnly, Secure over HTTPS);
// the security activity each account can read.
builder.Services.AddSecurity();

// One-time codes by email (SMTP) and SMS (webhook); a development mailbox when neither is configured.
builder.Services.AddOneTimeCodes();
builder.Services.AddMessaging();

// The session records of every browser (and their in-memory copy), and their metrics.
builder.AddSessions();

// The multi-ticket cookie: one cookie per browser, one ticket per signed-in account; sign-in through
// the Google, GitHub and OpenID Connect providers under Authentication:Providers.
builder.Services.AddAuthentication(MultiSessionDefaults.AuthenticationScheme)
    .AddMultiSession()
    .AddExternalProviders(builder.Configuration);
builder.Services.AddAuthorizationBuilder().AddAdminPolicy();

// Sign-in, switch and sign-out as a browser asks for them; the account a request acts as.
builder.Services.AddAccounts();

// Passkeys (WebAuthn): Passkeys:RelyingPartyId and Passkeys:Origins, checked at start-up.
builder.Services.AddPasskeys();

// "Confirm it's you" before sensitive changes.
builder.Services.AddReverification();

// The second factor: authenticator app, recovery codes, the half-done sign-in.
builder.Services.AddTwoFactor();

// How every sign-in ends, whichever way it began; sign-ups waiting for their email code.
builder.Services.AddSignIn();
builder.Services.AddSignUp();

// Expired sessions, codes, limit events and old security activity are deleted every Sessions:CleanupInterval.
builder.Services.AddRetention();

// Server-rendered pages, the JSON client API, health.
builder.Services.AddControllersWithViews()
    .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
builder.Services.AddPageHelpers();
builder.Services.AddClientApi();
builder.Services.AddHealthChecks().AddDatabaseReadiness();

// Metrics for /metrics; traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
builder.AddObservability();

// Behind a reverse proxy: client address and scheme from the proxies named in settings only.
builder.AddForwardedHeadersFromSettings();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseForwardedHeadersFromSettings();

// Every cookie HttpOnly, and Secure over HTTPS (the rule is in AddSecurity).
app.UseCookiePolicy();

// /metrics for the monitoring system only: the management port or a bearer token (Metrics:*).
app.UseMetricsEndpoint();

// Security headers on every response; HTTPS only, outside Development.
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

// Errors become pages, never stack traces.
app.UseExceptionHandler("/error/500");
app.UseStatusCodePagesWithReExecute("/error/{0}");

// "/u/{slot}/…" acts as that slot's account; the prefix becomes the PathBase.
app.UseMiddleware<AccountSlotMiddleware>();

app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();

// The active account was ended on another device, or expired: the next page says so, once.
app.UseMiddleware<EndedElsewhereMiddleware>();

// A form posts as the account its page was rendered for, or is refused once that account is gone.
app.UseMiddleware<FormSessionMiddleware>();
app.UseAuthorization();

app.MapHealthEndpoints();
app.MapControllers();

await app.RunAsync();
