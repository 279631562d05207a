using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Bench.Grid;

/// <summary>A sweep of made-up jobs, 50 per point, whose points carry a config the size of a real one (about 700 bytes).</summary>
public static class SyntheticSweep
{
    public static SweepDefinition Create(int jobs, string sweepId)
    {
        var specs = new JobTable(); // as SweepBuilder holds a planned sweep's jobs
        var points = new List<PointSpec>();
        // One string per track and per point label, shared by their jobs, as SweepBuilder's jobs share the dataset's
        // track ids and their point's label.
        var tracks = Enumerable.Range(0, 50).Select(t => $"track{t:000}").ToArray();
        var label = "";
        for (var i = 0; i < jobs; i++)
        {
            var point = i / 50;
            if (i % 50 == 0)
            {
                var config = $$$"""{"algorithm":{"name":"mu","init":"nndsvda","rank":{{{8 + point}}},"beta":1.0,"max_iter":200,"tol":0.0001,"dtype":"float64"},"task":{"name":"separation","sample_rate":22050,"n_fft":2048,"hop":512,"duration":30.0,"clustering":"kmeans","starts":50},"dataset":{"name":"musdb18hq","root":"/data/musdb18hq","split":"test","synthesize_if_missing":false},"seed":{{{point}}},"run":{"workers":2,"blas":"auto","blas_threads":1,"max_attempts":3,"lease_seconds":120,"output_dir":"outputs","cache_dir":"outputs/cache","database":"outputs/nmfgrid.db"}}""";
                label = $"algorithm.rank={8 + point}";
                points.Add(new PointSpec(sweepId, point, label, config));
            }
            specs.Add(new JobSpec($"{sweepId}-{i:x8}-{point:x4}", sweepId, point, label, "musdb18hq", tracks[i % 50], i));
        }
        return new SweepDefinition(sweepId, "grid-throughput", "separation", "musdb18hq", specs, 3, TimeSpan.FromSeconds(120), points);
    }
}
