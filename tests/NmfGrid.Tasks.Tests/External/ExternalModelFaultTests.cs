using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.External;

namespace NmfGrid.Tasks.Tests.External;

/// <summary>
/// Issue 13 §1: every way an external model can fail is a failure of that job alone, with a message naming the command;
/// nothing hangs, the job's folder is deleted, and a process in an unknown state is killed so the next job gets a
/// fresh one. Each test runs a real Python process (Fixtures/external/faulty_model.py, its mode chosen by params).
/// </summary>
public sealed class ExternalModelFaultTests : IDisposable
{
    private readonly ExternalProcessPool _pool = new();
    private readonly IBlas _blas = new ManagedBlas();
    private readonly string _record = Path.Combine(Directory.CreateTempSubdirectory("nmfgrid-external-test-").FullName, "record.txt");
    private readonly NmfOptions _options = new() { Rank = 2, Beta = 1.0, MaxIterations = 5 };
    private readonly Matrix<double> _v = Matrix<double>.Build.Dense(6, 8, (i, j) => 1 + i + j);
    private readonly Matrix<double> _w0 = Matrix<double>.Build.Dense(6, 2, (i, j) => 1 + i * j);
    private readonly Matrix<double> _h0 = Matrix<double>.Build.Dense(2, 8, (i, j) => 1 + i + 2 * j);

    public void Dispose()
    {
        _pool.Clear();
        Directory.Delete(Path.GetDirectoryName(_record)!, recursive: true);
    }

    private ExternalModel Model(string mode, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) =>
        PythonModels.Model(PythonModels.Fixture("faulty_model.py"),
                           $$"""{"mode": "{{mode}}", "record": "{{_record}}"}""", timeout, environment);

    private NmfResult<double> Run(ExternalModel model, CancellationToken cancellation = default) =>
        new ExternalAlgorithm(model, _pool).Run(_v, _w0, _h0, _options, _blas, cancellation);

    /// <summary>The (process id, V path) of every job the model saw.</summary>
    private (int Process, string V)[] Jobs() =>
        File.Exists(_record)
            ? File.ReadAllLines(_record).Select(l => l.Split(' ', 2)).Select(p => (int.Parse(p[0]), p[1])).ToArray()
            : [];

    private void AssertFoldersDeleted() =>
        Assert.All(Jobs(), job => Assert.False(Directory.Exists(Path.GetDirectoryName(job.V)), $"{job.V}'s folder is left behind"));

    private static bool IsAlive(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Fact]
    public void A_healthy_model_serves_job_after_job_from_one_process_and_leaves_no_folder()
    {
        Run(Model("ok"));
        Run(Model("print"));
        Run(Model("ok"));

        var jobs = Jobs();
        Assert.Equal(3, jobs.Length);
        Assert.Single(jobs.Select(j => j.Process).Distinct());
        Assert.Equal(1, _pool.Count);
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_model_does_not_inherit_the_grids_secrets_unless_its_environment_names_them()
    {
        var seen = Path.Combine(Path.GetDirectoryName(_record)!, "environment.txt");
        var names = ExternalProcess.WithheldVariables;
        var before = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in names) Environment.SetEnvironmentVariable(name, "secret-" + name);
            Environment.SetEnvironmentVariable("NMFGRID_TEST_INHERITED", "yes");
            var model = PythonModels.Model(PythonModels.Fixture("faulty_model.py"), $$"""{"environment_record": "{{seen}}"}""", null,
                                           new Dictionary<string, string> { ["PGPASSWORD"] = "given-on-purpose" });
            Run(model);
        }
        finally
        {
            foreach (var (name, value) in before) Environment.SetEnvironmentVariable(name, value);
            Environment.SetEnvironmentVariable("NMFGRID_TEST_INHERITED", null);
        }

