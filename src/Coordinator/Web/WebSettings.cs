using System.Net;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// Where the results explorer listens and the token that guards it. On a loopback address reading needs no token;
/// on any other address every request needs it. Actions (cancel, retry) need it everywhere. A token not given is
/// generated (<see cref="WebToken.Generate"/>) and shown once on the console by the command, never logged.
/// </summary>
public sealed record WebSettings(IPAddress Bind, int Port, string Token, bool TokenGenerated)
{
    public const int DefaultPort = 8053;

    /// <summary>The variable a token may come from instead of --token (which any user of the machine can read with ps).</summary>
    public const string TokenVariable = "NMFGRID_SERVE_TOKEN";

    public bool Loopback => IPAddress.IsLoopback(Bind);

    /// <summary>Reading needs the token too when the server can be reached from other machines.</summary>
    public bool TokenForReading => !Loopback;

    /// <summary>
    /// <paramref name="bind"/>: an IP address or "localhost" (default 127.0.0.1); <paramref name="port"/>: 0 for any free one.
    /// The token: <paramref name="token"/>, else NMFGRID_SERVE_TOKEN, else a new one.
    /// </summary>
    public static WebSettings Of(string? bind, int? port, string? token, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        IPAddress address;
        if (string.IsNullOrWhiteSpace(bind) || bind.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(bind, out address!))
        {
            throw new WebSettingsException($"--bind '{bind}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::)");
        }
        var listen = port ?? DefaultPort;
        if (listen is < 0 or > 65535)
        {
            throw new WebSettingsException($"--port {listen} is not a TCP port (0–65535; 0 picks a free one)");
        }
        var given = string.IsNullOrEmpty(token) ? environment(TokenVariable) : token;
        if (given is not null && given.Length < WebToken.MinimumLength)
        {
            // The value is not repeated: it is a secret even when it is a weak one.
            throw new WebSettingsException($"--token (or {TokenVariable}) is shorter than {WebToken.MinimumLength} characters; give a longer one or none (one is generated)");
        }
        return given is { Length: > 0 }
            ? new WebSettings(address, listen, given, TokenGenerated: false)
            : new WebSettings(address, listen, WebToken.Generate(), TokenGenerated: true);
    }

    /// <summary>How the address is written in a URL (IPv6 in brackets; 0.0.0.0 and :: as this machine's name).</summary>
    public string UrlHost(int port) =>
        Bind.Equals(IPAddress.Any) || Bind.Equals(IPAddress.IPv6Any) ? $"{Dns.GetHostName()}:{port}"
        : Bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Bind}]:{port}"
        : $"{Bind}:{port}";
}
