namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// A chaos run that went wrong: says the seed (to replay it: NMFGRID_CHAOS_SEED), the schedule, what failed, and the
/// processes' output.
/// </summary>
internal sealed class ChaosFailure(ChaosSchedule schedule, string what, string transcript)
    : Exception($"{what}\nreplay with NMFGRID_CHAOS_SEED={schedule.Seed} NMFGRID_CHAOS_KILLS={schedule.Kills.Count}; {schedule}\n--- output ---\n{transcript}");
