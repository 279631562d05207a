using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// Where one β=2 MU iteration's time goes, step by step, as the solver's whole-matrix path forms it (K &gt; 16; the
/// same calls, in the same order, on V 1025×2584): V·Hᵀ, H·Hᵀ, W·(HHᵀ), W's step, Wᵀ·V, WᵀW, (WᵀW)·H, H's step, and
/// the loss's WᵀW at a tenth. Each step is timed inside the loop, so the BLAS's threads are in the state the iteration
/// leaves them in; the median over the iterations is printed, with the iteration's total, for the BLAS thread count given.
/// <c>--layouts</c> times V·Hᵀ and Wᵀ·V in every operand layout; <c>--fused [--block 48] [--variant AC]</c> times the
/// whole-matrix iteration against H's update in column blocks that also add up V·Hᵀ (the solver's path for K ≤ 16),
/// interleaved (variants: A/B Wᵀ·V_b direct or transposed after, C/D V_b·H_bᵀ direct or as H_b·V_bᵀ).
/// <code>
/// dotnet run -c Release --project bench/NmfGrid.Bench -- mu-steps --threads 2 --dtype float32 --rank 10 [--layouts | --fused]
/// </code>
/// </summary>
public static class MuStepTimes
{
    private const int F = 1025, Frames = 2584;

