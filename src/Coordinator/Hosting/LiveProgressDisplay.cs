using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Progress on an interactive terminal: a panel redrawn in place (Spectre.Console live display) with the job
/// counts as a bar, the rate, the ETA, the running mean of each task's headline metric and each host's share. What it draws is <see cref="Render"/>, a pure
/// function of the reading, so it is tested without a terminal.
/// </summary>
public sealed class LiveProgressDisplay(IAnsiConsole console, string title = "sweep") : IProgressDisplay
{
    private LiveDisplayContext? _context;

    public string Title { get; init; } = title;

    public Task<bool> Run(Func<Task<bool>> follow) =>
        console.Live(new Text("Waiting for the coordinator…"))
            .AutoClear(false) // the last state stays on screen above the summary
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                _context = context;
                try
                {
                    return await follow();
                }
                finally
                {
                    _context = null;
                }
            });

    public void Update(ProgressReading reading, bool final)
    {
        if (_context is { } context)
        {
            context.UpdateTarget(Render(reading, Title));
            context.Refresh();
        }
    }

    public static IRenderable Render(ProgressReading r, string title)
    {
        var p = r.Progress;
        var bar = new BreakdownChart().Width(60).HideTags();
        AddSegment(bar, p.Succeeded, Color.Green);
        AddSegment(bar, p.Failed, Color.Red);
        AddSegment(bar, p.Running, Color.Yellow);
        AddSegment(bar, p.Pending, Color.Grey);

        var counts = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{r.Done}/{p.Total}[/]  [green]{p.Succeeded} done[/]  [red]{p.Failed} failed[/]  [yellow]{p.Running} running[/]  [grey]{p.Pending} pending[/]"));
        var timing = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"{r.JobsPerSecond:0.00} jobs/s   elapsed {r.Elapsed:hh\\:mm\\:ss}   ETA {r.EtaText}"));
        var rows = new List<IRenderable> { counts, bar, timing };
        foreach (var (headline, mean) in r.HeadlineMeans)
        {
            rows.Add(new Markup(string.Create(CultureInfo.InvariantCulture,
                $"[bold]{Markup.Escape(headline.Metric)}[/] {mean:0.####}  [grey](mean so far, {(headline.LowerIsBetter ? "lower" : "higher")} is better)[/]")));
        }
        if (r.Hosts.Count > 0)
        {
            var hosts = new Table().Border(TableBorder.Simple).AddColumn("host").AddColumn(new TableColumn("done").RightAligned())
                .AddColumn(new TableColumn("jobs/s").RightAligned());
            foreach (var h in r.Hosts)
            {
                hosts.AddRow(Markup.Escape(h.Host), h.Succeeded.ToString(CultureInfo.InvariantCulture),
                             h.JobsPerSecond.ToString("0.00", CultureInfo.InvariantCulture));
            }
            rows.Add(hosts);
        }
        return new Panel(new Rows(rows)).Header(Markup.Escape(title)).Border(BoxBorder.Rounded).Expand();
    }

    private static void AddSegment(BreakdownChart bar, int count, Color color)
    {
        if (count > 0)
        {
            bar.AddItem("", count, color);
        }
    }
}
