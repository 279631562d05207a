using System.IO.Compression;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// A sweep's jobs in the few bytes a job its snapshot can afford (<see cref="SweepStateSnapshot.PackedJobs"/>), and its
/// points (<see cref="SweepStateSnapshot.PackedPoints"/>): each
/// string that jobs share (sweep id, point label, dataset, track) written once in a table and named by its number, a job
/// as its id, those numbers, its point and seed, and the whole deflated. A 1,000,000-job sweep packs into about 20 MB;
/// JSON of the same specs would be about 150 MB.
/// </summary>
public static class PackedJobs
{
    private const int Version = 1;

    public static byte[] Pack(IReadOnlyList<JobSpec> jobs)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<string>();
        int Number(string s)
        {
            if (!strings.TryGetValue(s, out var n))
            {
                strings[s] = n = table.Count;
                table.Add(s);
            }
            return n;
        }
        var rows = new (int Sweep, int Label, int Dataset, int Track)[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var j = jobs[i];
            rows[i] = (Number(j.SweepId), Number(j.PointLabel), Number(j.Dataset), Number(j.TrackId));
        }
        using var bytes = new MemoryStream();
        using (var deflate = new DeflateStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate))
        {
            writer.Write7BitEncodedInt(Version);
            writer.Write7BitEncodedInt(table.Count);
            table.ForEach(writer.Write);
            writer.Write7BitEncodedInt(jobs.Count);
            for (var i = 0; i < jobs.Count; i++)
            {
                var j = jobs[i];
                if (j.ConfigJson is not null)
                {
                    throw new ArgumentException($"job {j.JobId} carries its config; pack the sweep's jobs after WithPoints()", nameof(jobs));
                }
                writer.Write(j.JobId);
                writer.Write7BitEncodedInt(rows[i].Sweep);
                writer.Write7BitEncodedInt(j.PointIndex);
                writer.Write7BitEncodedInt(rows[i].Label);
                writer.Write7BitEncodedInt(rows[i].Dataset);
                writer.Write7BitEncodedInt(rows[i].Track);
                writer.Write(j.Seed);
            }
        }
        return bytes.ToArray();
    }

    /// <summary>
    /// A sweep's points the same way: their configs differ in a few values, so deflated they take a tenth of their JSON
    /// (20,000 points of 700-byte configs: 16 MB as JSON).
    /// </summary>
    public static byte[] PackPoints(IReadOnlyList<PointSpec> points)
    {
        using var bytes = new MemoryStream();
        using (var deflate = new DeflateStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate))
        {
            writer.Write7BitEncodedInt(Version);
            writer.Write7BitEncodedInt(points.Count);
            foreach (var point in points)
            {
                writer.Write(point.SweepId);
                writer.Write7BitEncodedInt(point.Index);
                writer.Write(point.Label);
                writer.Write(point.ConfigJson);
            }
        }
        return bytes.ToArray();
    }

    public static PointSpec[] UnpackPoints(byte[] packed)
    {
        using var deflate = new DeflateStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new BinaryReader(deflate);
        var version = reader.Read7BitEncodedInt();
        if (version != Version)
        {
            throw new InvalidDataException($"packed points of version {version}; this build reads version {Version}");
        }
        var points = new PointSpec[reader.Read7BitEncodedInt()];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new PointSpec(reader.ReadString(), reader.Read7BitEncodedInt(), reader.ReadString(), reader.ReadString());
        }
        return points;
    }

    /// <summary>The jobs a sweep's state holds (<see cref="JobTable"/>), written as <see cref="Pack(IReadOnlyList{JobSpec})"/> writes specs.</summary>
    public static byte[] Pack(JobTable jobs)
    {
        using var bytes = new MemoryStream();
        using (var deflate = new DeflateStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate))
        {
            writer.Write7BitEncodedInt(Version);
            writer.Write7BitEncodedInt(jobs.Strings.Count);
            foreach (var s in jobs.Strings) writer.Write(s);
            writer.Write7BitEncodedInt(jobs.Count);
            for (var i = 0; i < jobs.Count; i++)
            {
                // As BinaryWriter writes a string: its UTF-8 length, 7-bit encoded, then its bytes.
                var id = jobs.JobIdBytes(i);
                writer.Write7BitEncodedInt(id.Length);
                writer.Write(id);
                var (sweep, point, label, dataset, track, seed) = jobs.Numbers(i);
                writer.Write7BitEncodedInt(sweep);
                writer.Write7BitEncodedInt(point);
                writer.Write7BitEncodedInt(label);
                writer.Write7BitEncodedInt(dataset);
                writer.Write7BitEncodedInt(track);
                writer.Write(seed);
            }
        }
        return bytes.ToArray();
    }

    public static JobSpec[] Unpack(byte[] packed)
    {
        var table = UnpackTable(packed);
        var jobs = new JobSpec[table.Count];
        for (var i = 0; i < jobs.Length; i++)
        {
            jobs[i] = table.Spec(i);
        }
        return jobs;
    }

    /// <summary>Packed jobs read straight into a <see cref="JobTable"/>: no spec object or id string is made on the way.</summary>
    public static JobTable UnpackTable(byte[] packed)
    {
        using var deflate = new DeflateStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new BinaryReader(deflate);
        var version = reader.Read7BitEncodedInt();
        if (version != Version)
        {
            throw new InvalidDataException($"packed jobs of version {version}; this build reads version {Version}");
        }
        var jobs = new JobTable();
        var numbers = new int[reader.Read7BitEncodedInt()];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = jobs.Number(reader.ReadString());
        }
        int Next()
        {
            var n = reader.Read7BitEncodedInt();
            return n < numbers.Length ? numbers[n] : throw new InvalidDataException($"a packed job names string {n}; the table has {numbers.Length}");
        }
        var count = reader.Read7BitEncodedInt();
        var id = new byte[256];
        for (var i = 0; i < count; i++)
        {
            var length = reader.Read7BitEncodedInt();
            if (length > id.Length) id = new byte[length];
            deflate.ReadExactly(id, 0, length); // BinaryReader reads no further ahead than it returns
            var (sweep, point, label, dataset, track) = (Next(), reader.Read7BitEncodedInt(), Next(), Next(), Next());
            jobs.Add(id.AsSpan(0, length), sweep, point, label, dataset, track, reader.ReadInt32());
        }
        return jobs;
    }
}