    public static int Run(string[] args)
    {
        var threads = 1;
        var dtype = "float64";
        var rank = 10;
        var iterations = 200;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dtype": dtype = args[i + 1]; break;
                case "--rank": rank = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--fused": i--; break;
                case "--layouts": i--; break;
                case "--block": break;
                case "--variant": break;
                case "--iters": iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"mu-steps: unknown option {args[i]} (known: --threads, --dtype, --rank, --iters)");
            }
        }

        var blas = Blas.Create(BlasBackend.Auto, threads);
        if (args.Contains("--layouts"))
            return dtype == "float32" ? Layouts<float>(blas, rank) : Layouts<double>(blas, rank);
        if (args.Contains("--fused"))
            return dtype == "float32" ? Fused<float>(blas, rank, iterations, args) : Fused<double>(blas, rank, iterations, args);
        return dtype == "float32" ? Steps<float>(blas, dtype, rank, iterations) : Steps<double>(blas, dtype, rank, iterations);
    }

    /// <summary>One β=2 iteration's operands at K components: V, W, H drawn from a fixed seed, the four step buffers, both Grams.</summary>
    private static (T[] V, T[] W, T[] H, T[] NumeratorW, T[] DenominatorW, T[] NumeratorH, T[] DenominatorH, T[] Gram, T[] GramW,
        DataProducts<T> Data) Operands<T>(IBlas blas, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(0);
        T[] Fill(int n) => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        var v = Fill(F * Frames);
        var w = Fill(F * k);
        var h = Fill(k * Frames);
        return (v, w, h, new T[F * k], new T[F * k], new T[k * Frames], new T[k * Frames], new T[k * k], new T[k * k],
                new DataProducts<T>(blas, v, F, Frames, k));
    }

    private static int Steps<T>(IBlas blas, string dtype, int k, int iterations) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (v, w, h, numeratorW, denominatorW, numeratorH, denominatorH, gram, gramW, data) = Operands<T>(blas, k);

        var names = new[] { "V·Hᵀ", "H·Hᵀ", "W·G", "step W", "Wᵀ·V", "WᵀW", "G·H", "step H", "loss/10", "iteration" };
        var times = names.Select(_ => new List<double>()).ToArray();
        var clock = new long[names.Length + 1];
        for (var it = -10; it < iterations; it++)
        {
            var s = 0;
            clock[s++] = Stopwatch.GetTimestamp();
            data.TimesTransposed(h, numeratorW);
            clock[s++] = Stopwatch.GetTimestamp();
            blas.Gram(false, k, Frames, h, gram);
            clock[s++] = Stopwatch.GetTimestamp();
            blas.Gemm(false, false, F, k, k, 1.0, w, gram, 0.0, denominatorW);
            clock[s++] = Stopwatch.GetTimestamp();
            MultiplicativeStep.Apply(w, numeratorW, numeratorW, F, 1.0, 0, 0, false, null);  // ratio 1: W stays put
            clock[s++] = Stopwatch.GetTimestamp();
            data.TransposedTimes(w, numeratorH);
            clock[s++] = Stopwatch.GetTimestamp();
            blas.Gram(true, k, F, w, gramW);
            clock[s++] = Stopwatch.GetTimestamp();
            blas.Gemm(false, false, k, Frames, k, 1.0, gramW, h, 0.0, denominatorH);
            clock[s++] = Stopwatch.GetTimestamp();
            MultiplicativeStep.Apply(h, numeratorH, numeratorH, k, 1.0, 0, 0, false, null);
            clock[s++] = Stopwatch.GetTimestamp();
            if (it % 10 == 0)
            {
                blas.Gram(true, k, F, w, gramW);
            }

            clock[s++] = Stopwatch.GetTimestamp();
            if (it < 0)
            {
                continue;
            }

            for (var i = 0; i < names.Length - 1; i++)
            {
                times[i].Add(Stopwatch.GetElapsedTime(clock[i], clock[i + 1]).TotalMilliseconds);
            }

            times[^1].Add(Stopwatch.GetElapsedTime(clock[0], clock[names.Length - 1]).TotalMilliseconds);
        }

        var median = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
        var mean = times.Select(t => t.Average()).ToArray();
        Console.WriteLine($"{dtype} β=2 K={k}, {blas.Description}, {iterations} iterations: ms, median (mean)");
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[i],-10} {median[i],8:F3} ({mean[i]:F3})"));
        }

        return 0;
    }

    /// <summary>Prototype: the current iteration against one fused pass over column blocks of V (Wᵀ·V_b, H_b's step, V_b·H_bᵀ), interleaved.</summary>
    private static int Fused<T>(IBlas blas, int k, int iterations, string[] args) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = 64;
        var variant = "AC";
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--block") width = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--variant") variant = args[i + 1];
        }
        var scratch = Enumerable.Range(0, blas.Threads).Select(_ => new T[width * k]).ToArray();
        var partialHv = Enumerable.Range(0, blas.Threads).Select(_ => new T[F * k]).ToArray();
        var (v, w, h, numeratorW, denominatorW, numeratorH, denominatorH, gram, gramW, data) = Operands<T>(blas, k);
        var groups = blas.Threads;
        var partialVh = Enumerable.Range(0, groups).Select(_ => new T[F * k]).ToArray();
        var partialGram = Enumerable.Range(0, groups).Select(_ => new T[k * k]).ToArray();
        var blocks = (Frames + width - 1) / width;

        void Current()
        {
            data.TimesTransposed(h, numeratorW);
            blas.Gram(false, k, Frames, h, gram);
            blas.Gemm(false, false, F, k, k, 1.0, w, gram, 0.0, denominatorW);
            MultiplicativeStep.Apply(w, numeratorW, numeratorW, F, 1.0, 0, 0, false, null);
            data.TransposedTimes(w, numeratorH);
            blas.Gram(true, k, F, w, gramW);
            blas.Gemm(false, false, k, Frames, k, 1.0, gramW, h, 0.0, denominatorH);
            MultiplicativeStep.Apply(h, numeratorH, numeratorH, k, 1.0, 0, 0, false, null);
        }

        void Group(int g)
        {
            var first = g * blocks / groups;
            var last = (g + 1) * blocks / groups;
            for (var b = first; b < last; b++)
            {
                var start = b * width;
                var count = Math.Min(width, Frames - start);
                var vb = v.AsSpan(start * F, count * F);
                var hb = h.AsSpan(start * k, count * k);
                var nb = numeratorH.AsSpan(start * k, count * k);
                var db = denominatorH.AsSpan(start * k, count * k);
                if (variant[0] == 'A')
                    blas.GemmSlices<T>(true, false, k, count, F, 1.0, w, vb, 0.0, nb);
                else
                {
                    blas.GemmSlices<T>(true, false, count, k, F, 1.0, vb, w, 0.0, scratch[g]);
                    FactorProducts.Transpose<T>(scratch[g].AsSpan(0, count * k), count, k, nb);
                }
                blas.GemmSlices<T>(false, false, k, count, k, 1.0, gramW, hb, 0.0, db);
                for (var i = 0; i < hb.Length; i++)
                    hb[i] *= nb[i] / db[i];
                var acc = b == first ? 0.0 : 1.0;
                if (variant[1] == 'C')
                    blas.GemmSlices<T>(false, true, F, k, count, 1.0, vb, hb, acc, partialVh[g]);
                else
                    blas.GemmSlices<T>(false, true, k, F, count, 1.0, hb, vb, acc, partialHv[g]);
                blas.GemmSlices<T>(false, true, k, k, count, 1.0, hb, hb, acc, partialGram[g]);
            }
        }

        void FusedIteration()
        {
            // W's update from V·Hᵀ and H·Hᵀ of the last pass (here: partialVh[0], partialGram[0] after reduction)
            blas.Gemm(false, false, F, k, k, 1.0, w, partialGram[0], 0.0, denominatorW);
            MultiplicativeStep.Apply(w, partialVh[0], partialVh[0], F, 1.0, 0, 0, false, null);
            blas.Gram(true, k, F, w, gramW);
            if (groups == 1)
            {
                Group(0);
            }
            else
            {
                using (blas.OneThreadPerProduct())
                {
                    Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = groups }, Group);
                }

                for (var g = 1; g < groups; g++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add<T>(partialVh[0], partialVh[g], partialVh[0]);
                    System.Numerics.Tensors.TensorPrimitives.Add<T>(partialGram[0], partialGram[g], partialGram[0]);
                }
            }
        }

        var current = new List<double>();
        var fused = new List<double>();
        for (var round = 0; round < 20; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations / 20; i++) Current();
            if (round > 0) current.Add(clock.Elapsed.TotalMilliseconds / (iterations / 20));
            clock.Restart();
            for (var i = 0; i < iterations / 20; i++) FusedIteration();
            if (round > 0) fused.Add(clock.Elapsed.TotalMilliseconds / (iterations / 20));
        }

        static double Median(List<double> x) => x.Order().ElementAt(x.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{typeof(T).Name} β=2 K={k} {blas.Description} block {width} {variant}: current {Median(current):F3} (min {current.Min():F3}) ms/iter, fused {Median(fused):F3} (min {fused.Min():F3})"));
        return 0;
    }

    /// <summary>V·Hᵀ and Wᵀ·V in every operand layout (V in place or its transposed copy; the result transposed after where it comes out T×K or K×F), best of 20.</summary>
    private static int Layouts<T>(IBlas blas, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(0);
        T[] Fill(int n) => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        var v = Fill(F * Frames);
        var vt = new T[F * Frames];
        FactorProducts.Transpose<T>(v, F, Frames, vt);
        var w = Fill(F * k);
        var wt = new T[F * k];
        FactorProducts.Transpose<T>(w, F, k, wt);
        var h = Fill(k * Frames);
        var ht = new T[k * Frames];
        FactorProducts.Transpose<T>(h, k, Frames, ht);
        var fk = new T[F * k];
        var fk2 = new T[F * k];
        var kt = new T[k * Frames];
        var kt2 = new T[k * Frames];
        var cases = new (string Name, Action Run)[]
        {
            ("VHt: V·Hᵀ (N,T)", () => blas.Gemm(false, true, F, k, Frames, 1.0, v, h, 0.0, fk)),
            ("VHt: V·Ht (N,N)", () => blas.Gemm(false, false, F, k, Frames, 1.0, v, ht, 0.0, fk)),
            ("VHt: Vtᵀ·Hᵀ (T,T)", () => blas.Gemm(true, true, F, k, Frames, 1.0, vt, h, 0.0, fk)),
            ("VHt: Vtᵀ·Ht (T,N)", () => blas.Gemm(true, false, F, k, Frames, 1.0, vt, ht, 0.0, fk)),
            ("VHt: (H·Vt)ᵀ +tr", () => { blas.Gemm(false, false, k, F, Frames, 1.0, h, vt, 0.0, fk2); FactorProducts.Transpose<T>(fk2, k, F, fk); }),
            ("VHt: (H·Vᵀ)ᵀ +tr", () => { blas.Gemm(false, true, k, F, Frames, 1.0, h, v, 0.0, fk2); FactorProducts.Transpose<T>(fk2, k, F, fk); }),
            ("WtV: Wᵀ·V (T,N)", () => blas.Gemm(true, false, k, Frames, F, 1.0, w, v, 0.0, kt)),
            ("WtV: Wt·V (N,N)", () => blas.Gemm(false, false, k, Frames, F, 1.0, wt, v, 0.0, kt)),
            ("WtV: Wᵀ·Vtᵀ (T,T)", () => blas.Gemm(true, true, k, Frames, F, 1.0, w, vt, 0.0, kt)),
            ("WtV: Wt·Vtᵀ (N,T)", () => blas.Gemm(false, true, k, Frames, F, 1.0, wt, vt, 0.0, kt)),
            ("WtV: (Vᵀ·W)ᵀ +tr", () => { blas.Gemm(true, false, Frames, k, F, 1.0, v, w, 0.0, kt2); FactorProducts.Transpose<T>(kt2, Frames, k, kt); }),
            ("WtV: (Vt·W)ᵀ +tr", () => { blas.Gemm(false, false, Frames, k, F, 1.0, vt, w, 0.0, kt2); FactorProducts.Transpose<T>(kt2, Frames, k, kt); }),
            ("tr T×K", () => FactorProducts.Transpose<T>(kt2, Frames, k, kt)),
            ("HHt syrk", () => blas.Gram(false, k, Frames, h, fk2)),
            ("HHt gemm", () => blas.Gemm(false, true, k, k, Frames, 1.0, h, h, 0.0, fk2)),
            ("WtW syrk", () => blas.Gram(true, k, F, w, fk2)),
            ("W·G", () => blas.Gemm(false, false, F, k, k, 1.0, w, fk2, 0.0, fk)),
            ("G·H", () => blas.Gemm(false, false, k, Frames, k, 1.0, fk2, h, 0.0, kt)),
        };
        var best = new double[cases.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < 20; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var clock = Stopwatch.StartNew();
                cases[c].Run();
                best[c] = Math.Min(best[c], clock.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"{typeof(T).Name} K={k} {blas.Description}: best of 20, ms");
        for (var c = 0; c < cases.Length; c++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[c].Name,-22} {best[c],8:F3}"));
        return 0;
    }
}
