using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>Who may read and act: loopback reads freely, any other bind needs the token for everything, actions always; the token is never logged.</summary>
public sealed class TokenGateTests
{
    private const string Token = "a-long-enough-test-token-0123456789";

    [Fact]
    public async Task Off_loopback_every_request_needs_the_token_and_a_link_with_it_becomes_a_cookie()
    {
        await using var server = await ExplorerServer.Start(WebSamples.Rows(), WebSettings.Of("0.0.0.0", 0, Token, _ => null));
        Assert.False(server.Server.Settings.Loopback);
        foreach (var path in new[] { "/", "/api/sweeps", "/api/events", "/sweeps/sweep-web", "/static/app.js" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Get(path)).Status);
        }
        var (wrong, body) = await server.Get("/api/sweeps?token=not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.DoesNotContain(Token, body);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(bearer)).StatusCode);

        // A link with ?token= sets an HttpOnly cookie and sends the browser to the same page without the token.
        using var link = await server.Http.GetAsync($"/sweeps/sweep-web?token={Token}&sort=track");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/sweeps/sweep-web?sort=track", link.Headers.Location!.ToString());
        var cookie = link.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/sweeps/sweep-web");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(withCookie)).StatusCode);
    }

    [Fact]
    public async Task On_loopback_reading_is_open_but_an_action_needs_the_token_in_a_header()
    {
        await using var server = await ExplorerServer.Start(WebSamples.Rows(), WebSettings.Of(null, 0, Token, _ => null));
        Assert.Equal(HttpStatusCode.OK, (await server.Get("/api/sweeps")).Status);
        using var post = await server.Http.PostAsync("/api/sweeps/sweep-web/cancel", null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        // With the token, a server that only reads a table says it has no grid to act on, and who has.
        using var action = new HttpRequestMessage(HttpMethod.Post, "/api/sweeps/sweep-web/retry-failed");
        action.Headers.Add(TokenGate.Header, Token);
        using var refused = await server.Http.SendAsync(action);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("coordinator --serve", await refused.Content.ReadAsStringAsync());
        // A page of another site cannot send a loopback request with its own Host (DNS rebinding).
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(rebound)).StatusCode);
    }

    [Fact]
    public async Task The_token_never_reaches_a_log_even_at_debug_level()
    {
        var lines = new ConcurrentQueue<string>();
        await using (var server = await ExplorerServer.Start(WebSamples.Rows(), WebSettings.Of("0.0.0.0", 0, Token, _ => null),
                                                              logging => logging.AddProvider(new CollectingLogs(lines)), LogLevel.Trace))
        {
            await server.Get($"/sweeps/sweep-web?token={Token}");
            await server.Get("/api/sweeps?token=wrong-token-0123456789");
            using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps/no-such-sweep");
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            await server.Http.SendAsync(bearer);
            using var action = new HttpRequestMessage(HttpMethod.Post, "/api/sweeps/sweep-web/cancel");
            action.Headers.Add(TokenGate.Header, Token);
            await server.Http.SendAsync(action);
        }
        Assert.NotEmpty(lines); // the collector saw the server's logging
        Assert.DoesNotContain(lines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public void A_short_token_is_refused_without_repeating_it_and_none_given_is_generated()
    {
        var e = Assert.Throws<WebSettingsException>(() => WebSettings.Of(null, 0, "short-secret", _ => null));
        Assert.DoesNotContain("short-secret", e.Message);
        var generated = WebSettings.Of("0.0.0.0", 0, null, _ => null);
        Assert.True(generated.TokenGenerated);
        Assert.True(generated.Token.Length >= 40);
        Assert.Equal(Token, WebSettings.Of(null, null, null, name => name == WebSettings.TokenVariable ? Token : null).Token);
        Assert.Throws<WebSettingsException>(() => WebSettings.Of("example.org", 0, null, _ => null));
    }

    private sealed class CollectingLogs(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
