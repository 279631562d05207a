namespace NmfGrid.Coordinator.Reports;

/// <summary>
/// Writes a set of result files so that a reader never sees half of them: each goes to a hidden
/// ".name.partial" file in the target directory, and only when all are written (and the run was not
/// cancelled) are they renamed into place. A crash or Ctrl-C leaves the previous results untouched.
/// </summary>
internal static class StagedOutput
{
    /// <param name="directory">created if missing.</param>
    /// <param name="files">file name and the function that writes it to the path it is given.</param>
    /// <returns>the final paths, in the order given.</returns>
    public static IReadOnlyList<string> Commit(string directory, IReadOnlyList<(string Name, Action<string> Write)> files,
                                               CancellationToken cancellation)
    {
        Directory.CreateDirectory(directory);
        var staged = files.Select(f => (Partial: Path.Combine(directory, $".{f.Name}.partial"),
                                        Final: Path.Combine(directory, f.Name), f.Write)).ToArray();
        bool committed = false;
        try
        {
            foreach (var (partial, _, write) in staged)
            {
                cancellation.ThrowIfCancellationRequested();
                write(partial);
            }
            cancellation.ThrowIfCancellationRequested();
            foreach (var (partial, final, _) in staged) File.Move(partial, final, overwrite: true);
            committed = true;
            return staged.Select(s => s.Final).ToArray();
        }
        finally
        {
            if (!committed)
                foreach (var (partial, _, _) in staged)
                    if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
