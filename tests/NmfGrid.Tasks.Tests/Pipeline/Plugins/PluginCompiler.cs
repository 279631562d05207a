using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NmfGrid.Tasks.Tests.Pipeline.Plugins;

/// <summary>Compiles C# source into a plugin assembly on disk, against the host's own NmfGrid.Compute and runtime.</summary>
internal static class PluginCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Length > 0)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>Writes <paramref name="name"/>.dll into <paramref name="folder"/> and returns its path; fails the test on a compile error.</summary>
    public static string Build(string folder, string name, string source)
    {
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(folder, name + ".dll");
        using (var file = File.Create(path))
        {
            var emitted = compilation.Emit(file);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return path;
    }

    /// <summary>A complete algorithm class: the given name and constructor body; Run returns the starting factors.</summary>
    public static string Algorithm(string type, string name, string constructorBody = "") => $$"""
        public sealed class {{type}} : NmfGrid.Compute.Algorithms.INmfAlgorithm
        {
            public {{type}}() { {{constructorBody}} }
            public string Name => "{{name}}";
            public string Description => "test plugin {{name}}";
            public void CheckOptions(NmfGrid.Compute.Algorithms.NmfOptions options) { }
            public NmfGrid.Compute.Algorithms.NmfResult<T> Run<T>(MathNet.Numerics.LinearAlgebra.Matrix<T> v,
                MathNet.Numerics.LinearAlgebra.Matrix<T> w0, MathNet.Numerics.LinearAlgebra.Matrix<T> h0,
                NmfGrid.Compute.Algorithms.NmfOptions options, NmfGrid.Compute.LinearAlgebra.IBlas blas,
                System.Threading.CancellationToken cancellation = default)
                where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
                new(w0.Clone(), h0.Clone(), 7, false, 0.0, [], 0.0, blas.Name, blas.Threads);
        }
        """;
}
