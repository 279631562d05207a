using System.Diagnostics;
using NmfGrid.Tasks.External;

namespace NmfGrid.Tasks.Tests.External;

/// <summary>
/// The Python the external-model tests run (Debian's /usr/bin/python3 with numpy and scikit-learn, which test.sh
/// installs; else the first python3 on PATH that imports numpy) and the model scripts copied beside the tests.
/// </summary>
public static class PythonModels
{
    private static readonly Lazy<string> Interpreter = new(Find);

    public static string Python => Interpreter.Value;

    /// <summary>A file of the repository's python/ folder, as copied to the test output.</summary>
    public static string Script(string relative) => Path.Combine(AppContext.BaseDirectory, "python", relative);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "external", name);

    public static ExternalModel Model(string script, string parametersJson = "{}", TimeSpan? timeout = null,
                                      IReadOnlyDictionary<string, string>? environment = null) =>
        new($"{Python} '{script}'", null, environment ?? new Dictionary<string, string>(), parametersJson, timeout);

    private static string Find()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import numpy, sklearn"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                })!;
                probe.WaitForExit();
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        throw new InvalidOperationException("The external-model tests need python3 with numpy and scikit-learn: apt-get install -y python3-numpy python3-sklearn (test.sh does).");
    }
}
