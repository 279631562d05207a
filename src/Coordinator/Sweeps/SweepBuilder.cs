using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// Turns planned sweep points into jobs, one per (point × track), after checking every point's task,
/// algorithm and dataset settings, so a config error stops the sweep before its first job. A job's id is a
/// hash of its resolved config (without the `run:` and `report:` sections, which say how to run and report, not what) and its track,
/// so the same work gets the same id in every sweep. Its seed is derived from what the model depends on
/// (<see cref="ModelSeed"/>): jobs that differ only in prediction or scoring keys share their factorisation.
/// </summary>
public static class SweepBuilder
{
    /// <summary>The sweep, what may make jobs fail (Warnings) and what is only worth knowing (Notes: e.g. the MAPS sets read).</summary>
    public sealed record Plan(SweepDefinition Sweep, IReadOnlyList<string> Warnings, RunSettings Run, IReadOnlyList<string> Notes);

    public static Plan Build(string name, IReadOnlyList<SweepPoint> points, bool prepareDatasets = true)
    {
        var scratch = new List<string>();
        try
        {
            return Build(name, points, prepareDatasets, scratch);
        }
        finally
        {
            scratch.ForEach(folder => Directory.Delete(folder, recursive: true));
        }
    }

    private static Plan Build(string name, IReadOnlyList<SweepPoint> points, bool prepareDatasets, List<string> scratch)
    {
        if (points.Count == 0)
        {
            throw new ConfigException(null, "the sweep has no points");
        }
        var warnings = new List<string>();
        var notes = new List<string>();
        var datasets = new Dictionary<string, (IDataset Dataset, IReadOnlyList<string> Ids)>();
        var jobs = new List<JobSpec>();
        var specs = new List<PointSpec>();
        foreach (var point in points)
        {
            var config = JobConfig.FromTree(point.Config.Root);
            var where = $"config point {point.Index} ({point.Label})";
            var settings = Checked(point, () => JobSettings.Parse(config));
            var task = settings.Task;
            var datasetName = Required(config.Dataset, "name");
            var root = Required(config.Dataset, "root");
            // Options other than the track selection (MUSDB18's subsets) change what the dataset holds.
            var datasetKey = CanonicalJson.Write(config.Dataset.Values.Where(p => p.Key != "tracks").ToDictionary(p => p.Key, p => p.Value));
            if (!datasets.TryGetValue(datasetKey, out var opened))
            {
                opened = Checked(point, () => OpenTracks(config.Dataset, datasetName, root, prepareDatasets, point.Config.LocationOf, scratch, warnings, notes));
                datasets[datasetKey] = opened;
            }
            var selected = SelectTracks(config.Dataset, opened.Ids, where);
            if (task is ISupervisedTask supervised && supervised.IsSupervised(settings.TaskSettings))
            {
                // Refused before the first job: no training material, or a scored track that is trained on.
                Checked(point, () => supervised.CheckTraining(opened.Dataset, selected, settings.TaskSettings));
            }
            var identity = point.Config.Root.Clone();
            identity.Remove("run");
            identity.Remove("report");
            specs.Add(new PointSpec("", point.Index, point.Label, CanonicalJson.Write(point.Config.Root)));
            var baseSeed = config.Run.GetInt("seed", point.Config.Root.TryGet("seed", out var s) && s is long l ? (int)l : 0);
            foreach (var trackId in selected)
            {
                var jobId = CanonicalJson.Hash(identity, datasetName, trackId);
                var seed = ModelSeed.Derive(point.Config.Root, task, datasetName, trackId, baseSeed);
                jobs.Add(new JobSpec(jobId, "", point.Index, point.Label, datasetName, trackId, seed));
            }
        }
        // report.baseline names one of these configurations; a wrong name stops the sweep now, not after its last job.
        ReportSettings.FromTree(points[0].Config.Root).BaselinePoint(points.Select(p => (p.Index, p.Label)).ToArray());
        var duplicates = jobs.GroupBy(j => j.JobId).Where(g => g.Count() > 1).Select(g => g.First()).ToArray();
        if (duplicates.Length > 0)
        {
            warnings.Add($"{Plural.Count(duplicates.Length, "job")} {(duplicates.Length == 1 ? "appears" : "appear")} twice in the sweep (two points resolve to the same config); each runs once");
            jobs = jobs.DistinctBy(j => j.JobId).ToList();
        }
        var run = RunSettings.From(JobConfig.FromTree(points[0].Config.Root).Run);
        var sweepId = CanonicalJson.Hash(name, string.Join(",", jobs.Select(j => j.JobId).Order(StringComparer.Ordinal)));
        var subject = SweepSubject.Of(points.Select(p => JobConfig.FromTree(p.Config.Root)).Select(c => (c.TaskName, c.DatasetName)));
        var sweep = new SweepDefinition(
            sweepId, name, subject.Task, subject.Dataset,
            // Held in columns (about 50 bytes a job, not 150): a 1,000,000-job plan stays in the process that follows it.
            JobTable.Of(jobs.Select(j => j with { SweepId = sweepId })),
            run.MaxAttempts,
            run.Lease,
            specs.Select(p => p with { SweepId = sweepId }).ToArray(),
            run.Share);
        return new Plan(sweep, warnings, run, notes);
    }

