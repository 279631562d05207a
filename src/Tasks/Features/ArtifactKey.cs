using System.Security.Cryptography;
using System.Text;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// The key of a cached artifact other than features (a learned dictionary, a stage's output): its kind and a
/// canonical description of everything it depends on — training files with their sizes and times, feature
/// parameters, model settings. Two jobs that would compute the same artifact build the same key.
/// </summary>
public sealed record ArtifactKey(string Kind, string CanonicalString) : ICacheKey
{
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalString)));

    /// <summary>A file's identity as <see cref="FeatureCacheKey.ForFile"/> takes it: full path, size, last-write time.</summary>
    public static string FileIdentity(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"Training file '{path}' does not exist.", path);
        return $"{info.FullName}:{info.Length}:{info.LastWriteTimeUtc.Ticks}";
    }
}
