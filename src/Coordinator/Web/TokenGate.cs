using Microsoft.AspNetCore.Http;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// The results explorer's one access rule, ahead of every route. Reading needs the token only off loopback; an action
/// (any method but GET/HEAD) always needs it, in a header (Authorization: Bearer …, or X-NmfGrid-Token), never from the
/// cookie, so no other site can make a browser act. A page opened with ?token=… gets it as an HttpOnly cookie and is sent
/// to the same address without it, so the token stays out of the history and of any log of URLs. On loopback, a request
/// whose Host is not a loopback name is refused (a DNS-rebinding page cannot read the results).
/// </summary>
public sealed class TokenGate(WebSettings settings)
{
    public const string Cookie = "nmfgrid_token";

    public const string Header = "X-NmfGrid-Token";

    public const string Query = "token";

    public async Task Invoke(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (settings.Loopback && !IsLoopbackName(request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, $"this server answers on loopback only; open it as http://127.0.0.1:{context.Connection.LocalPort}/");
            return;
        }
        var offered = HeaderToken(request);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            if (WebToken.Matches(settings.Token, offered))
            {
                await next(context);
            }
            else
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, $"an action needs the server's token in the {Header} header (shown by nmfgrid when it started)");
            }
            return;
        }
        if (request.Query.TryGetValue(Query, out var inQuery))
        {
            if (!WebToken.Matches(settings.Token, inQuery.ToString()))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, "wrong token");
                return;
            }
            context.Response.Cookies.Append(Cookie, settings.Token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            var rest = string.Join("&", request.Query.Where(q => q.Key != Query).SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")));
            context.Response.Redirect(request.PathBase + request.Path + (rest.Length > 0 ? "?" + rest : ""));
            return;
        }
        if (!settings.TokenForReading || WebToken.Matches(settings.Token, offered) || WebToken.Matches(settings.Token, request.Cookies[Cookie]))
        {
            await next(context);
            return;
        }
        await Refuse(context, StatusCodes.Status401Unauthorized,
                     "this server needs its token: open the address nmfgrid printed when it started (…/?token=…), or send it as Authorization: Bearer …");
    }

    private static string? HeaderToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Headers.TryGetValue(Header, out var value) ? value.ToString() : null;
    }

    private static bool IsLoopbackName(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    private static Task Refuse(HttpContext context, int status, string message) => WebErrors.Write(context, status, status == 403 ? "Forbidden" : "Token needed", message);
}
