namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// A node process's private folder under the shared state folder (the cache dir): &lt;root&gt;/outbox/node-&lt;k&gt;, the
/// first k whose lock file no other live process holds. A restarted node gets its predecessor's folder back
/// (the lock died with the process) and so resends its unacknowledged outcomes; two nodes on one machine
/// sharing a cache never share an outbox.
/// </summary>
public sealed class NodeStateFolder : IDisposable
{
    private readonly FileStream _lock;

    private NodeStateFolder(string directory, FileStream @lock)
    {
        Directory = directory;
        _lock = @lock;
    }

    public string Directory { get; }

    public static NodeStateFolder Claim(string root)
    {
        var outbox = Path.Combine(Path.GetFullPath(root), "outbox");
        System.IO.Directory.CreateDirectory(outbox);
        for (var k = 0; k < 1000; k++)
        {
            var lockPath = Path.Combine(outbox, $"node-{k}.lock");
            try
            {
                var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var directory = Path.Combine(outbox, $"node-{k}");
                System.IO.Directory.CreateDirectory(directory);
                return new NodeStateFolder(directory, held);
            }
            catch (IOException)
            {
                // held by another live node process: try the next
            }
        }
        throw new IOException($"No free node folder under '{outbox}': 1000 node processes hold one.");
    }

    /// <summary>The outbox folder of the node's i-th worker.</summary>
    public string Worker(int index) => Path.Combine(Directory, $"worker-{index}");

    public void Dispose() => _lock.Dispose();
}
