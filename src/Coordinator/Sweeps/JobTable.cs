using System.Buffers;
using System.Collections;
using System.Text;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Every job of one sweep, known by its index, in columns instead of one <see cref="JobSpec"/> object each: a
/// 1,000,000-job sweep held as specs (an object, an id string and a dictionary entry per job) took about 170 MB of the
/// entity's heap; here a job is its id's UTF-8 bytes, four numbers and its slot in an id index (about 50 bytes, 50 MB).
/// The strings jobs share (sweep id, point label, dataset, track) are held once and named by number, as in
/// <see cref="PackedJobs"/>. A job's spec is decoded when it is leased; ids are kept for every job, finished or not, so
/// that a resubmitted sweep or a late duplicate outcome is recognised exactly. A planned sweep's jobs are held the same
/// way (<see cref="SweepDefinition.Jobs"/> as a list whose items are decoded when read), so a process that plans a
/// large sweep does not hold every spec either.
/// </summary>
public sealed class JobTable : IReadOnlyList<JobSpec>
{
    // Ids as [length, 7-bit encoded][UTF-8 bytes] in pages small enough to stay off the large object heap, so that
    // growing the table leaves no large garbage behind; an id never spans two pages.
    private const int PageBits = 16;
    private const int PageSize = 1 << PageBits;
    private readonly List<byte[]> _pages = [];
    private int _pageUsed = PageSize;
    private readonly List<Row> _rows = [];
    // Open addressing over job indices + 1 (0: empty), at most half full.
    private int[] _slots = new int[16];
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly List<string> _table = [];
    private readonly Dictionary<(int Sweep, int Label, int Dataset), int> _groups = [];
    private readonly List<(int Sweep, int Label, int Dataset)> _groupTable = [];

    /// <summary>Where a job's id starts (page and offset in one number), its point and seed, its track, and its group.</summary>
    private readonly record struct Row(int Id, int Point, int Seed, int Track, int Group);

    public int Count => _rows.Count;

    /// <summary>The job's spec, decoded (a new object on each read).</summary>
    public JobSpec this[int index] => Spec(index);

    public IEnumerator<JobSpec> GetEnumerator()
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            yield return Spec(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A table of <paramref name="jobs"/> (each once: a job twice is refused, naming it).</summary>
    public static JobTable Of(IEnumerable<JobSpec> jobs)
    {
        var table = new JobTable();
        foreach (var job in jobs) table.Add(job);
        return table;
    }

    /// <summary>The strings that jobs share, each named by its position (written as the table of <see cref="PackedJobs"/>).</summary>
    public IReadOnlyList<string> Strings => _table;

    /// <summary>Adds a job this table does not have yet and returns its index; a spec that still carries its config is refused.</summary>
    public int Add(JobSpec spec)
    {
        if (spec.ConfigJson is not null)
        {
            throw new ArgumentException($"job {spec.JobId} carries its config; add the sweep's jobs after WithPoints()", nameof(spec));
        }
        return Add(spec.JobId, Number(spec.SweepId), spec.PointIndex, Number(spec.PointLabel), Number(spec.Dataset), Number(spec.TrackId), spec.Seed);
    }

    /// <summary>Adds a job from its id and the numbers of its strings in <see cref="Strings"/> (as a packed snapshot lists it).</summary>
    public int Add(string jobId, int sweep, int point, int label, int dataset, int track, int seed)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Utf8(jobId, buffer, out var rented);
        try
        {
            return Add(bytes, sweep, point, label, dataset, track, seed);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Adds a job whose id is given as UTF-8 bytes.</summary>
    public int Add(ReadOnlySpan<byte> jobId, int sweep, int point, int label, int dataset, int track, int seed)
    {
        if (Find(jobId) >= 0)
        {
            throw new ArgumentException($"job {Encoding.UTF8.GetString(jobId)} is in the sweep twice", nameof(jobId));
        }
        foreach (var n in (ReadOnlySpan<int>)[sweep, label, dataset, track])
        {
            if (n < 0 || n >= _table.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(jobId), $"job {Encoding.UTF8.GetString(jobId)} names string {n}; the table has {_table.Count}");
            }
        }
        var group = (sweep, label, dataset);
        if (!_groups.TryGetValue(group, out var g))
        {
            _groups[group] = g = _groupTable.Count;
            _groupTable.Add(group);
        }
        var index = _rows.Count;
        _rows.Add(new Row(Store(jobId), point, seed, track, g));
        if ((_rows.Count << 1) > _slots.Length)
        {
            Grow();
        }
        else
        {
            Place(index, Hash(jobId));
        }
        return index;
    }

    /// <summary>The number of a shared string, added to the table when new.</summary>
    public int Number(string s)
    {
        if (!_strings.TryGetValue(s, out var n))
        {
            _strings[s] = n = _table.Count;
            _table.Add(s);
        }
        return n;
    }

    public bool TryIndexOf(string jobId, out int index)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Utf8(jobId, buffer, out var rented);
        index = Find(bytes);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return index >= 0;
    }

