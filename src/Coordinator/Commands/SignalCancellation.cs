using System.Runtime.InteropServices;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancelled token for as long as it lives, instead of letting
/// the runtime kill the process mid-write. System.CommandLine 2.0 does this only when the caller sets
/// InvocationConfiguration.ProcessTerminationTimeout, which a plain Parse(args).Invoke() does not.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    public SignalCancellation(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The shell's code for the signal received: 128 + 2 for SIGINT, 128 + 15 for SIGTERM; 130 when cancelled otherwise.</summary>
    public int ExitCode { get; private set; } = 130;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // keep the process alive until the run has stopped and cleaned up
        ExitCode = context.Signal == PosixSignal.SIGTERM ? 143 : 130;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
