using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// An on-disk cache of feature matrices that threads and processes share. An entry is written to a temporary
/// file in the same directory and renamed into place (atomic on one file system), so readers see a whole entry
/// or none. Each entry starts with a header — magic, version, element type, shape, payload length, SHA-256 of
/// the key and a checksum of the payload — and an entry that fails any check (truncated, corrupt, another key) is
/// deleted and recomputed, never returned. The payload's checksum detects torn or damaged writes, not tampering:
/// XxHash128 since version 2 (a 21 MB spectrogram in about 2 ms, where SHA-256 took 10–25 ms), SHA-256 in version 1
/// entries, which are still read.
/// </summary>
public sealed class FeatureCache
{
    private static readonly byte[] Magic = "NMFGFEAT"u8.ToArray();
    private const int Version = 2;       // XxHash128 of the payload
    private const int Sha256Version = 1; // SHA-256 of the payload: still read
    private const int HeaderLength = 8 + 4 + 4 + 4 + 4 + 8 + 32 + 32;

    private enum Element { Real = 0, Complex = 1 }

    public FeatureCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Entries found corrupt and deleted since this instance was created (for logs and tests).</summary>
    public int CorruptEntriesDiscarded => _discarded;

    private int _discarded;

    public string PathOf(ICacheKey key) =>
        Path.Combine(Directory, $"{key.Kind}-{key.Hash}.feat");

    public Matrix<double> GetOrCompute(ICacheKey key, Func<Matrix<double>> compute)
    {
        if (TryGet(key, out var cached))
            return cached;
        var value = compute();
        Put(key, value);
        return value;
    }

    /// <summary>
    /// <see cref="GetOrCompute(ICacheKey, Func{Matrix{double}})"/> that returns a computed matrix before its entry is
    /// written: the write (for MAPS's 21 MB spectrogram, its checksum and copy into the page cache, ~10 ms) runs on the
    /// thread pool while the caller goes on to the factorisation, which only reads the matrix (it must not be changed
    /// afterwards). Until the write ends the entry is a miss. <see cref="Flush"/> waits for this cache's pending writes,
    /// and the process waits for all of them when it exits; a write that fails is counted (<see cref="FailedWrites"/>)
    /// and leaves no entry, never the caller without its value.
    /// </summary>
    public Matrix<double> GetOrComputeWritingBehind(ICacheKey key, Func<Matrix<double>> compute)
    {
        if (TryGet(key, out var cached))
            return cached;
        var value = compute();
        WriteBehind(() => Put(key, value));
        return value;
    }

    /// <summary>Writes behind (<see cref="GetOrComputeWritingBehind"/>) that failed since this instance was created.</summary>
    public int FailedWrites => _failedWrites;

    private int _failedWrites;

    // Every cache's writes still running, so that the process's exit waits for them (a killed process loses them:
    // the entry is then a miss, as after any crash before a write).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Task, FeatureCache> Pending = new();

    static FeatureCache() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Task.WaitAll([.. Pending.Keys]);

