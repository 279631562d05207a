using System.Text.Json;
using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

/// <summary>
/// <see cref="ScikitLearnKMeans"/> against Fixtures/sklearn-kmeans (make_fixtures.py there): Debian's scikit-learn 1.2.1
/// (randint draw, 1 and 10 starts) and the seed's pinned 1.7 draw (choice) as seed_pipeline.py replays it.
/// </summary>
public class ScikitLearnKMeansTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sklearn-kmeans");

    public static IEnumerable<object[]> Cases =>
        from file in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal)
        from variant in new[] { "randint_n_init1", "randint_n_init10", "choice_n_init1" }
        select new object[] { Path.GetFileNameWithoutExtension(file), variant };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Labels_are_identical_and_centres_match(string name, string variant)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        var root = document.RootElement;
        var points = Rows(root.GetProperty("points"));
        var expected = root.GetProperty(variant);
        var draw = variant.StartsWith("randint", StringComparison.Ordinal) ? KMeansPlusPlusDraw.RandInt : KMeansPlusPlusDraw.Choice;
        int starts = variant.EndsWith("10", StringComparison.Ordinal) ? 10 : 1;

        var clustering = ScikitLearnKMeans.Fit(points, root.GetProperty("clusters").GetInt32(), seed: 0, starts, draw);

        Assert.Equal(expected.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()), clustering.Labels);
        var centres = Rows(expected.GetProperty("centres"));
        for (int c = 0; c < centres.Length; c++)
            for (int d = 0; d < centres[c].Length; d++)
                Assert.Equal(centres[c][d], clustering.Centres[c][d], 1e-9);
        double inertia = expected.GetProperty("inertia").GetDouble();
        Assert.Equal(inertia, clustering.Inertia, 1e-9 * Math.Max(1, inertia));
    }

    [Fact]
    public void The_two_draws_differ_and_NmfGrids_own_k_means_is_another_stream()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "gaussian_200x5.json")));
        var points = Rows(document.RootElement.GetProperty("points"));
        var choice = ScikitLearnKMeans.Fit(points, 4, 0, draw: KMeansPlusPlusDraw.Choice).Labels;
        var randint = ScikitLearnKMeans.Fit(points, 4, 0, draw: KMeansPlusPlusDraw.RandInt).Labels;
        Assert.NotEqual(choice, randint);
        Assert.NotEqual(choice, KMeans.Fit(points, 4, 0).Labels);
    }

    [Fact]
    public void A_negative_seed_is_refused_because_numpy_refuses_it() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScikitLearnKMeans.Fit([[0.0], [1.0]], 2, -1));

    private static double[][] Rows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
}
