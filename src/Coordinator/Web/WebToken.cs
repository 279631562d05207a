using System.Security.Cryptography;
using System.Text;

namespace NmfGrid.Coordinator.Web;

/// <summary>The results explorer's shared secret: 32 random bytes in URL-safe base64, compared in constant time.</summary>
public static class WebToken
{
    public const int MinimumLength = 16;

    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool Matches(string expected, string? offered) =>
        offered is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(offered)));
}
