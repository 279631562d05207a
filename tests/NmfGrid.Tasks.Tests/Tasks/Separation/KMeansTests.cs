using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

public class KMeansTests
{
    private static double[][] ThreeBlobs(int seed)
    {
        var random = new Random(seed);
        double[][] centres = [[0, 0], [10, 0], [0, 10]];
        return Enumerable.Range(0, 30).Select(i => centres[i % 3].Select(c => c + random.NextDouble() - 0.5).ToArray()).ToArray();
    }

    [Fact]
    public void KMeans_recovers_three_well_separated_blobs()
    {
        var points = ThreeBlobs(1);
        var result = KMeans.Fit(points, 3, seed: 0, starts: 1);
        for (int i = 0; i < points.Length; i++)
        for (int j = 0; j < points.Length; j++)
            Assert.Equal(i % 3 == j % 3, result.Labels[i] == result.Labels[j]);
        Assert.True(result.Inertia < 30 * 0.5, $"inertia {result.Inertia}");
    }

    [Fact]
    public void KMeans_is_deterministic_for_a_seed()
    {
        var points = Enumerable.Range(0, 40).Select(i => new[] { Math.Sin(i * 1.7), Math.Cos(i * 0.3) }).ToArray();
        var a = KMeans.Fit(points, 4, seed: 5, starts: 3);
        var b = KMeans.Fit(points, 4, seed: 5, starts: 3);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Inertia, b.Inertia);
    }

    [Fact]
    public void KMeans_more_starts_never_give_a_higher_inertia()
    {
        var points = Enumerable.Range(0, 60).Select(i => new[] { Math.Sin(i * 1.3) * i, Math.Cos(i * 0.7) }).ToArray();
        var one = KMeans.Fit(points, 5, seed: 2, starts: 1);
        var many = KMeans.Fit(points, 5, seed: 2, starts: 10);
        Assert.True(many.Inertia <= one.Inertia);
    }

    [Fact]
    public void KMeans_rejects_fewer_points_than_clusters()
    {
        var error = Assert.Throws<ArgumentException>(() => KMeans.Fit([[1.0], [2.0]], 3, seed: 0));
        Assert.Contains("3 clusters", error.Message);
    }

    [Fact]
    public void RandIndex_is_one_for_relabelled_partitions_and_lower_otherwise()
    {
        Assert.Equal(1.0, ComponentFeatures.RandIndex([0, 0, 1, 1], [1, 1, 0, 0]));
        Assert.Equal(2.0 / 6, ComponentFeatures.RandIndex([0, 0, 1, 1], [0, 1, 0, 1]), 12);
    }
}
