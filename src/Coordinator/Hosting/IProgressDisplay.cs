namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Shows a sweep's progress while <see cref="SweepSession.Follow"/> polls the coordinator: a live panel on a
/// terminal (<see cref="LiveProgressDisplay"/>), plain lines in a log (<see cref="LogProgressDisplay"/>).
/// </summary>
public interface IProgressDisplay
{
    /// <summary>Runs the follow loop inside the display (a live display owns the terminal for that long).</summary>
    Task<bool> Run(Func<Task<bool>> follow);

    /// <summary>A new reading; <paramref name="final"/> when the sweep has finished or following stops.</summary>
    void Update(ProgressReading reading, bool final);
}

public static class ProgressDisplay
{
    /// <summary>The live display when <paramref name="output"/> is an interactive terminal, plain lines otherwise.</summary>
    public static IProgressDisplay For(TextWriter output, Messages.SweepDefinition sweep) =>
        !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out)
            ? new LiveProgressDisplay(Spectre.Console.AnsiConsole.Console, $"{sweep.SweepId} · {sweep.Name}")
            : new LogProgressDisplay(output);
}
