using System.CommandLine;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Coordinator.Commands;

/// <summary>The results explorer's options for `nmfgrid serve`: --port, --bind, --token (NMFGRID_SERVE_TOKEN instead keeps it out of ps).</summary>
public sealed class WebOptionSet
{
    public Option<int?> Port { get; } = new("--port") { Description = $"TCP port of the results explorer (default {WebSettings.DefaultPort}; 0: any free port)." };

    public Option<string> Bind { get; } = new("--bind")
    {
        Description = "Address to listen on (default 127.0.0.1). Any other address needs the token for every request.",
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = $"The token that guards the explorer (actions always, reading off loopback); better in {WebSettings.TokenVariable}, " +
                      "since any user can read a command line. Neither: one is generated and printed once.",
    };

    public IEnumerable<Option> All => [Port, Bind, Token];

    public WebSettings Settings(ParseResult parse) => WebSettings.Of(parse.GetValue(Bind), parse.GetValue(Port), parse.GetValue(Token));

    /// <summary>`--serve [PORT]` for run and coordinator: the explorer beside the grid, on loopback unless --serve-bind says otherwise.</summary>
    public static Option<int?> ServeOption() => new("--serve")
    {
        Description = $"Also serve the results explorer while this runs, on PORT (default {WebSettings.DefaultPort}); token from {WebSettings.TokenVariable} or generated.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Option<string> ServeBindOption() => new("--serve-bind")
    {
        Description = "Address the explorer of --serve listens on (default 127.0.0.1; any other needs the token for every request).",
    };

    /// <summary>The settings --serve asks for, or null when it was not given.</summary>
    public static WebSettings? ServeSettings(ParseResult parse, Option<int?> serve, Option<string> bind) =>
        parse.GetResult(serve) is null ? null : WebSettings.Of(parse.GetValue(bind), parse.GetValue(serve), null);
}