    public int IndexOf(string jobId) =>
        TryIndexOf(jobId, out var i) ? i : throw new KeyNotFoundException($"sweep has no job {jobId}");

    public string JobIdOf(int index) => Encoding.UTF8.GetString(IdBytes(_rows[index].Id));

    /// <summary>The job's id as UTF-8 bytes, valid until the next job is added.</summary>
    public ReadOnlySpan<byte> JobIdBytes(int index) => IdBytes(_rows[index].Id);

    public JobSpec Spec(int index)
    {
        var row = _rows[index];
        var (sweep, label, dataset) = _groupTable[row.Group];
        return new JobSpec(JobIdOf(index), _table[sweep], row.Point, _table[label], _table[dataset], _table[row.Track], row.Seed);
    }

    /// <summary>The job's numbers as <see cref="PackedJobs"/> writes them: its strings by number, its point and seed.</summary>
    public (int Sweep, int Point, int Label, int Dataset, int Track, int Seed) Numbers(int index)
    {
        var row = _rows[index];
        var (sweep, label, dataset) = _groupTable[row.Group];
        return (sweep, row.Point, label, dataset, row.Track, row.Seed);
    }

    private int Find(ReadOnlySpan<byte> jobId)
    {
        var mask = _slots.Length - 1;
        for (var s = Hash(jobId) & mask; ; s = (s + 1) & mask)
        {
            var held = _slots[s] - 1;
            if (held < 0) return -1;
            if (IdBytes(_rows[held].Id).SequenceEqual(jobId)) return held;
        }
    }

    private void Place(int index, int hash)
    {
        var mask = _slots.Length - 1;
        var s = hash & mask;
        while (_slots[s] != 0) s = (s + 1) & mask;
        _slots[s] = index + 1;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        for (var i = 0; i < _rows.Count; i++)
        {
            Place(i, Hash(IdBytes(_rows[i].Id)));
        }
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode() & int.MaxValue;
    }

    private int Store(ReadOnlySpan<byte> id)
    {
        Span<byte> prefix = stackalloc byte[5];
        var p = 0;
        for (var v = (uint)id.Length; ; v >>= 7)
        {
            prefix[p++] = (byte)(v >= 0x80 ? v | 0x80 : v);
            if (v < 0x80) break;
        }
        var need = p + id.Length;
        if (need > PageSize)
        {
            throw new ArgumentException($"a job id of {id.Length} bytes is over the {PageSize - 5} a sweep can hold", nameof(id));
        }
        if (_pageUsed + need > PageSize)
        {
            _pages.Add(new byte[PageSize]);
            _pageUsed = 0;
        }
        if ((long)(_pages.Count - 1) << PageBits > int.MaxValue - PageSize)
        {
            throw new InvalidOperationException("a sweep's job ids are over 2 GB");
        }
        var page = _pages[^1];
        prefix[..p].CopyTo(page.AsSpan(_pageUsed));
        id.CopyTo(page.AsSpan(_pageUsed + p));
        var at = ((_pages.Count - 1) << PageBits) | _pageUsed;
        _pageUsed += need;
        return at;
    }

    private ReadOnlySpan<byte> IdBytes(int at)
    {
        var page = _pages[at >> PageBits];
        var offset = at & (PageSize - 1);
        int length = 0, shift = 0;
        byte b;
        do
        {
            b = page[offset++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b >= 0x80);
        return page.AsSpan(offset, length);
    }

    private static ReadOnlySpan<byte> Utf8(string s, Span<byte> buffer, out byte[]? rented)
    {
        rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max > buffer.Length)
        {
            buffer = rented = ArrayPool<byte>.Shared.Rent(max);
        }
        return buffer[..Encoding.UTF8.GetBytes(s, buffer)];
    }
}
