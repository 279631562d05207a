using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// β=2's two data products at the benchmark's shape (V 1025×2584), OpenBLAS in the layout <see cref="DataProducts{T}"/>
/// used for float before <see cref="ThinProduct"/> (from a transposed copy of V) against ThinProduct (packing and the
/// T×K transpose included) and DataProducts as it is, interleaved: best and median of N rounds, wall and thread CPU time.
/// <code>
/// dotnet run -c Release --project bench/NmfGrid.Bench -- thin-products --threads 1 --dtype float32 --rank 88 [--rounds 30]
/// </code>
/// </summary>
public static partial class ThinProductTimes
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    /// <summary>This thread's CPU time in ms (CLOCK_THREAD_CPUTIME_ID): on a shared machine, time the thread was not running is left out.</summary>
    private static double ThreadMilliseconds()
    {
        ClockGetTime(3, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }

    private const int F = 1025, Frames = 2584;

    public static int Run(string[] args)
    {
        var threads = 1;
        var dtype = "float32";
        var rank = 88;
        var rounds = 30;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dtype": dtype = args[i + 1]; break;
                case "--rank": rank = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"thin-products: unknown option {args[i]}");
            }
        }

        var blas = Blas.Create(BlasBackend.Auto, threads);
        return dtype == "float32" ? Times<float>(blas, rank, rounds) : Times<double>(blas, rank, rounds);
    }

    private static int Times<T>(IBlas blas, int k, int rounds) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(0);
        T[] Fill(int n) => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        var v = Fill(F * Frames);
        var vt = new T[F * Frames];
        FactorProducts.Transpose<T>(v, F, Frames, vt);
        var w = Fill(F * k);
        var h = Fill(k * Frames);
        var data = new DataProducts<T>(blas, v, F, Frames, k);
        var fkBlas = new T[F * k];
        var ktBlas = new T[k * Frames];
        var fk = new T[F * k];
        var kt = new T[k * Frames];
        var tk = new T[Frames * k];
        var packedH = new T[ThinProduct.PackedLength(k, Frames)];
        var packedW = new T[ThinProduct.PackedLength(k, F)];
        var cases = new (string Name, Action Run)[]
        {
            ("V·Hᵀ openblas", () => blas.Gemm(true, true, F, k, Frames, 1.0, vt, h, 0.0, fkBlas)),
            ("V·Hᵀ thin", () =>
            {
                ThinProduct.Pack<T>(h, k, Frames, false, packedH);
                ThinProduct.Multiply(v, F, Frames, packedH, k, fk, blas.Threads);
            }),
            ("V·Hᵀ thin, H in place", () => ThinProduct.MultiplyInPlace(v, F, Frames, h, k, fk, blas.Threads)),
            ("pack H", () => ThinProduct.Pack<T>(h, k, Frames, false, packedH)),
            ("pack W", () => ThinProduct.Pack<T>(w, k, F, true, packedW)),
            ("transpose T×K", () => FactorProducts.Transpose<T>(tk, Frames, k, kt)),
            ("Wᵀ·V openblas", () =>
            {
                blas.Gemm(false, false, Frames, k, F, 1.0, vt, w, 0.0, tk);
                FactorProducts.Transpose<T>(tk, Frames, k, ktBlas);
            }),
            ("V·Hᵀ DataProducts", () => data.TimesTransposed(h, fk)),
            ("Wᵀ·V DataProducts", () => data.TransposedTimes(w, kt)),
            ("Wᵀ·V thin (Vᵀ)", () =>
            {
                ThinProduct.Pack<T>(w, k, F, true, packedW);
                ThinProduct.Multiply(vt, Frames, F, packedW, k, tk, blas.Threads, kt);
            }),
        };
        var times = cases.Select(_ => new List<double>()).ToArray();
        var cpu = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var start = ThreadMilliseconds();
                var clock = Stopwatch.StartNew();
                cases[c].Run();
                times[c].Add(clock.Elapsed.TotalMilliseconds);
                cpu[c].Add(ThreadMilliseconds() - start);
            }
        }

        static double Diff(T[] x, T[] y)
        {
            var worst = 0.0;
            for (var i = 0; i < x.Length; i++)
                worst = Math.Max(worst, Math.Abs(double.CreateTruncating(x[i] - y[i])) / Math.Abs(double.CreateTruncating(y[i])));
            return worst;
        }

        var flops = 2.0 * F * Frames * k;
        Console.WriteLine($"{typeof(T).Name} K={k} {blas.Description}: {rounds} rounds, ms (best / median), GFLOPS at best; max rel diff V·Hᵀ {Diff(fk, fkBlas):E1}, Wᵀ·V {Diff(kt, ktBlas):E1}");
        for (var c = 0; c < cases.Length; c++)
        {
            var best = times[c].Min();
            var median = times[c].Order().ElementAt(times[c].Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[c].Name,-18} {best,8:F3} {median,8:F3} {flops / best / 1e6,7:F1}   cpu {cpu[c].Min(),8:F3} {cpu[c].Order().ElementAt(cpu[c].Count / 2),8:F3}"));
        }

        return 0;
    }
}
