using System.Security.Cryptography;
using System.Text;
using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// What a cached feature matrix depends on: the audio's identity, the crop/resampling it was read with and the
/// feature parameters. <see cref="Hash"/> (SHA-256) names the cache entry.
/// </summary>
public sealed record FeatureCacheKey(string AudioIdentity, string Crop, FeatureParameters Parameters) : ICacheKey
{
    public string Kind => Parameters.KindName;

    /// <summary>A file identified by full path, size and last-write time (UTC ticks): editing or replacing the file changes the key.</summary>
    public static FeatureCacheKey ForFile(string audioPath, AudioReadOptions read, FeatureParameters parameters)
    {
        var info = new FileInfo(audioPath);
        if (!info.Exists)
            throw new FileNotFoundException($"Audio file '{audioPath}' does not exist.", audioPath);
        string identity = $"file={info.FullName};size={info.Length};mtime={info.LastWriteTimeUtc.Ticks}";
        return new FeatureCacheKey(identity, read.CanonicalString, parameters);
    }

    /// <summary>Audio identified by a hash of its samples (synthetic signals, or files whose timestamps are unreliable).</summary>
    public static FeatureCacheKey ForSamples(ReadOnlySpan<double> samples, int sampleRate, FeatureParameters parameters)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples)));
        return new FeatureCacheKey($"samples={digest};sr={sampleRate}", "whole", parameters);
    }

    public string CanonicalString => $"audio[{AudioIdentity}]|crop[{Crop}]|features[{Parameters.CanonicalString}]";

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalString)));
}
