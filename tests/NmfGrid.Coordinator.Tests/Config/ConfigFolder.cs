namespace NmfGrid.Coordinator.Tests.Config;

/// <summary>A throwaway folder of YAML configs for one test.</summary>
internal sealed class ConfigFolder : IDisposable
{
    public ConfigFolder()
    {
        Root = Directory.CreateTempSubdirectory("nmfgrid-config-").FullName;
    }

    public string Root { get; }

    public string Write(string relativePath, string yaml)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary>A benchmark with three groups, like benchmarks/.</summary>
    public static ConfigFolder Benchmark()
    {
        var folder = new ConfigFolder();
        folder.Write("algorithm/mu.yaml", "name: mu\nrank: 10\nbeta: 1.0\n");
        folder.Write("algorithm/hals.yaml", "name: hals\nrank: 10\nbeta: 2.0\n");
        folder.Write("task/separation.yaml", "name: separation\nclusters: 4\n");
        folder.Write("dataset/maps.yaml", "name: maps\nroot: data/maps\ncrop_seconds: 30\n");
        folder.Write("demo.yaml", """
            defaults:
              - algorithm: mu
              - task: separation
              - dataset: maps
            seed: 0
            algorithm:
              rank: 8
            output: outputs/${task.name}/${dataset.name}
            """);
        return folder;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
