namespace NmfGrid.Coordinator.Config;

/// <summary>
/// Expands a primary config and its overrides into sweep points: the Cartesian product of every sweep
/// dimension, in the order given, the last varying fastest (Hydra's basic sweeper); a zip() override is one
/// dimension whose keys move together. Sweeps can also be written in the primary file under
/// `sweep.params` (key: "sweep text"); a command-line override of the same key wins.
/// Every point is composed here, so every config error surfaces before the first job runs.
/// </summary>
public static class SweepPlanner
{
    /// <param name="configDirs">folders to look for config groups in after the primary file's own (`--config-dir`).</param>
    /// <param name="registered">Groups whose options the code supplies besides their folders' files (<see cref="RegisteredOptions"/>).</param>
    public static IReadOnlyList<SweepPoint> Plan(string primaryPath, IReadOnlyList<string> overrideTexts, bool multirun, DateTimeOffset now,
                                                 IReadOnlyList<string>? configDirs = null, IReadOnlyList<RegisteredOptions>? registered = null)
    {
        var composer = new ConfigComposer(primaryPath, configDirs, registered);
        var overrides = FileSweeps(composer).ToList();
        foreach (var o in overrideTexts.Select(OverrideParser.Parse))
        {
            overrides.RemoveAll(existing => existing.Keys.Intersect(o.Keys).Any());
            overrides.Add(o);
        }
        if (!multirun && overrides.FirstOrDefault(o => o.IsSweep) is { } sweep)
        {
            throw new ConfigException(sweep.Where, "this override is a sweep; run with --multirun (-m) to expand it");
        }
        var points = new List<SweepPoint>();
        var dimensions = overrides.Select(o => o.Choices.Count == 0 ? 1 : o.Choices.Count).ToArray();
        var total = dimensions.Aggregate(1L, (a, b) => a * b);
        if (total > 1_000_000)
        {
            throw new ConfigException(null, $"the sweep has {total} points; more than 1,000,000 is almost certainly a mistake");
        }
        var picks = new int[overrides.Count];
        for (var index = 0; index < total; index++)
        {
            var chosen = overrides.Select((o, i) => o.Choices.Count == 0 ? o : o.Pick(picks[i])).ToArray();
            var labels = overrides.Select((o, i) => (o, i)).Where(x => x.o.IsSweep)
                .SelectMany(x => x.o.Keys.Select((k, j) => $"{k}={ScalarText.Format(x.o.Choices[picks[x.i]][j])}"))
                .ToArray();
            points.Add(new SweepPoint(index, labels, composer.Compose(chosen, now)));
            for (var d = picks.Length - 1; d >= 0; d--)
            {
                if (++picks[d] < dimensions[d])
                {
                    break;
                }
                picks[d] = 0;
            }
        }
        return points;
    }

    private static IEnumerable<Override> FileSweeps(ConfigComposer composer)
    {
        if (!composer.Primary.Root.TryGet("sweep.params", out var raw) || raw is null)
        {
            yield break;
        }
        var where = composer.Primary.Locations.GetValueOrDefault("sweep.params");
        if (raw is not ConfigMap parameters)
        {
            throw new ConfigException(where, "'sweep.params' must map keys to sweep strings, e.g. algorithm.rank: 10,20");
        }
        foreach (var (key, value) in parameters)
        {
            var text = value is List<object?> list ? string.Join(",", list.Select(ScalarText.Format)) : ScalarText.Format(value);
            Override parsed;
            try
            {
                parsed = OverrideParser.Parse($"{key}={text}");
            }
            catch (ConfigException e)
            {
                throw new ConfigException(composer.Primary.Locations.GetValueOrDefault($"sweep.params.{key}"), e.Message);
            }
            var line = composer.Primary.Locations.GetValueOrDefault($"sweep.params.{key}");
            yield return parsed with
            {
                IsSweep = parsed.Choices.Count > 1 || parsed.IsSweep,
                WrittenAt = line,
            };
        }
    }
}
