using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Tests.Audio;

namespace NmfGrid.Tasks.Tests.Features;

public sealed class FeatureCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly FeatureParameters Parameters = new() { Kind = FeatureKind.Stft, NFft = 256, HopLength = 64 };

    private FeatureCacheKey Key(string name = "a.wav")
    {
        var path = _dir.File(name);
        if (!File.Exists(path))
            File.WriteAllBytes(path, WavBytes.Build([Signals.Sine(440, 8000, 2000)], 8000, WavBytes.Pcm, 16));
        return FeatureCacheKey.ForFile(path, new AudioReadOptions { Duration = 30 }, Parameters);
    }

    private static Matrix<double> Value(double seed) => Matrix<double>.Build.Dense(129, 40, (i, j) => seed + i * 0.5 + j);

    [Fact]
    public void A_stored_matrix_comes_back_identical_without_recomputing()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = Key();
        int computed = 0;

        var first = cache.GetOrCompute(key, () => { computed++; return Value(1); });
        var second = cache.GetOrCompute(key, () => { computed++; return Value(2); });

        Assert.Equal(1, computed);
        Assert.Equal(first, second);
    }

    // Written behind: the computed matrix comes back at once; after Flush its entry is on disk, whole, and another
    // instance (another process) reads it without computing.
    [Fact]
    public void An_entry_written_behind_is_complete_after_flush_and_read_without_recomputing()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = Key();
        var value = Value(1);

        var first = cache.GetOrComputeWritingBehind(key, () => value);
        cache.Flush();

        Assert.Same(value, first);
        Assert.Equal(0, cache.FailedWrites);
        Assert.Empty(Directory.GetFiles(cache.Directory, "*.tmp"));
        var other = new FeatureCache(_dir.File("cache"));
        Assert.Equal(value, other.GetOrComputeWritingBehind(key, () => throw new InvalidOperationException("recomputed")));
    }

    // A key whose description cannot be written: the write behind fails after the value was handed back.
    private sealed class UnwritableKey(string hash) : ICacheKey
    {
        public string Kind => "unwritable";
        public string CanonicalString => throw new InvalidOperationException("no canonical string");
        public string Hash => hash;
    }

    [Fact]
    public void A_failed_write_behind_keeps_the_caller_s_value_and_leaves_no_entry()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var value = Value(2);

        var got = cache.GetOrComputeWritingBehind(new UnwritableKey("x1"), () => value);
        cache.Flush(); // does not throw: the failure stays in the cache

        Assert.Same(value, got);
        Assert.Equal(1, cache.FailedWrites);
        Assert.Empty(Directory.GetFiles(cache.Directory));
    }

    [Fact]
    public void Complex_matrices_round_trip()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var value = Matrix<Complex>.Build.Dense(3, 4, (i, j) => new Complex(i, -j));

        cache.Put(Key(), value);

        Assert.True(cache.TryGetComplex(Key(), out var back));
        Assert.Equal(value, back);
        Assert.False(cache.TryGet(Key(), out Matrix<double> _)); // a real read of a complex entry is a miss
    }

    [Fact]
    public void Keys_differ_by_file_crop_and_parameters()
    {
        var key = Key();
        var path = _dir.File("a.wav");

        Assert.NotEqual(key.Hash, Key("b.wav").Hash);
        Assert.NotEqual(key.Hash, FeatureCacheKey.ForFile(path, new AudioReadOptions { Duration = 10 }, Parameters).Hash);
        Assert.NotEqual(key.Hash, FeatureCacheKey.ForFile(path, new AudioReadOptions { Duration = 30 }, Parameters with { HopLength = 32 }).Hash);
        Assert.Equal(key.Hash, Key().Hash);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        Assert.NotEqual(key.Hash, Key().Hash);
    }

    [Fact]
    public void Concurrent_writers_of_one_key_leave_one_valid_entry_and_no_temporary_files()
    {
        var directory = _dir.File("cache");
        var key = Key();
        var expected = Value(3);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            // A cache instance per task, as separate processes would have.
            var cache = new FeatureCache(directory);
            var got = cache.GetOrCompute(key, () => Value(3));
            Assert.Equal(expected, got);
        });

        Assert.Single(Directory.GetFiles(directory));
        var fresh = new FeatureCache(directory);
        Assert.True(fresh.TryGet(key, out var stored));
        Assert.Equal(expected, stored);
        Assert.Equal(0, fresh.CorruptEntriesDiscarded);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("header")]
    public void A_damaged_entry_is_deleted_and_recomputed_not_trusted(string damage)
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = Key();
        cache.Put(key, Value(4));
        var path = cache.PathOf(key);
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "flip": bytes[^100] ^= 0x40; break;
            case "truncate": bytes = bytes[..(bytes.Length - 8)]; break;
            case "empty": bytes = []; break;
            case "header": bytes[20] ^= 0x01; break; // rows
        }
        File.WriteAllBytes(path, bytes);

        Assert.False(cache.TryGet(key, out _));
        Assert.False(File.Exists(path));
        Assert.Equal(1, cache.CorruptEntriesDiscarded);
        int computed = 0;
        var value = cache.GetOrCompute(key, () => { computed++; return Value(4); });
        Assert.Equal(1, computed);
        Assert.Equal(Value(4), value);
        Assert.True(new FeatureCache(_dir.File("cache")).TryGet(key, out _));
    }

    // Version 1 entries checked their payload by SHA-256; version 2 by XxHash128 (cheaper on a 21 MB spectrogram). The
    // header keeps its layout, so an old entry is still read, and one whose checksum is of the other kind is not trusted.
    [Fact]
    public void A_version_1_entry_with_its_sha_256_is_still_read_and_a_mismatched_checksum_is_not()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = Key();
        cache.Put(key, Value(5));
        var path = cache.PathOf(key);
        var bytes = File.ReadAllBytes(path);
        const int version = 8, payloadHash = 8 + 4 + 4 + 4 + 4 + 8 + 32, header = payloadHash + 32;
        Assert.Equal(2, BitConverter.ToInt32(bytes, version));

        BitConverter.GetBytes(1).CopyTo(bytes, version);
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(header)).CopyTo(bytes, payloadHash);
        File.WriteAllBytes(path, bytes);
        Assert.True(cache.TryGet(key, out var old));
        Assert.Equal(Value(5), old);

        BitConverter.GetBytes(2).CopyTo(bytes, version); // a SHA-256 where version 2 expects XxHash128
        File.WriteAllBytes(path, bytes);
        Assert.False(cache.TryGet(key, out _));
        Assert.Equal(1, cache.CorruptEntriesDiscarded);
    }

    [Fact]
    public void An_entry_written_for_another_key_is_not_returned()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = Key();
        var other = Key("other.wav");
        cache.Put(other, Value(5));
        File.Copy(cache.PathOf(other), cache.PathOf(key));

        Assert.False(cache.TryGet(key, out _));
    }

    [Fact]
    public void Features_of_a_file_are_computed_at_the_parameters_rate_then_served_from_the_cache()
    {
        var path = _dir.Write("song.wav", WavBytes.Build([Signals.Sine(440, 8000, 8000), Signals.Sine(440, 8000, 8000)], 8000, WavBytes.Pcm, 16));
        var parameters = Parameters with { SampleRate = 4000 };
        var cache = new FeatureCache(_dir.File("cache"));

        var first = cache.GetOrCompute(path, new AudioReadOptions { Duration = 0.5 }, parameters);
        var again = new FeatureCache(_dir.File("cache")).GetOrCompute(path, new AudioReadOptions { Duration = 0.5 }, parameters);

        Assert.Equal(129, first.RowCount);
        Assert.Equal(1 + 2000 / 64, first.ColumnCount); // 0.5 s at 4 kHz
        Assert.Equal(first, again);
        Assert.Single(Directory.GetFiles(_dir.File("cache")));
    }

    [Fact]
    public void Computing_features_at_the_wrong_rate_names_both_rates()
    {
        var signal = AudioSignal.FromMono(new float[1000], 8000);

        var e = Assert.Throws<ArgumentException>(() => Spectrogram.Compute(signal, Parameters));

        Assert.Contains("8000", e.Message);
        Assert.Contains("44100", e.Message);
    }

    [Fact]
    public void Sample_keys_hash_the_audio_content()
    {
        var a = FeatureCacheKey.ForSamples(new double[] { 1, 2, 3 }, 8000, Parameters);
        var b = FeatureCacheKey.ForSamples(new double[] { 1, 2, 3 }, 8000, Parameters);
        var c = FeatureCacheKey.ForSamples(new double[] { 1, 2, 4 }, 8000, Parameters);

        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
    }

    [Fact]
    public void A_costly_artifact_is_computed_once_while_other_threads_wait_for_it()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = new ArtifactKey("dictionary", "training[a.wav:1:2]|model[rank=4]");
        int computed = 0;

        var results = Enumerable.Range(0, 6).AsParallel().WithDegreeOfParallelism(6)
            .Select(_ => cache.GetOrComputeOnce(key, () =>
            {
                Interlocked.Increment(ref computed);
                Thread.Sleep(100); // long enough for the others to arrive while it builds
                return Value(3);
            }))
            .ToArray();

        Assert.Equal(1, computed);
        Assert.All(results, r => Assert.Equal(Value(3), r));
        Assert.StartsWith("dictionary-", Path.GetFileName(cache.PathOf(key)));
    }

    [Fact]
    public void A_corrupt_artifact_is_rebuilt()
    {
        var cache = new FeatureCache(_dir.File("cache"));
        var key = new ArtifactKey("dictionary", "model[rank=2]");
        cache.GetOrComputeOnce(key, () => Value(1));
        File.WriteAllBytes(cache.PathOf(key), [1, 2, 3]);

        var rebuilt = cache.GetOrComputeOnce(key, () => Value(5));

        Assert.Equal(Value(5), rebuilt);
        Assert.Equal(1, cache.CorruptEntriesDiscarded);
    }
}
