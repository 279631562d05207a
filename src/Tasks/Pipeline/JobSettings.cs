namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// A configuration point's settings, parsed and checked once: the task with its typed settings, the NMF settings,
/// the dataset's section and whether factorisations are cached. A sweep builds one per point before its first job
/// (errors name the key); a worker builds one per point it runs, and every job of the point reads it.
/// </summary>
public sealed record JobSettings(IMirTask Task, ITaskSettings TaskSettings, NmfSettings Nmf, ConfigSection Dataset, bool CacheFactors)
{
    /// <summary>Reads and checks a point's config, in the order a user fixes it: the task, its settings, the algorithm, their pairing.</summary>
    public static JobSettings Parse(JobConfig config)
    {
        if (!config.Task.Has("name")) throw new ConfigKeyException(config.Task.Key("name"), "is required");
        var task = TaskRegistry.Get(config.TaskName);
        var settings = task.Parse(config.Task);
        var nmf = NmfSettings.From(config.Algorithm, seed: 0);
        TensorStep.CheckPairing(task, settings, nmf);
        return new JobSettings(task, settings, nmf, config.Dataset, config.Run.GetBool("cache_factors", true));
    }

    /// <summary>The NMF settings of one job of the point: the point's, with the job's seed.</summary>
    public NmfSettings NmfFor(int seed) => Nmf with { Options = Nmf.Options with { Seed = seed } };
}
