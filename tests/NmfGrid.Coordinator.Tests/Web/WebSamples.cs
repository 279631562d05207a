using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>
/// Results rows as a finished transcription sweep writes them: configurations × tracks, a rank and an algorithm that
/// vary, f1 / precision / recall that differ by configuration and by track (seeded), some failed jobs with their error;
/// each succeeded job's loss per iteration, W and H of each configuration's first track, each configuration's resolved
/// config (β = 1 for mu, 2 for hals).
/// </summary>
public static class WebSamples
{
    public const string SweepId = "sweep-web";

    public static IReadOnlyList<ResultRow> Rows(int configurations = 4, int tracks = 12, string sweepId = SweepId, int seed = 7,
                                                params (int Point, int Track)[] failed)
    {
        var random = new Random(seed);
        var rows = new List<ResultRow>();
        for (var p = 0; p < configurations; p++)
        {
            var rank = 8 << (p % 3);
            var algorithm = p % 2 == 0 ? "mu" : "hals";
            var settings = new Dictionary<string, string> { ["algorithm.name"] = algorithm, ["algorithm.rank"] = rank.ToString() };
            var label = $"algorithm={algorithm},algorithm.rank={rank}";
            var config = ConfigOf(algorithm, rank);
            for (var t = 0; t < tracks; t++)
            {
                var track = $"MAPS_track_{t:00}";
                var job = $"job-{p}-{t}";
                if (failed.Contains((p, t)))
                {
                    rows.Add(new ResultRow(sweepId, job, p, label, "transcription", settings, track, "failed", 3, new Dictionary<string, double>(), 0,
                                           double.NaN, "", 0, $"corrupt audio in {track}.wav", 0, 0, 0, 0, "host-a", "host-a/worker-0",
                                           ResolvedConfig: config));
                    continue;
                }
                var f1 = Math.Clamp(0.45 + 0.05 * p + 0.02 * t % 0.1 + 0.08 * (random.NextDouble() - 0.5), 0, 1);
                var metrics = new Dictionary<string, double> { ["f1"] = f1, ["precision"] = Math.Min(1, f1 + 0.05), ["recall"] = Math.Max(0, f1 - 0.05) };
                var host = t % 3 == 0 ? "host-b" : "host-a";
                rows.Add(new ResultRow(sweepId, job, p, label, "transcription", settings, track, "succeeded", 1, metrics, 100 + p,
                                       1000.0 / (p + 1) + t, "openblas", 1, "", 0.1, 0.5 + 0.1 * p, 0.2, 0.8 + 0.1 * p, host, host + "/worker-0",
                                       Loss(100 + p, 1000.0 / (p + 1) + t), t == 0 ? Factors(rank, p) : null, config));
            }
        }
        return rows;
    }

    public static string ConfigOf(string algorithm, int rank) =>
        $$$"""{"task":{"name":"transcription","onset_tolerance":0.05},"algorithm":{"name":"{{{algorithm}}}","rank":{{{rank}}},"beta":{{{(algorithm == "mu" ? 1 : 2)}}},"max_iter":200},"dataset":{"name":"maps"},"run":{"seed":0}}""";

    /// <summary>A loss falling from 10× its final value to <paramref name="final"/> over <paramref name="iterations"/> iterations.</summary>
    public static double[] Loss(int iterations, double final) =>
        Enumerable.Range(0, iterations).Select(i => final * (1 + 9 * Math.Exp(-i / 10.0))).ToArray();

    /// <summary>A W of 6 bins and an H of 10 frames, column-major, with recognisable values (W[i,k] = i + 10k, H[k,j] = k + 0.01j + point).</summary>
    public static FactorPreview Factors(int rank, int point)
    {
        const int rows = 6, columns = 10;
        var w = new float[rows * rank];
        var h = new float[rank * columns];
        for (var k = 0; k < rank; k++)
        {
            for (var i = 0; i < rows; i++)
            {
                w[k * rows + i] = i + 10 * k;
            }
            for (var j = 0; j < columns; j++)
            {
                h[j * rank + k] = k + 0.01f * j + point;
            }
        }
        return new FactorPreview(rows, rank, columns, w, h);
    }
}
