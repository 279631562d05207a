using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// Where one β=2 MU iteration split over threads of our own goes (the solver's `_parts` path, K &gt; 16, OpenBLAS held at
/// one thread), phase by phase: per phase the wall time and, for the split phases, each part's busy time, so the idle
/// time of each thread (wall − busy) and the fork-join cost (wall − the slower part) show. Each phase is also timed
/// alone on one thread at the whole shape, for the rate a part would reach without the other beside it.
/// Run it with nmfgrid's JIT settings (the environment below): with the runtime's default quick JIT, ThinProduct's
/// loops ran as tier-0 and on-stack-replaced code for much of the run, at twice the time (float, 2026-12-08).
/// <code>
/// DOTNET_TC_QuickJit=0 DOTNET_TieredPGO=0 dotnet bench/NmfGrid.Bench/bin/Release/net10.0/NmfGrid.Bench.dll split-steps --parts 2 --dtype float64 --rank 88
/// </code>
/// </summary>
public static class SplitIterationTimes
{
    private const int F = 1025, Frames = 2584;

    public static int Run(string[] args)
    {
        var parts = 2;
        var dtype = "float64";
        var rank = 88;
        var iterations = 200;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--parts": parts = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dtype": dtype = args[i + 1]; break;
                case "--rank": rank = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--iters": iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"split-steps: unknown option {args[i]} (known: --parts, --dtype, --rank, --iters)");
            }
        }

        var blas = Blas.Create(BlasBackend.Auto, parts);
        return dtype == "float32" ? Phases<float>(blas, parts, rank, iterations) : Phases<double>(blas, parts, rank, iterations);
    }

    private sealed class Phase(string name, int parts)
    {
        public string Name { get; } = name;
        public List<double> Wall { get; } = [];
        public List<double>[] Busy { get; } = [.. Enumerable.Range(0, parts).Select(_ => new List<double>())];
        public List<double>[] Start { get; } = [.. Enumerable.Range(0, parts).Select(_ => new List<double>())];
        public List<double>[] End { get; } = [.. Enumerable.Range(0, parts).Select(_ => new List<double>())];
    }

    private static int Phases<T>(IBlas blas, int parts, int k, int iterations) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(0);
        T[] Fill(int n) => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        var v = Fill(F * Frames);
        var w = Fill(F * k);
        var h = Fill(k * Frames);
        var numeratorW = new T[F * k];
        var denominatorW = new T[F * k];
        var numeratorH = new T[k * Frames];
        var denominatorH = new T[k * Frames];
        var gram = new T[k * k];
        var gramW = new T[k * k];
        var gramParts = Enumerable.Range(0, parts).Select(_ => new T[k * k]).ToArray();
        using var oneThread = blas.OneThreadPerProduct();
        using var team = new ThreadTeam(parts);
        var data = new DataProducts<T>(blas, v, F, Frames, k, team);
        var one = new DataProducts<T>(blas, v, F, Frames, k);
        var scratchTk = new T[Frames * k];
        var thin = DataProducts<T>.UsesThinProduct(blas, F, Frames, k, parts);

        var phases = new List<Phase>();
        Phase P(string name) { var p = phases.FirstOrDefault(x => x.Name == name); if (p is null) phases.Add(p = new Phase(name, parts)); return p; }
        var record = true;

        void Serial(string name, Action work)
        {
            var t0 = Stopwatch.GetTimestamp();
            work();
            if (record) P(name).Wall.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        void Split(string name, int length, Action<int, int, int> work)
        {
            var phase = P(name);
            var busy = new double[parts];
            var start = new double[parts];
            var end = new double[parts];
            var t0 = Stopwatch.GetTimestamp();
            team.ForEachPart(length, (s, c, part) =>
            {
                var t1 = Stopwatch.GetTimestamp();
                work(s, c, part);
                start[part] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                busy[part] = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
                end[part] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            });
            if (!record) return;
            phase.Wall.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            for (var p = 0; p < parts; p++) { phase.Busy[p].Add(busy[p]); phase.Start[p].Add(start[p]); phase.End[p].Add(end[p]); }
        }

        // The solver's order (MultiplicativeUpdate.Solver, _parts > 1): W·G, W's step, Wᵀ·V, WᵀW, H's parts (with
        // V_b·H_bᵀ where V·Hᵀ is summed over runs of columns; ThinProduct's rows split on its own in float), the sums.
        // The steps take num ./ num, so W and H stay put.
        for (var it = -10; it < iterations; it++)
        {
            record = it >= 0;
            var t0 = Stopwatch.GetTimestamp();
            if (thin)
                Serial("V·Hᵀ (ThinProduct, split)", () => data.TimesTransposed(h, numeratorW));
            Split("W·G", k, (s, c, _) => blas.GemmSlices<T>(false, false, F, c, k, 1.0, w, gram.AsSpan(s * k, c * k), 0.0, denominatorW.AsSpan(s * F, c * F)));
            Split("step W", k, (s, c, _) =>
                MultiplicativeStep.Apply<T>(w.AsSpan(s * F, c * F), numeratorW.AsSpan(s * F, c * F), numeratorW.AsSpan(s * F, c * F), F, 1.0, 0, 0, false, null));
            if (thin)
                Serial("Wᵀ·V (ThinProduct, split)", () => data.TransposedTimes(w, numeratorH));
            else
                Split("Wᵀ·V parts (as DataProducts')", Frames, (s, c, _) =>
                {
                    var scratch = scratchTk.AsSpan(s * k, c * k);
                    blas.GemmSlices<T>(true, false, c, k, F, 1.0, v.AsSpan(s * F, c * F), w, 0.0, scratch);
                    FactorProducts.Transpose<T>(scratch, c, k, numeratorH.AsSpan(s * k, c * k));
                });
            Split("WᵀW by columns", k, (s, c, _) => blas.GemmSlices<T>(true, false, k, c, F, 1.0, w, w.AsSpan(s * F, c * F), 0.0, gramW.AsSpan(s * k, c * k)));
            Split(thin ? "H parts: G·H_b, step, H_b·H_bᵀ" : "H parts: G·H_b, step, H_b·H_bᵀ, V_b·H_bᵀ", Frames, (s, c, part) =>
            {
                var hb = h.AsSpan(s * k, c * k);
                var db = denominatorH.AsSpan(s * k, c * k);
                blas.GemmSlices<T>(false, false, k, c, k, 1.0, gramW, hb, 0.0, db);
                MultiplicativeStep.Apply<T>(hb, numeratorH.AsSpan(s * k, c * k), numeratorH.AsSpan(s * k, c * k), k, 1.0, 0, 0, false, null);
                blas.GemmSlices<T>(false, true, k, k, c, 1.0, hb, hb, 0.0, gramParts[part]);
                if (!thin)
                    data.TimesTransposedPart(hb, s, c, part, numeratorW);
            });
            if (!thin)
                Split("V·Hᵀ partial sums", F * k, (s, c, _) => data.AddPartialSums(numeratorW, s, c));
            Serial("gram sum (serial)", () => { for (var p = 1; p < parts; p++) System.Numerics.Tensors.TensorPrimitives.Add<T>(gramParts[0], gramParts[p], gram); });
            if (it % 10 == 0) Serial("loss ⟨W, VHᵀ⟩ (serial, /10)", () => Dot(w, numeratorW));
            if (record) P("iteration").Wall.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        // Fork-join alone, and each phase's whole shape on this one thread (nothing beside it).
        for (var it = -10; it < iterations; it++)
        {
            record = it >= 0;
            Split("fork-join, empty", 2 * parts, (_, _, _) => { });
            Serial("1 thr: V·Hᵀ whole", () => one.TimesTransposed(h, numeratorW));
            Serial("1 thr: Wᵀ·V whole", () => one.TransposedTimes(w, numeratorH));
            Serial("1 thr: W·G whole", () => blas.Gemm(false, false, F, k, k, 1.0, w, gram, 0.0, denominatorW));
            Serial("1 thr: G·H whole", () => blas.Gemm(false, false, k, Frames, k, 1.0, gramW, h, 0.0, denominatorH));
            Serial("1 thr: H·Hᵀ syrk whole", () => blas.Gram(false, k, Frames, h, gram));
            Serial("1 thr: step H whole", () => MultiplicativeStep.Apply<T>(h, numeratorH, numeratorH, k, 1.0, 0, 0, false, null));
        }

        static double Dot(T[] a, T[] b)
        {
            var sum = 0.0;
            for (var i = 0; i < a.Length; i++) sum += double.CreateTruncating(a[i]) * double.CreateTruncating(b[i]);
            return sum;
        }

        static double Median(List<double> x) => x.Count == 0 ? double.NaN : x.Order().ElementAt(x.Count / 2);
        Console.WriteLine($"{typeof(T).Name} β=2 K={k}, {parts} parts, {blas.Description}, {iterations} iterations: ms, medians");
        Console.WriteLine("  phase                               wall   " + string.Join(" ", Enumerable.Range(0, parts).Select(p => $"busy{p}  start{p}  end{p}")));
        foreach (var p in phases)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"  {p.Name,-34} {Median(p.Wall),7:F3}");
            if (p.Busy[0].Count > 0)
                line += string.Concat(Enumerable.Range(0, parts).Select(i => string.Create(CultureInfo.InvariantCulture, $" {Median(p.Busy[i]),6:F3} {Median(p.Start[i]),6:F3} {Median(p.End[i]),6:F3}")));
            Console.WriteLine(line);
        }

        return 0;
    }
}