        var environment = File.ReadAllLines(seen);
        Assert.Contains("NMFGRID_TEST_INHERITED=yes", environment); // the rest of the environment is inherited
        Assert.Contains("PGPASSWORD=given-on-purpose", environment); // what the model's section names, it gets
        Assert.DoesNotContain(environment, line => line.Contains("secret-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_command_that_does_not_exist_names_the_command_and_the_host()
    {
        var model = new ExternalModel("nmfgrid-no-such-model --rank 3", null, new Dictionary<string, string>(), "{}", null);

        var error = Assert.Throws<ExternalModelException>(() => Run(model));

        Assert.Contains("'nmfgrid-no-such-model --rank 3'", error.Message);
        Assert.Contains(Environment.MachineName, error.Message);
        Assert.Equal(0, _pool.Count);
    }

    [Fact]
    public void A_model_that_exits_before_greeting_fails_the_job_with_its_exit_code_and_stderr()
    {
        var error = Assert.Throws<ExternalModelException>(() => Run(Model("ok", environment: new Dictionary<string, string> { ["NMFGRID_TEST_GREETING"] = "exit" })));

        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("cannot start: missing licence", error.Message);
        Assert.Contains("faulty_model.py", error.Message);
    }

    [Fact]
    public void A_model_that_crashes_fails_its_job_and_the_next_job_gets_a_fresh_process()
    {
        Run(Model("ok"));
        var error = Assert.Throws<ExternalModelException>(() => Run(Model("crash")));
        Run(Model("ok"));

        Assert.Contains("exited with code 7", error.Message);
        Assert.Contains("about to crash", error.Message);
        var jobs = Jobs();
        Assert.Equal(jobs[0].Process, jobs[1].Process);
        Assert.NotEqual(jobs[1].Process, jobs[2].Process);
        Assert.False(IsAlive(jobs[1].Process));
        Assert.Equal(1, _pool.Count);
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_line_that_is_not_JSON_fails_the_job_and_the_process_is_replaced()
    {
        Run(Model("ok"));
        var error = Assert.Throws<ExternalModelException>(() => Run(Model("garbage")));

        Assert.Contains("'this is not json'", error.Message);
        Assert.Contains("not a protocol reply", error.Message);
        Assert.False(IsAlive(Jobs()[1].Process));
        Assert.Equal(0, _pool.Count);
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_reply_of_another_protocol_version_fails_the_job()
    {
        var error = Assert.Throws<ExternalModelException>(() => Run(Model("version")));

        Assert.Contains("speaks protocol version 2; this NmfGrid speaks version 1", error.Message);
        Assert.Equal(0, _pool.Count);
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_greeting_of_another_protocol_version_fails_the_job()
    {
        var error = Assert.Throws<ExternalModelException>(() => Run(Model("ok", environment: new Dictionary<string, string> { ["NMFGRID_TEST_GREETING"] = "version" })));

        Assert.Contains("speaks protocol version 2", error.Message);
        Assert.Equal(0, _pool.Count);
    }

    [Theory]
    [InlineData("nan", "W[1, 0] = NaN is NaN")]
    [InlineData("negative", "H[0, 2] = -1 is negative")]
    [InlineData("shape", "returned H of shape (2, 7); it must be (2, 8)")]
    public void Unusable_factors_fail_the_job_but_the_sound_process_serves_the_next(string mode, string expected)
    {
        var error = Assert.Throws<ExternalModelException>(() => Run(Model(mode)));
        Run(Model("ok"));

        Assert.Contains(expected, error.Message);
        Assert.Contains("faulty_model.py", error.Message);
        Assert.Single(Jobs().Select(j => j.Process).Distinct());
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_model_that_changes_fixed_templates_fails_the_job()
    {
        var error = Assert.Throws<ExternalModelException>(() =>
            new ExternalAlgorithm(Model("fixed"), _pool).Run(_v, _w0, _h0, _options with { FixedTemplates = [1] }, _blas));

        Assert.Contains("changed template 1 of W", error.Message);
    }

    [Fact]
    public void An_exception_in_the_model_fails_the_job_with_its_message_and_the_process_lives_on()
    {
        var error = Assert.Throws<ExternalModelException>(() => Run(Model("raise")));
        Run(Model("ok"));

        Assert.Contains("RuntimeError: the model gave up on purpose", error.Message);
        Assert.Single(Jobs().Select(j => j.Process).Distinct());
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_model_past_its_timeout_is_killed_and_the_slot_is_free_for_the_next_job()
    {
        Run(Model("ok")); // started and greeted: the limit below times the job alone, however slow the start
        var error = Assert.Throws<TimeoutException>(() => Run(Model("sleep", timeout: TimeSpan.FromSeconds(1))));
        Run(Model("ok"));

        Assert.Contains("gave no reply within 1 s", error.Message);
        var jobs = Jobs();
        Assert.Equal(jobs[0].Process, jobs[1].Process);
        Assert.False(IsAlive(jobs[1].Process));
        Assert.Equal(1, _pool.Count);
        AssertFoldersDeleted();
    }

    [Fact]
    public void A_job_cancelled_by_its_worker_kills_the_model()
    {
        Run(Model("ok"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.ThrowsAny<OperationCanceledException>(() => Run(Model("sleep"), cancel.Token));

        var jobs = Jobs();
        Assert.False(IsAlive(jobs[1].Process));
        Assert.Equal(0, _pool.Count);
        AssertFoldersDeleted();
    }
}
