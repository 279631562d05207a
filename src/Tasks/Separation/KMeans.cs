namespace NmfGrid.Tasks.Separation;

/// <summary>A k-means partition: the cluster of every point, the centres and the inertia Σ_i ‖x_i − c_{label(i)}‖².</summary>
public sealed record Clustering(int[] Labels, double[][] Centres, double Inertia);

/// <summary>
/// Lloyd's k-means with greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007; the greedy variant with
/// 2 + ⌊ln k⌋ candidates per centre, as scikit-learn's KMeans): the next centre is drawn with probability
/// ∝ D(x)², keeping the candidate that lowers the potential most. Lloyd iterations stop when the centres move
/// by at most tol·(mean feature variance) in squared norm. The best of <c>starts</c> runs (lowest inertia) wins.
/// Deterministic for a seed, but not bit-identical to scikit-learn (different random streams).
/// </summary>
public static class KMeans
{
    public const int DefaultMaxIterations = 300;
    public const double DefaultTolerance = 1e-4;

    public static Clustering Fit(IReadOnlyList<double[]> points, int clusters, int seed, int starts = 1,
                                 int maxIterations = DefaultMaxIterations, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (clusters < 1) throw new ArgumentOutOfRangeException(nameof(clusters), clusters, "k-means needs at least one cluster.");
        if (points.Count < clusters)
            throw new ArgumentException($"k-means with {clusters} clusters needs at least {clusters} points, got {points.Count}.", nameof(points));
        if (starts < 1) throw new ArgumentOutOfRangeException(nameof(starts), starts, "k-means needs at least one start.");
        int dim = points[0].Length;
        if (points.Any(p => p.Length != dim)) throw new ArgumentException("k-means points differ in dimension.", nameof(points));
        if (points.Any(p => p.Any(x => !double.IsFinite(x)))) throw new ArgumentException("k-means points contain a non-finite value.", nameof(points));

        double threshold = tolerance * MeanVariance(points);
        var random = new Random(seed);
        Clustering? best = null;
        for (int s = 0; s < starts; s++)
        {
            var run = Lloyd(points, PlusPlus(points, clusters, random), maxIterations, threshold);
            if (best is null || run.Inertia < best.Inertia) best = run;
        }
        return best!;
    }

    /// <summary>Greedy k-means++: first centre uniform, then per centre 2+⌊ln k⌋ candidates drawn ∝ D², the best kept.</summary>
    internal static double[][] PlusPlus(IReadOnlyList<double[]> points, int clusters, Random random)
    {
        int n = points.Count;
        int trials = 2 + (int)Math.Log(clusters);
        var centres = new double[clusters][];
        centres[0] = (double[])points[random.Next(n)].Clone();
        var closest = points.Select(p => Distance2(p, centres[0])).ToArray();
        for (int c = 1; c < clusters; c++)
        {
            double potential = closest.Sum();
            double[]? bestDistances = null;
            int bestCandidate = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                int candidate = potential > 0 ? Draw(closest, potential, random) : random.Next(n);
                var distances = new double[n];
                for (int i = 0; i < n; i++) distances[i] = Math.Min(closest[i], Distance2(points[i], points[candidate]));
                double sum = distances.Sum();
                if (sum < bestPotential) { bestPotential = sum; bestCandidate = candidate; bestDistances = distances; }
            }
            centres[c] = (double[])points[bestCandidate].Clone();
            closest = bestDistances!;
        }
        return centres;
    }

    private static int Draw(double[] weights, double total, Random random)
    {
        double u = random.NextDouble() * total, cumulative = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (u < cumulative && weights[i] > 0) return i;
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }

    private static Clustering Lloyd(IReadOnlyList<double[]> points, double[][] centres, int maxIterations, double threshold)
    {
        int n = points.Count, k = centres.Length, dim = points[0].Length;
        var labels = new int[n];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Assign(points, centres, labels);
            var updated = new double[k][];
            var counts = new int[k];
            for (int c = 0; c < k; c++) updated[c] = new double[dim];
            for (int i = 0; i < n; i++)
            {
                counts[labels[i]]++;
                for (int d = 0; d < dim; d++) updated[labels[i]][d] += points[i][d];
            }
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    // An empty cluster takes the point farthest from its centre (scikit-learn relocates likewise).
                    int far = Enumerable.Range(0, n).MaxBy(i => Distance2(points[i], centres[labels[i]]));
                    updated[c] = (double[])points[far].Clone();
                    continue;
                }
                for (int d = 0; d < dim; d++) updated[c][d] /= counts[c];
            }
            double shift = 0;
            for (int c = 0; c < k; c++) shift += Distance2(updated[c], centres[c]);
            centres = updated;
            if (shift <= threshold) break;
        }
        double inertia = Assign(points, centres, labels);
        return new Clustering(labels, centres, inertia);
    }

    private static double Assign(IReadOnlyList<double[]> points, double[][] centres, int[] labels)
    {
        double inertia = 0;
        for (int i = 0; i < points.Count; i++)
        {
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < centres.Length; c++)
            {
                double d = Distance2(points[i], centres[c]);
                if (d < bestDistance) { bestDistance = d; best = c; }
            }
            labels[i] = best;
            inertia += bestDistance;
        }
        return inertia;
    }

    /// <summary>Mean over dimensions of each dimension's variance: scikit-learn's tolerance scale (also used by <see cref="ScikitLearnKMeans"/>).</summary>
    internal static double MeanVariance(IReadOnlyList<double[]> points)
    {
        int n = points.Count, dim = points[0].Length;
        double total = 0;
        for (int d = 0; d < dim; d++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += points[i][d];
            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++) variance += (points[i][d] - mean) * (points[i][d] - mean);
            total += variance / n;
        }
        return dim == 0 ? 0 : total / dim;
    }

    internal static double Distance2(double[] a, double[] b)
    {
        double sum = 0;
        for (int d = 0; d < a.Length; d++) sum += (a[d] - b[d]) * (a[d] - b[d]);
        return sum;
    }
}
