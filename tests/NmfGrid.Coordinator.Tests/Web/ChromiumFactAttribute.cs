namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>A fact that drives Debian's chromium (test.sh installs it); reported as skipped on a machine without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
            Skip = $"{Executable} is not installed (apt-get install chromium; test.sh does)";
    }
}
