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

    public static JobSpec[] Unpack(byte[] packed)
    {
        using var deflate = new DeflateStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new BinaryReader(deflate);
        var version = reader.Read7BitEncodedInt();
        if (version != Version)
        {
            throw new InvalidDataException($"packed jobs of version {version}; this build reads version {Version}");
        }
        var table = new string[reader.Read7BitEncodedInt()];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = reader.ReadString();
        }
        var jobs = new JobSpec[reader.Read7BitEncodedInt()];
        for (var i = 0; i < jobs.Length; i++)
        {
            var id = reader.ReadString();
            var sweep = table[reader.Read7BitEncodedInt()];
            var point = reader.Read7BitEncodedInt();
            var label = table[reader.Read7BitEncodedInt()];
            var dataset = table[reader.Read7BitEncodedInt()];
            var track = table[reader.Read7BitEncodedInt()];
            jobs[i] = new JobSpec(id, sweep, point, label, dataset, track, reader.ReadInt32());
        }
        return jobs;
    }
}
