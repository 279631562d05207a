using System.Runtime.InteropServices;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// A shell without job control (a script running `nmfgrid run … &amp;`, or `(nmfgrid run … &amp;)`) starts its
/// background commands with SIGINT ignored, and an ignored signal stays ignored across exec. .NET respects an
/// inherited SIG_IGN: it installs no handler for that signal, so a <see cref="PosixSignalRegistration"/> never
/// fires, and `kill -INT` then did nothing at all (the sweep ran to its end and exited 0). nmfgrid stops cleanly on
/// SIGINT and SIGTERM however it was started, so <see cref="Restore"/> puts an inherited SIG_IGN back to SIG_DFL.
/// It must run first thing in Main: .NET reads the disposition once, when its console or signal handling starts
/// (the first console write, process start or signal registration), and an ignored signal found then is
/// never handled later, whatever the disposition becomes.
/// </summary>
internal static class IgnoredStopSignals
{
    private const int SigInt = 2;   // the same numbers on Linux and macOS
    private const int SigTerm = 15;
    private static readonly IntPtr SigIgn = 1;

    // struct sigaction: 152 bytes on Linux x64/arm64, 16 on macOS; its first field is the handler on both.
    private const int SigactionSize = 512;

    /// <summary>Sets SIGINT and SIGTERM back to their default disposition where they were inherited ignored.</summary>
    public static void Restore()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var current = Marshal.AllocHGlobal(SigactionSize);
        var byDefault = Marshal.AllocHGlobal(SigactionSize);
        try
        {
            // All zero: SIG_DFL, no flags, nothing blocked.
            for (var i = 0; i < SigactionSize; i += sizeof(long)) Marshal.WriteInt64(byDefault, i, 0);
            foreach (var signal in new[] { SigInt, SigTerm })
            {
                if (sigaction(signal, IntPtr.Zero, current) != 0 || Marshal.ReadIntPtr(current) != SigIgn) continue;
                sigaction(signal, byDefault, IntPtr.Zero); // should it fail, the signal stays ignored, as before
            }
        }
        finally
        {
            Marshal.FreeHGlobal(current);
            Marshal.FreeHGlobal(byDefault);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sigaction(int signal, IntPtr action, IntPtr previous);
}
