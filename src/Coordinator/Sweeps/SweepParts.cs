using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// A sweep too large for one message goes to the coordinator in parts: each part is the same sweep (id,
/// name, attempts, lease) with a share of its jobs, submitted one after the other, and the coordinator merges
/// the parts of one sweep id into one definition. One part is one journal event too, so no event grows with
/// the sweep. Merging is also what resubmitting a known sweep does: its jobs are already there.
/// </summary>
public static class SweepParts
{
    /// <summary>The known definition with the part's jobs and points it lacks appended; the part's attempts and lease win.</summary>
    public static SweepDefinition Merge(SweepDefinition known, SweepDefinition part)
    {
        if (known.SweepId != part.SweepId)
        {
            throw new ArgumentException($"cannot merge part of sweep {part.SweepId} into sweep {known.SweepId}", nameof(part));
        }

        var ids = known.Jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        var added = part.Jobs.Where(j => ids.Add(j.JobId)).ToArray();
        var indices = (known.Points ?? []).Select(p => p.Index).ToHashSet();
        var points = (part.Points ?? []).Where(p => indices.Add(p.Index)).ToArray();
        return part with
        {
            Jobs = added.Length == 0 ? known.Jobs : [.. known.Jobs, .. added],
            Points = points.Length == 0 ? known.Points : [.. known.Points ?? [], .. points],
        };
    }

    /// <summary>
    /// Splits the sweep into as few parts of consecutive jobs as keep each part's <paramref name="size"/>
    /// within <paramref name="limit"/>; the sweep itself when it fits. Fails, naming the job, when one job alone
    /// is over the limit. The parts are made when read, each a new one: a submission that sends them one after the other
    /// holds one part's specs at a time, not a copy of the whole sweep's (a planned sweep's jobs are a compact
    /// <see cref="JobTable"/>, whose specs are decoded when read).
    /// </summary>
    public static IReadOnlyList<SweepDefinition> Split(SweepDefinition sweep, Func<SweepDefinition, long> size, long limit)
    {
        var whole = size(sweep);
        if (whole <= limit || sweep.Jobs.Count <= 1)
        {
            return whole <= limit ? [sweep] : throw TooLarge(sweep, sweep.Jobs[0], whole, limit);
        }

        for (var count = (int)Math.Min(sweep.Jobs.Count, whole / limit + 1); ; count = Math.Min(sweep.Jobs.Count, count * 2))
        {
            var parts = new Parts(sweep, (sweep.Jobs.Count + count - 1) / count);
            var over = parts.FirstOrDefault(p => size(p) > limit);
            if (over is null)
            {
                return parts;
            }

            if (over.Jobs.Count == 1)
            {
                throw TooLarge(sweep, over.Jobs[0], size(over), limit);
            }
        }
    }

    /// <summary>The sweep's jobs in parts of <paramref name="PerPart"/> consecutive jobs (the last may be shorter), each made when read.</summary>
    private sealed record Parts(SweepDefinition Sweep, int PerPart) : IReadOnlyList<SweepDefinition>
    {
        public int Count => (Sweep.Jobs.Count + PerPart - 1) / PerPart;

        public SweepDefinition this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                var jobs = new JobSpec[Math.Min(PerPart, Sweep.Jobs.Count - index * PerPart)];
                for (var i = 0; i < jobs.Length; i++)
                {
                    jobs[i] = Sweep.Jobs[index * PerPart + i];
                }
                return Sweep with { Jobs = jobs, Points = PointsOf(Sweep, jobs) };
            }
        }

        public IEnumerator<SweepDefinition> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The points <paramref name="jobs"/> run, so that each part carries the configs of its own jobs only.</summary>
    private static IReadOnlyList<PointSpec>? PointsOf(SweepDefinition sweep, JobSpec[] jobs)
    {
        var indices = jobs.Select(j => j.PointIndex).ToHashSet();
        return sweep.Points?.Where(p => indices.Contains(p.Index)).ToArray();
    }

    private static ArgumentException TooLarge(SweepDefinition sweep, JobSpec job, long size, long limit) =>
        new($"sweep {sweep.SweepId}: job {job.JobId} ({job.PointLabel}, track {job.TrackId}) alone is {size} bytes as a message, " +
            $"over the limit of {limit} bytes", nameof(sweep));
}