    private static (IDataset Dataset, IReadOnlyList<string> Ids) OpenTracks(ConfigSection section, string name, string root, bool prepare,
                                                                           Func<string, SourceLocation?> locationOf, List<string> scratchFolders,
                                                                           List<string> warnings, List<string> notes)
    {
        if (!Directory.Exists(root))
        {
            var request = SyntheticCorpusRequest.For(section, name, root, locationOf);
            if (!prepare)
            {
                // --plan: the corpus the run will generate, written to a scratch folder that Build deletes.
                var scratch = Directory.CreateTempSubdirectory("nmfgrid-plan-").FullName;
                scratchFolders.Add(scratch);
                request.Corpus.Write(scratch, request.Options);
                notes.Add($"{section.Key("root")} '{root}' does not exist yet: the run will generate a synthetic {name} corpus there");
                root = scratch;
            }
            else
            {
                request.Corpus.Write(root, request.Options);
                // An expected event the user asked for, so a note: warnings are for what may make jobs fail.
                notes.Add($"generated a synthetic {name} corpus ({Plural.Count(request.Options.Tracks, "track")}) in {root}");
            }
        }
        var dataset = DatasetRegistry.Open(name, root, section);
        var ids = dataset.TrackIds();
        if (ids.Count == 0)
        {
            throw new ConfigKeyException(section.Key("root"), $"dataset '{name}' at '{root}' has no tracks");
        }
        warnings.AddRange(dataset.Validate().Select(p => $"dataset problem (its track will fail): {p}"));
        notes.AddRange(dataset.Notes().Select(n => $"dataset {name}: {n}"));
        return (dataset, ids);
    }

    /// <summary>`dataset.tracks`: all (default), a count (the first N ids), or a list of ids.</summary>
    private static IReadOnlyList<string> SelectTracks(ConfigSection section, IReadOnlyList<string> ids, string where)
    {
        if (!section.Values.TryGetValue("tracks", out var tracks) || tracks is null or "all")
        {
            return ids;
        }
        return tracks switch
        {
            long n when n > 0 => ids.Take((int)n).ToArray(),
            List<object?> list => list.Select(item => item as string is { } id && ids.Contains(id)
                ? id
                : throw new ConfigKeyException(section.Key("tracks"), $"track '{item}' is not in the dataset ({where})")).ToArray(),
            _ => throw new ConfigKeyException(section.Key("tracks"), $"expected 'all', a positive count or a list of track ids, got '{tracks}'"),
        };
    }

    private static string Required(ConfigSection section, string key) =>
        section.Has(key) ? section.GetString(key, "") : throw new ConfigKeyException(section.Key(key), "is required");

    private static T Checked<T>(SweepPoint point, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is ConfigKeyException or ArgumentException)
        {
            var message = e.Message;
            throw new ConfigException(null, $"{message} (config point {point.Index}: {point.Label})");
        }
    }

    private static void Checked(SweepPoint point, Action check) => Checked<object?>(point, () =>
    {
        check();
        return null;
    });
}
