using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>An account at the test provider.</summary>
public sealed record ProviderAccount(string Subject, string Email, bool EmailVerified, string Name)
{
    public static ProviderAccount New(bool emailVerified = true, string? email = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new ProviderAccount($"sub-{id}", email ?? $"social.{id}@example.test", emailVerified, $"Social {id}");
    }
}

/// <summary>One request the app's handler sent the browser to <c>/authorize</c> with.</summary>
public sealed record AuthorizeRequest(IReadOnlyDictionary<string, string> Query)
{
    public string? Prompt => Query.GetValueOrDefault("prompt");
}

/// <summary>
/// A small OpenID Connect provider on a real port: discovery, JWKS, authorize (answers at once for the
/// account the test selected, as a provider does for the account it is signed in to), token with
/// PKCE, userinfo. ID tokens are RS256 with a key made per run.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "msw-test-client";
    public const string ClientSecret = "msw-test-secret";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, ProviderAccount> _accessTokens = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _pushed = new();

    public TestOidcProvider()
    {
        _key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", Discovery);
        _app.MapGet("/jwks", Jwks);
        _app.MapGet("/authorize", Authorize);
        _app.MapPost("/par", PushAsync);
        _app.MapPost("/par-moved", PushAsync);
        _app.MapPost("/token", TokenAsync);
        _app.MapGet("/userinfo", UserInfo);
        _app.StartAsync().GetAwaiter().GetResult();
        Authority = _app.Urls.First();
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public string Authority { get; }

    /// <summary>The browser's side of the provider: its own client, since the app's test client only reaches the app.</summary>
    public HttpClient Client { get; }

    /// <summary>The account the provider is "signed in to"; <c>/authorize</c> answers for it.</summary>
    public ProviderAccount? Selected { get; set; }

    /// <summary>When set, <c>/authorize</c> answers <c>error=access_denied</c>, as when the person declines consent.</summary>
    public bool Deny { get; set; }

    public ConcurrentQueue<AuthorizeRequest> AuthorizeRequests { get; } = new();

    /// <summary>The discovery document's <c>prompt_values_supported</c>; null leaves it out.</summary>
    public string[]? PromptValuesSupported { get; set; } = ["none", "login", "consent", "select_account"];

    /// <summary>When set, discovery answers 503, as a provider that is down.</summary>
    public bool Down { get; set; }

    /// <summary>The <c>issuer</c> the discovery document names; null names <see cref="Authority"/>.</summary>
    public string? MetadataIssuer { get; set; }

    /// <summary>Advertise <c>authorization_response_iss_parameter_supported</c> and name <see cref="ResponseIssuer"/> in responses (RFC 9207).</summary>
    public bool IssParameter { get; set; }

    /// <summary>The <c>iss</c> of authorization responses when <see cref="IssParameter"/> is on; null leaves it out.</summary>
    public string? ResponseIssuer { get; set; }

    /// <summary>Advertise a pushed authorization request endpoint (RFC 9126), as providers such as oidc-provider do.</summary>
    public bool Par { get; set; }

    /// <summary>Where the pushed authorization request endpoint is; the other path answers 404, as after a provider moved it.</summary>
    public string ParPath { get; set; } = "/par";

    /// <summary>When set, <c>/authorize</c> answers with this error, as providers do for requests they refuse.</summary>
    public string? AuthorizeError { get; set; }

    /// <summary>When set, the pushed authorization request endpoint refuses every request with this error.</summary>
    public string? PushError { get; set; }

    public IReadOnlyDictionary<string, string?> AppSettings(string name) => new Dictionary<string, string?>
    {
        [$"Authentication:Providers:{name}:Authority"] = Authority,
        [$"Authentication:Providers:{name}:ClientId"] = ClientId,
        [$"Authentication:Providers:{name}:ClientSecret"] = ClientSecret,
        [$"Authentication:Providers:{name}:DisplayName"] = "Test ID",
        [$"Authentication:Providers:{name}:RequireHttpsMetadata"] = "false",
    };

    private IResult Discovery()
    {
        if (Down)
        {
            return Results.StatusCode(503);
        }

        var extra = (PromptValuesSupported is { } prompts ? $",\"prompt_values_supported\":[{string.Join(',', prompts.Select(p => $"\"{p}\""))}]" : "")
            + (IssParameter ? ",\"authorization_response_iss_parameter_supported\":true" : "")
            + (Par ? $",\"pushed_authorization_request_endpoint\":\"{Authority}{ParPath}\"" : "");
        return Results.Text($$"""
        {
          "issuer": "{{MetadataIssuer ?? Authority}}",
          "authorization_endpoint": "{{Authority}}/authorize",
          "token_endpoint": "{{Authority}}/token",
          "userinfo_endpoint": "{{Authority}}/userinfo",
          "jwks_uri": "{{Authority}}/jwks",
          "response_types_supported": ["code"],
          "response_modes_supported": ["query"],
          "subject_types_supported": ["public"],
          "id_token_signing_alg_values_supported": ["RS256"],
          "code_challenge_methods_supported": ["S256"],
          "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
          "scopes_supported": ["openid", "profile", "email"]{{extra}}
        }
        """, "application/json");
    }

    private async Task<IResult> PushAsync(HttpRequest request)
    {
        if (request.Path != ParPath)
        {
            return Results.NotFound();
        }

        var form = await request.ReadFormAsync();
        var (clientId, clientSecret) = ClientCredentials(request, form);
        if (clientId != ClientId || clientSecret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (PushError is { } error)
        {
            return Results.Json(new { error }, statusCode: 400);
        }

        var uri = "urn:ietf:params:oauth:request_uri:" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _pushed[uri] = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        return Results.Json(new { request_uri = uri, expires_in = 60 }, statusCode: 201);
    }

    private IResult Jwks()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
        return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (query.GetValueOrDefault("request_uri") is { } requestUri && _pushed.TryRemove(requestUri, out var pushed))
        {
            query = pushed;
        }

        AuthorizeRequests.Enqueue(new AuthorizeRequest(query));
        if (query.GetValueOrDefault("client_id") != ClientId || query.GetValueOrDefault("redirect_uri") is not { } redirectUri)
        {
            return Results.BadRequest("unknown client or no redirect_uri");
        }

        var state = query.GetValueOrDefault("state") ?? "";
        if (AuthorizeError is { } error)
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, WithIssuer(new() { ["error"] = error, ["state"] = state })));
        }

        if (Deny || Selected is null)
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, WithIssuer(new() { ["error"] = "access_denied", ["state"] = state })));
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(Selected, redirectUri, query.GetValueOrDefault("nonce"), query.GetValueOrDefault("code_challenge"));
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, WithIssuer(new() { ["code"] = code, ["state"] = state })));
    }

    private Dictionary<string, string?> WithIssuer(Dictionary<string, string?> response)
    {
        if (IssParameter && ResponseIssuer is { } issuer)
        {
            response["iss"] = issuer;
        }

        return response;
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, clientSecret) = ClientCredentials(request, form);
        if (clientId != ClientId || clientSecret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || form["redirect_uri"] != grant.RedirectUri || !PkceMatches(grant.CodeChallenge, form["code_verifier"]))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var accessToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _accessTokens[accessToken] = grant.Account;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = grant.Account.Subject,
            ["email"] = grant.Account.Email,
            ["email_verified"] = grant.Account.EmailVerified,
            ["name"] = grant.Account.Name,
        };
        if (grant.Nonce is not null)
        {
            claims["nonce"] = grant.Nonce;
        }

        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = ClientId,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private IResult UserInfo(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(header["Bearer ".Length..], out var account))
        {
            return Results.Unauthorized();
        }

        return Results.Json(new { sub = account.Subject, email = account.Email, email_verified = account.EmailVerified, name = account.Name });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static bool PkceMatches(string? challenge, string? verifier) =>
        challenge is not null && verifier is not null
        && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == challenge;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private sealed record Grant(ProviderAccount Account, string RedirectUri, string? Nonce, string? CodeChallenge);
}
