using Microsoft.Extensions.Hosting;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The embedded grid's host lives exactly as long as the command that started it. The default console lifetime
/// would also catch Ctrl-C and stop the actor system under the command's feet (the command then waited a minute
/// on a dead coordinator); here the command alone handles signals (see Commands.SignalCancellation) and stops
/// the host when it is done.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
