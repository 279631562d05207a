using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// The fastest an MU iteration can be on this machine, per (β, K, dtype): every product the iteration must
/// form, each at the rate this BLAS reaches for that exact shape (the fastest of its operand layouts, best of ten), plus
/// every elementwise pass over F×T at the memory bandwidth measured on arrays of that size. The loss that
/// scikit-learn's stop test and NmfGrid's history evaluate every 10 iterations is counted at a tenth.
/// <code>
/// dotnet run -c Release --project bench/NmfGrid.Bench -- roofline --threads 1 --dtype float64   # one JSON line per cell
/// </code>
/// bench/run-nmf-vs-sklearn.sh prints it beside each cell's measured times.
/// </summary>
public static class Roofline
{
    private const int F = 1025, Frames = 2584; // V is F×T: 30 s at 44.1 kHz, n_fft 2048, hop 512

    /// <summary>A product of the iteration: op(A)·op(B) is m×n with inner size k.</summary>
    private sealed record Product(string Name, int M, int N, int K, double PerIteration);

    public static int Run(string[] args)
    {
        var threads = 1;
        var dtype = "float64";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dtype": dtype = args[i + 1]; break;
                default: throw new ArgumentException($"roofline: unknown option {args[i]} (known: --threads, --dtype)");
            }
        }

        var blas = Blas.Create(BlasBackend.Auto, threads);
        return dtype == "float32" ? Cells<float>(blas, dtype) : Cells<double>(blas, dtype);
    }

    private static int Cells<T>(IBlas blas, string dtype) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bandwidth = Bandwidth<T>();
        foreach (var beta in new[] { 2.0, 1.0, 0.0 })
        {
            foreach (var rank in new[] { 10, 88 })
            {
                var products = Products(beta, rank);
                var gemmMs = products.Sum(p => p.PerIteration * BestProductMs<T>(blas, p));
                var streams = Streams(beta);
                var bytes = streams * (double)F * Frames * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
                var elementwiseMs = bytes / bandwidth * 1e3;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"beta\": {beta:0.0}, \"rank\": {rank}, \"dtype\": \"{dtype}\", \"threads\": {blas.Threads}, " +
                    $"\"blas\": \"{blas.Description}\", \"gemm_ms\": {gemmMs:F3}, \"elementwise_ms\": {elementwiseMs:F3}, " +
                    $"\"roofline_ms\": {gemmMs + elementwiseMs:F3}, \"bandwidth_gbs\": {bandwidth / 1e9:F2}}}"));
            }
        }

        return 0;
    }

    /// <summary>
    /// What one iteration multiplies (the update's own products, then the loss's W·H at a tenth).
    /// β=2: V·Hᵀ, H·Hᵀ, W·(HHᵀ) for W; Wᵀ·V, Wᵀ·W, (WᵀW)·H for H. β=1: W·H, then (V./WH)·Hᵀ; W·H again,
    /// then Wᵀ·(V./WH). Other β: as β=1 with a second product per factor (the denominator's WH^(β−1)).
    /// </summary>
    private static Product[] Products(double beta, int k)
    {
        var loss = new Product("W·H (loss)", F, Frames, k, 0.1);
        if (beta == 2.0)
        {
            return
            [
                new("V·Hᵀ", F, k, Frames, 1), new("H·Hᵀ", k, k, Frames, 1), new("W·G", F, k, k, 1),
                new("Wᵀ·V", k, Frames, F, 1), new("Wᵀ·W", k, k, F, 1), new("G·H", k, Frames, k, 1), loss,
            ];
        }

        var perFactor = beta == 1.0 ? 1 : 2;
        return [new("W·H", F, Frames, k, 2), new("X·Hᵀ", F, k, Frames, perFactor), new("Wᵀ·X", k, Frames, F, perFactor), loss];
    }

    /// <summary>
    /// F×T arrays read or written per iteration by the elementwise work. β=2: the loss's pass over V and WH
    /// (2 streams) at a tenth. β=1: per factor V./WH reads V and WH and writes the ratio (3); other β: the
    /// numerator and denominator terms are both written (4); plus the loss's pass at a tenth.
    /// </summary>
    private static double Streams(double beta) => beta == 2.0 ? 0.2 : (beta == 1.0 ? 2 * 3 : 2 * 4) + 0.2;

    /// <summary>The fastest of op(A)·op(B) in its four operand layouts, best of ten each, in ms.</summary>
    private static double BestProductMs<T>(IBlas blas, Product p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(0);
        T[] Fill(int n) => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble())).ToArray();
        var a = Fill(p.M * p.K);
        var b = Fill(p.K * p.N);
        var c = new T[p.M * p.N];
        // A stored m×k and B k×n: C = A·B (m×n), or Cᵀ = Bᵀ·Aᵀ (n×m) from the same arrays.
        var direct = Best(() => blas.Gemm(false, false, p.M, p.N, p.K, 1.0, a, b, 0.0, c));
        var swapped = Best(() => blas.Gemm(true, true, p.N, p.M, p.K, 1.0, b, a, 0.0, c));
        // Stored the other way (A k×m, B n×k), as the solvers' transposed operands are.
        var directT = Best(() => blas.Gemm(true, true, p.M, p.N, p.K, 1.0, a, b, 0.0, c));
        var swappedT = Best(() => blas.Gemm(false, false, p.N, p.M, p.K, 1.0, b, a, 0.0, c));
        return new[] { direct, swapped, directT, swappedT }.Min();
    }

    private static double Best(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    /// <summary>Bytes per second of an elementwise pass over F×T arrays (z = x ⊘ y: two read, one written), best of ten.</summary>
    private static double Bandwidth<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Enumerable.Range(0, F * Frames).Select(i => T.CreateTruncating(1.0 + i % 7)).ToArray();
        var y = Enumerable.Range(0, F * Frames).Select(i => T.CreateTruncating(2.0 + i % 5)).ToArray();
        var z = new T[F * Frames];
        TensorPrimitives.Divide<T>(x, y, z);
        var best = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            TensorPrimitives.Divide<T>(x, y, z);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return 3.0 * F * Frames * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() / best;
    }
}
