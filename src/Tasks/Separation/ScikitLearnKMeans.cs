using NmfGrid.Compute.Initialisation;

namespace NmfGrid.Tasks.Separation;

/// <summary>How scikit-learn's k-means++ draws its first centre (the rest is the same in both).</summary>
public enum KMeansPlusPlusDraw
{
    /// <summary>scikit-learn ≥ 1.3 (the seed's pinned 1.7): <c>choice(n, p=w/Σw)</c>, one random_sample.</summary>
    Choice,

    /// <summary>scikit-learn ≤ 1.2 (Debian's 1.2.1): <c>randint(n)</c>, masked 32-bit words.</summary>
    RandInt,
}

/// <summary>
/// scikit-learn's <c>KMeans(n_clusters, random_state=seed, n_init, init='k-means++', algorithm='lloyd')</c> on dense
/// float64 data, step for step, so that the same points give the same partition (the seed clusters NMF templates
/// with it, and one k-means++ start moves a track's SI-SDR by several dB). The data are centred on their mean
/// first (as scikit-learn does for accuracy), the random numbers come from numpy's <see cref="NumpyRandomState"/>:
/// greedy k-means++ (first centre uniform; then per centre 2 + ⌊ln k⌋ candidates u·pot searched in the cumulative
/// D², the one giving the lowest potential kept), then Lloyd: labels from ‖c‖² − 2x·c, centres the mean of their
/// points (× 1/count), an empty cluster takes the point farthest from its old centre; stop when the labels repeat
/// or Σ‖Δc‖² ≤ tol·mean(var(X)), at most 300 iterations, with a final E-step when they did not repeat. Of several
/// starts the lowest inertia wins. Sums are in scikit-learn's order; its BLAS products may round differently
/// in the last bit, which changes a label only on an exact tie.
/// </summary>
public static class ScikitLearnKMeans
{
    public static Clustering Fit(IReadOnlyList<double[]> points, int clusters, int seed, int starts = 1,
                                 KMeansPlusPlusDraw draw = KMeansPlusPlusDraw.Choice,
                                 int maxIterations = KMeans.DefaultMaxIterations, double tolerance = KMeans.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (clusters < 1) throw new ArgumentOutOfRangeException(nameof(clusters), clusters, "k-means needs at least one cluster.");
        if (points.Count < clusters)
            throw new ArgumentException($"k-means with {clusters} clusters needs at least {clusters} points, got {points.Count}.", nameof(points));
        if (starts < 1) throw new ArgumentOutOfRangeException(nameof(starts), starts, "k-means needs at least one start.");
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "numpy's RandomState takes seeds from 0 to 2³²−1.");
        int n = points.Count, dim = points[0].Length;
        if (points.Any(p => p.Length != dim)) throw new ArgumentException("k-means points differ in dimension.", nameof(points));
        if (points.Any(p => p.Any(x => !double.IsFinite(x)))) throw new ArgumentException("k-means points contain a non-finite value.", nameof(points));

        double threshold = tolerance == 0 ? 0 : KMeans.MeanVariance(points) * tolerance;
        var mean = new double[dim];
        foreach (var p in points)
            for (int d = 0; d < dim; d++) mean[d] += p[d];
        for (int d = 0; d < dim; d++) mean[d] /= n;
        var x = points.Select(p => p.Select((v, d) => v - mean[d]).ToArray()).ToArray();
        var norms = x.Select(p => Dot(p, p)).ToArray();

        var random = new NumpyRandomState((uint)seed);
        Clustering? best = null;
        for (int s = 0; s < starts; s++)
        {
            var run = Lloyd(x, PlusPlus(x, norms, clusters, random, draw), maxIterations, threshold);
            if (best is null || (run.Inertia < best.Inertia && !SamePartition(run.Labels, best.Labels, clusters))) best = run;
        }

