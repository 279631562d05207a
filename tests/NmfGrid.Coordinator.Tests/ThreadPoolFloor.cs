using System.Runtime.CompilerServices;

namespace NmfGrid.Coordinator.Tests;

/// <summary>
/// The test process's thread pool starts with 64 threads ready instead of one per core. Akka's default dispatcher runs
/// every actor of every test's ActorSystem on this pool, while other test classes in the process block pool threads
/// (Ask(…).Result, process and cluster waits); on 2 cores a starved pool adds a thread about every half second. Twice a
/// full run saw a coordinator's first `SweepAccepted` miss its 30 s (SweepCoordinatorTests), where it takes
/// milliseconds, and never alone, not even beside a CPU hog: starvation is the suspected cause, this floor the guard.
/// Threads are only created when work waits for them.
/// </summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));
    }
}