    private void WriteBehind(Action write)
    {
        var task = Task.Run(() =>
        {
            try
            {
                write();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failedWrites); // the caller has its value; the entry is computed again next time
            }
        });
        Pending[task] = this;
        task.ContinueWith(done => Pending.TryRemove(done, out _), TaskScheduler.Default);
    }

    /// <summary>Waits until this cache's writes behind have ended (their entries on disk, or failed).</summary>
    public void Flush() => Task.WaitAll([.. Pending.Where(p => ReferenceEquals(p.Value, this)).Select(p => p.Key)]);

    /// <summary>
    /// Like <see cref="GetOrCompute(ICacheKey, Func{Matrix{double}})"/>, for costly artifacts (a learned dictionary):
    /// threads and processes sharing this directory compute an entry once, the others wait for it. A lock file per
    /// entry serialises them; the lock is released when its holder exits, so a crashed builder only delays the next.
    /// </summary>
    public Matrix<double> GetOrComputeOnce(ICacheKey key, Func<Matrix<double>> compute, CancellationToken cancellation = default)
    {
        if (TryGet(key, out var cached))
            return cached;
        var gate = Gates.GetOrAdd(PathOf(key), _ => new object());
        lock (gate)
        {
            using var held = LockFile(PathOf(key) + ".lock", cancellation);
            if (TryGet(key, out cached))
                return cached;
            var value = compute();
            Put(key, value);
            return value;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> Gates = new();

    /// <summary>An exclusive handle on a lock file, retried until the other process lets go.</summary>
    private static FileStream LockFile(string path, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                // Kept on disk afterwards: deleting it would let a waiter lock a new file while another holds the old one.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                Thread.Sleep(200); // held by another process: its build takes seconds, so a coarse poll costs nothing
            }
        }
    }

    /// <summary>
    /// The features of an audio file, read mono at the parameters' rate with the given crop: from the cache when
    /// present, else decoded, computed and stored. What dataset loaders call.
    /// </summary>
    public Matrix<double> GetOrCompute(string audioPath, AudioReadOptions read, FeatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(parameters);
        read = read with { SampleRate = parameters.SampleRate, Mono = true };
        var key = FeatureCacheKey.ForFile(audioPath, read, parameters);
        return GetOrCompute(key, () => Spectrogram.Compute(AudioReader.Read(audioPath, read), parameters));
    }

    public Matrix<Complex> GetOrCompute(ICacheKey key, Func<Matrix<Complex>> compute)
    {
        if (TryGetComplex(key, out var cached))
            return cached!;
        var value = compute();
        Put(key, value);
        return value;
    }

    public bool TryGet(ICacheKey key, out Matrix<double> value)
    {
        value = null!;
        var entry = Read(key, Element.Real);
        if (entry is null)
            return false;
        var data = new double[entry.Value.Rows * entry.Value.Columns];
        entry.Value.Payload.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        value = Matrix<double>.Build.Dense(entry.Value.Rows, entry.Value.Columns, data);
        return true;
    }

    public bool TryGetComplex(ICacheKey key, out Matrix<Complex>? value)
    {
        value = null;
        var entry = Read(key, Element.Complex);
        if (entry is null)
            return false;
        var data = new Complex[entry.Value.Rows * entry.Value.Columns];
        entry.Value.Payload.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        value = Matrix<Complex>.Build.Dense(entry.Value.Rows, entry.Value.Columns, data);
        return true;
    }

    public void Put(ICacheKey key, Matrix<double> value) =>
        Write(key, Element.Real, value.RowCount, value.ColumnCount, MemoryMarshal.AsBytes(ColumnMajor(value).AsSpan()));

    public void Put(ICacheKey key, Matrix<Complex> value) =>
        Write(key, Element.Complex, value.RowCount, value.ColumnCount, MemoryMarshal.AsBytes(ColumnMajor(value).AsSpan()));

    // The entries of a dense matrix in place (no copy of a 21 MB spectrogram), else a column-major copy.
    private static T[] ColumnMajor<T>(Matrix<T> value)
        where T : struct, IEquatable<T>, IFormattable =>
        value.Storage is MathNet.Numerics.LinearAlgebra.Storage.DenseColumnMajorMatrixStorage<T> dense
        && dense.Data.Length == value.RowCount * value.ColumnCount
            ? dense.Data
            : value.ToColumnMajorArray();

    // The whole file as read; the payload follows the header (kept in place: no copy of it before the matrix's own).
    private readonly record struct Entry(int Rows, int Columns, byte[] Bytes)
    {
        public ReadOnlySpan<byte> Payload => Bytes.AsSpan(HeaderLength);
    }

    private Entry? Read(ICacheKey key, Element element)
    {
        string path = PathOf(key);
        byte[] bytes;
        try
        {
            // Delete sharing: another worker may replace or discard the entry while this one reads it.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // being replaced right now: recompute rather than wait
        }

        var entry = Parse(bytes, key, element);
        if (entry is null)
            Discard(path);
        return entry;
    }

    private static Entry? Parse(byte[] bytes, ICacheKey key, Element element)
    {
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            return null;
        var header = bytes.AsSpan(8);
        int version = BitConverter.ToInt32(header[..4]);
        var kind = (Element)BitConverter.ToInt32(header[4..8]);
        int rows = BitConverter.ToInt32(header[8..12]), columns = BitConverter.ToInt32(header[12..16]);
        long payloadLength = BitConverter.ToInt64(header[16..24]);
        var keyHash = header[24..56];
        var payloadHash = header[56..88];
        int elementSize = element == Element.Real ? sizeof(double) : 2 * sizeof(double);
        if (version is not (Version or Sha256Version) || kind != element || rows < 0 || columns < 0
            || payloadLength != (long)rows * columns * elementSize || bytes.Length != HeaderLength + payloadLength)
            return null;
        if (!keyHash.SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(key.CanonicalString))))
            return null;
        var payload = bytes.AsSpan(HeaderLength);
        if (!payloadHash.SequenceEqual(version == Sha256Version ? SHA256.HashData(payload) : Checksum(payload)))
            return null;
        return new Entry(rows, columns, bytes);
    }

    /// <summary>
    /// Writes the entry to a temporary file and renames it into place. No fsync: an entry a crash leaves truncated or
    /// half-written fails the header's length or payload hash when read, and is deleted and recomputed; flushing
    /// every 21 MB spectrogram to the disk cost more wall time than its FFTs.
    /// </summary>
    private void Write(ICacheKey key, Element element, int rows, int columns, ReadOnlySpan<byte> payload)
    {
        string path = PathOf(key);
        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Magic);
                stream.Write(BitConverter.GetBytes(Version));
                stream.Write(BitConverter.GetBytes((int)element));
                stream.Write(BitConverter.GetBytes(rows));
                stream.Write(BitConverter.GetBytes(columns));
                stream.Write(BitConverter.GetBytes((long)payload.Length));
                stream.Write(SHA256.HashData(Encoding.UTF8.GetBytes(key.CanonicalString)));
                stream.Write(Checksum(payload));
                stream.Write(payload);
            }
            // Every writer of a key writes the same content, so the last rename winning is fine.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process holds the entry (Windows refuses to replace an open file): it is being written anyway.
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    /// <summary>The payload's checksum as a version 2 header holds it: XxHash128, zero-padded to the 32 bytes of the field.</summary>
    private static byte[] Checksum(ReadOnlySpan<byte> payload)
    {
        var field = new byte[32];
        XxHash128.Hash(payload, field);
        return field;
    }

    private void Discard(string path)
    {
        Interlocked.Increment(ref _discarded);
        TryDelete(path);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone else is deleting or replacing it: nothing left to do.
        }
    }
}
