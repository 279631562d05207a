using System.Globalization;
using System.Text;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// docs/algorithms.md lists every registered algorithm with its description and its own settings, as the registry
/// declares them: the table between the page's "registry" markers is made from <see cref="AlgorithmRegistry"/>, and
/// this test fails when the page and the registry differ (an algorithm or a parameter missing, a default changed).
/// After changing an algorithm, rewrite the table with NMFGRID_RECORD_DOCS=1 dotnet test --filter AlgorithmsPageTests.
/// </summary>
public class AlgorithmsPageTests
{
    private const string Begin = "<!-- registry: begin (made from AlgorithmRegistry by tests/NmfGrid.Compute.Tests/AlgorithmsPageTests.cs) -->";
    private const string End = "<!-- registry: end -->";

    [Fact]
    public void The_algorithms_page_lists_every_registered_algorithm_and_its_own_settings()
    {
        var path = PagePath();
        var page = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = page.IndexOf(Begin, StringComparison.Ordinal);
        var end = page.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no '{Begin}' … '{End}' section");
        var listed = page[(start + Begin.Length)..end];
        var table = "\n" + Table();

        if (Environment.GetEnvironmentVariable("NMFGRID_RECORD_DOCS") == "1")
        {
            File.WriteAllText(path, page[..(start + Begin.Length)] + table + page[end..]);
            return;
        }
        foreach (var algorithm in AlgorithmRegistry.Names.Select(AlgorithmRegistry.Get))
        {
            Assert.True(listed.Contains($"| `{algorithm.Name}` |", StringComparison.Ordinal),
                $"{path} does not list the registered algorithm '{algorithm.Name}' (NMFGRID_RECORD_DOCS=1 rewrites the table)");
            foreach (var parameter in algorithm.Parameters)
                Assert.True(listed.Contains(Setting(parameter), StringComparison.Ordinal),
                    $"{path} does not list '{algorithm.Name}'s setting '{parameter.Name}' as declared (NMFGRID_RECORD_DOCS=1 rewrites the table)");
        }
        Assert.Equal(table, listed);
    }

    /// <summary>One row per registered algorithm, in name order.</summary>
    private static string Table()
    {
        var md = new StringBuilder();
        md.Append("| algorithm | factorises | what it is | its own settings (`algorithm.<setting>`: default, range) |\n");
        md.Append("|---|---|---|---|\n");
        foreach (var algorithm in AlgorithmRegistry.Names.Select(AlgorithmRegistry.Get))
        {
            var settings = algorithm.Parameters.Count == 0 ? "none" : string.Join("<br>", algorithm.Parameters.Select(Setting));
            var input = TensorFactorization.IsTensorModel(algorithm) ? "3-way tensor" : "matrix";
            md.Append($"| `{algorithm.Name}` | {input} | {Escape(algorithm.Description)} | {settings} |\n");
        }
        return md.ToString();
    }

    private static string Setting(ModelParameter p) =>
        $"`{p.Name}`: {Number(p.Default)}, {(p.WholeNumber ? "whole, " : "")}[{Number(p.Minimum)}, {Number(p.Maximum)}]: {Escape(p.Description)}";

    /// <summary>Plain under 1e5, else 1e6, 1e-12; ∞ for no bound.</summary>
    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "−∞"
        : value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3) ? value.ToString("0.######e0", CultureInfo.InvariantCulture)
        : value.ToString("G", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string PagePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "algorithms.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "NmfGrid.sln"))) return candidate;
        }
        throw new FileNotFoundException("docs/algorithms.md not found above " + AppContext.BaseDirectory);
    }
}
