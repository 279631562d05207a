using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>A sweep is named for what it runs: its tasks and datasets, never "mixed".</summary>
public sealed class SweepSubjectTests
{
    [Fact]
    public void One_task_on_one_dataset_keeps_the_seeds_folder_names()
    {
        var subject = SweepSubject.Of([("transcription", "maps"), ("transcription", "maps")]);

        Assert.Equal(("transcription", "maps"), (subject.Task, subject.Dataset));
        Assert.Equal("transcription on maps", subject.Description);
    }

    [Fact]
    public void A_zip_of_tasks_and_datasets_is_described_pair_by_pair_and_its_folders_join_the_names()
    {
        var subject = SweepSubject.Of([("separation", "musdb18hq"), ("transcription", "maps"), ("structure", "rwcpop")]);

        Assert.Equal("separation on musdb18hq, transcription on maps, structure on rwcpop", subject.Description);
        Assert.Equal("separation+transcription+structure", subject.Task);
        Assert.Equal("musdb18hq+maps+rwcpop", subject.Dataset);
    }

    [Fact]
    public void A_task_on_several_datasets_lists_them_once_each()
    {
        var subject = SweepSubject.Of([("structure", "beatles"), ("structure", "rwcpop"), ("structure", "salami"), ("structure", "beatles")]);

        Assert.Equal("structure on beatles, rwcpop and salami", subject.Description);
        Assert.Equal(("structure", "beatles+rwcpop+salami"), (subject.Task, subject.Dataset));
    }

    [Fact]
    public void A_sweep_whose_configs_name_no_task_is_filed_under_its_own_task()
    {
        var subject = SweepSubject.Of(SweepLedgerTests.Sweep("s", 3)); // points' configs are "{}"

        Assert.Equal(("separation", "musdb18hq"), (subject.Task, subject.Dataset));
    }
}