        var centres = best!.Centres.Select(c => c.Select((v, d) => v + mean[d]).ToArray()).ToArray();
        return best with { Centres = centres };
    }

    /// <summary>scikit-learn's _kmeans_plusplus on centred points with unit weights; returns the chosen points' indices' copies.</summary>
    internal static double[][] PlusPlus(double[][] x, double[] norms, int clusters, NumpyRandomState random, KMeansPlusPlusDraw draw)
    {
        int n = x.Length;
        int trials = 2 + (int)Math.Log(clusters);
        var centres = new double[clusters][];
        int first = draw == KMeansPlusPlusDraw.RandInt
            ? (int)random.RandInt(n)
            : random.Choice(Enumerable.Repeat(1.0 / n, n).ToArray()); // w/Σw with unit weights: Σ of n ones is exactly n
        centres[0] = x[first];
        var closest = Distances(x[first], x, norms);
        double potential = closest.Sum();
        var cumulative = new double[n];
        for (int c = 1; c < clusters; c++)
        {
            var targets = new double[trials];
            for (int t = 0; t < trials; t++) targets[t] = random.RandomSample() * potential;
            double running = 0;
            for (int i = 0; i < n; i++) cumulative[i] = running += closest[i];

            double[]? bestDistances = null;
            int bestCandidate = -1;
            double bestPotential = 0;
            for (int t = 0; t < trials; t++)
            {
                int candidate = Math.Min(LeftSearch(cumulative, targets[t]), n - 1);
                var distances = Distances(x[candidate], x, norms);
                double sum = 0;
                for (int i = 0; i < n; i++) sum += distances[i] = Math.Min(closest[i], distances[i]);
                if (bestDistances is null || sum < bestPotential) { bestPotential = sum; bestCandidate = candidate; bestDistances = distances; }
            }

            centres[c] = x[bestCandidate];
            closest = bestDistances!;
            potential = bestPotential;
        }

        return centres.Select(c => (double[])c.Clone()).ToArray();
    }

    private static Clustering Lloyd(double[][] x, double[][] centres, int maxIterations, double threshold)
    {
        int n = x.Length, k = centres.Length;
        var labels = Enumerable.Repeat(-1, n).ToArray();
        var previous = (int[])labels.Clone();
        bool strict = false;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var updated = Step(x, centres, labels);
            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                double d = Math.Sqrt(Unrolled(updated[c], centres[c]));
                shift += d * d;
            }

            centres = updated;
            if (labels.AsSpan().SequenceEqual(previous)) { strict = true; break; }
            if (shift <= threshold) break;
            labels.CopyTo(previous, 0);
        }

        if (!strict) Assign(x, centres, labels);
        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += Unrolled(x[i], centres[labels[i]]);
        return new Clustering(labels, centres, inertia);
    }

    /// <summary>One Lloyd iteration: E-step with the old centres, then their means (scikit-learn's lloyd_iter_chunked_dense).</summary>
    private static double[][] Step(double[][] x, double[][] old, int[] labels)
    {
        int n = x.Length, k = old.Length, dim = x[0].Length;
        Assign(x, old, labels);
        var sums = new double[k][];
        for (int c = 0; c < k; c++) sums[c] = new double[dim];
        var weights = new double[k];
        for (int i = 0; i < n; i++)
        {
            weights[labels[i]] += 1.0;
            for (int d = 0; d < dim; d++) sums[labels[i]][d] += x[i][d];
        }

        var empty = Enumerable.Range(0, k).Where(c => weights[c] == 0).ToArray();
        if (empty.Length > 0)
        {
            // _relocate_empty_clusters_dense: the points farthest from their own (old) centre, farthest first.
            var far = Enumerable.Range(0, n).Select(i => (i, d: Squared(x[i], old[labels[i]])))
                .OrderByDescending(p => p.d).Take(empty.Length).Select(p => p.i).ToArray();
            for (int e = 0; e < empty.Length; e++)
            {
                int point = far[e], from = labels[point], to = empty[e];
                for (int d = 0; d < dim; d++)
                {
                    sums[from][d] -= x[point][d];
                    sums[to][d] = x[point][d];
                }

                weights[to] = 1.0;
                weights[from] -= 1.0;
            }
        }

        for (int c = 0; c < k; c++)
        {
            if (weights[c] > 0)
            {
                double alpha = 1.0 / weights[c];
                for (int d = 0; d < dim; d++) sums[c][d] *= alpha;
            }
        }

        return sums;
    }

    private static void Assign(double[][] x, double[][] centres, int[] labels)
    {
        var centreNorms = centres.Select(c => Dot(c, c)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            int label = 0;
            double min = centreNorms[0] + -2.0 * Dot(x[i], centres[0]);
            for (int c = 1; c < centres.Length; c++)
            {
                double distance = centreNorms[c] + -2.0 * Dot(x[i], centres[c]);
                if (distance < min) { min = distance; label = c; }
            }

            labels[i] = label;
        }
    }

    // _euclidean_distances(a, X, Y_norm_squared, squared=True): max(−2·a·x + ‖a‖² + ‖x‖², 0)
    private static double[] Distances(double[] a, double[][] x, double[] norms)
    {
        double aa = Dot(a, a);
        return x.Select((p, i) => Math.Max(-2.0 * Dot(a, p) + aa + norms[i], 0)).ToArray();
    }

    private static int LeftSearch(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }

        return lo;
    }

    // scikit-learn's _euclidean_dense_dense, squared, with its four-way unrolled sum.
    private static double Unrolled(double[] a, double[] b)
    {
        int quads = a.Length / 4;
        double result = 0;
        for (int q = 0; q < quads; q++)
        {
            int o = 4 * q;
            result += (a[o] - b[o]) * (a[o] - b[o]) + (a[o + 1] - b[o + 1]) * (a[o + 1] - b[o + 1])
                    + (a[o + 2] - b[o + 2]) * (a[o + 2] - b[o + 2]) + (a[o + 3] - b[o + 3]) * (a[o + 3] - b[o + 3]);
        }

        for (int d = 4 * quads; d < a.Length; d++) result += (a[d] - b[d]) * (a[d] - b[d]);
        return result;
    }

    private static double Squared(double[] a, double[] b)
    {
        double sum = 0;
        for (int d = 0; d < a.Length; d++) sum += (a[d] - b[d]) * (a[d] - b[d]);
        return sum;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int d = 0; d < a.Length; d++) sum += a[d] * b[d];
        return sum;
    }

    // scikit-learn's _is_same_clustering: one partition relabelled.
    private static bool SamePartition(int[] a, int[] b, int clusters)
    {
        var map = Enumerable.Repeat(-1, clusters).ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            if (map[a[i]] == -1) map[a[i]] = b[i];
            else if (map[a[i]] != b[i]) return false;
        }

        return true;
    }
}
