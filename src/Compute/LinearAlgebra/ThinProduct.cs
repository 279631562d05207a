using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// C (M×N) = A·Bᵀ for a tall A (M×L) read where it lies and a thin B (N×L, N up to about a hundred), all
/// column-major, in AVX-512: c[:, j] = Σ_l a[:, l]·b(j, l). Only B is packed (into panels of
/// <see cref="PanelColumns"/> columns, l-major, zero-padded); A is never copied, which is what a general GEMM
/// does to it (a full extra pass over a matrix as big as V). The micro-tile is 3 vectors of A's rows × 8 columns
/// of B: 24 accumulators, per l three loads of A and eight broadcasts of B for 24 FMAs.
/// <para>
/// Rows are cut into panels of 3 vectors, split over threads in contiguous runs (each thread writes its own rows
/// of C); L is cut into blocks of at most <see cref="DepthBlock{T}"/> so a panel's slice of A stays in cache (L2)
/// while it meets every panel of B, and the next panel's slice is fetched ahead by software prefetches (A's
/// columns are a page or more apart, which the hardware prefetcher does not follow). A last panel shorter than 3 vectors reads whole vectors ending at row M (so M ≥ one vector) and
/// writes only its own rows, by masked stores. Each entry is summed in l order, block by block, the same on any
/// thread count.
/// </para>
/// </summary>
public static unsafe class ThinProduct
{
    /// <summary>Columns of B (and of C) in one packed panel.</summary>
    public const int PanelColumns = 8;

    private const int VectorsPerPanel = 3;

    /// <summary>
    /// Most depths (l) in one block: a panel's slice of A is then 48 KiB (L2; 3 vectors × 256 floats), a B panel's
    /// 8 KiB. Measured at K = 88 (float, 1 thread, `thin-products`): 256 and 512 alike, 128 and 64 slower (C is
    /// loaded and stored once per block), a whole column of A slower too.
    /// </summary>
    public static int DepthBlock<T>() where T : unmanaged => typeof(T) == typeof(float) ? 256 : 128;

    /// <summary>Whether this CPU runs the kernel.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>The length of B's packed form.</summary>
    public static int PackedLength(int n, int depth) => (n + PanelColumns - 1) / PanelColumns * PanelColumns * depth;

    /// <summary>
    /// B packed: panel p holds b(8p + j, l) at p·8·L + 8·l + j, zero past N. B is stored N×L
    /// (b(j, l) = b[j + l·N]) or, with <paramref name="storedDepthByColumns"/>, L×N (b(j, l) = b[l + j·L]).
    /// </summary>
    public static void Pack<T>(ReadOnlySpan<T> b, int n, int depth, bool storedDepthByColumns, Span<T> packed)
        where T : unmanaged, INumberBase<T>
    {
        var panels = (n + PanelColumns - 1) / PanelColumns;
        for (var p = 0; p < panels; p++)
        {
            var panel = packed.Slice(p * PanelColumns * depth, PanelColumns * depth);
            var width = Math.Min(PanelColumns, n - p * PanelColumns);
            if (width < PanelColumns)
                panel.Clear();
            for (var j = 0; j < width && storedDepthByColumns; j++)
            {
                var source = b.Slice((p * PanelColumns + j) * depth, depth);
                for (var l = 0; l < depth; l++)
                    panel[l * PanelColumns + j] = source[l];
            }

            if (!storedDepthByColumns)
            {
                // b(j, l) at j + l·N: each depth's run of columns is contiguous.
                fixed (T* source = b, target = panel)
                {
                    for (var l = 0; l < depth; l++)
                    {
                        T* from = source + p * PanelColumns + (long)l * n, to = target + l * PanelColumns;
                        for (var j = 0; j < width; j++)
                            to[j] = from[j];
                    }
                }
            }
        }
    }

    /// <summary>c (M×N) = A·Bᵀ, A M×L column-major, B packed by <see cref="Pack{T}"/>; on up to <paramref name="threads"/> threads,
    /// or, given a <paramref name="team"/>, on its parts.</summary>
    /// <param name="transposedResult">when given, the product is written there transposed (N×M, entry (r, j) at j + r·N)
    /// by the last block of depth, and <paramref name="c"/> holds only the earlier blocks' partial sums.</param>
    public static void Multiply<T>(T[] a, int m, int depth, T[] packedB, int n, T[] c, int threads, T[]? transposedResult = null,
                                   ThreadTeam? team = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Multiply(a, m, depth, packedB, PanelColumns * depth, PanelColumns, n, c, threads, transposedResult, team);

    /// <summary>
    /// As <see cref="Multiply{T}(T[], int, int, T[], int, T[], int, T[])"/> with B read where it lies: B stored N×L
    /// (b(j, l) = b[j + l·N]) is already 8-column panels, l-major, when N is a multiple of 8.
    /// </summary>
    public static void MultiplyInPlace<T>(T[] a, int m, int depth, T[] b, int n, T[] c, int threads, T[]? transposedResult = null,
                                          ThreadTeam? team = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n % PanelColumns != 0)
            throw new ArgumentException($"B read in place needs N a multiple of {PanelColumns}.", nameof(n));
        Multiply(a, m, depth, b, PanelColumns, n, n, c, threads, transposedResult, team);
    }

    private static void Multiply<T>(T[] a, int m, int depth, T[] packedB, int panelStride, int depthStride, int n, T[] c, int threads,
                                    T[]? transposedResult, ThreadTeam? team)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lanes = Vector512<T>.Count;
        if (m < lanes)
            throw new ArgumentException($"A needs at least {lanes} rows.", nameof(m));
        if (a.Length < m * depth || c.Length < m * n || packedB.Length < (long)(n - 1) / PanelColumns * panelStride + (long)(depth - 1) * depthStride + PanelColumns)
            throw new ArgumentException("an operand is shorter than its shape.");
        var panelRows = VectorsPerPanel * lanes;
        var panels = (m + panelRows - 1) / panelRows;
        if (team is not null && team.Parts > 1)
        {
            team.ForEachPart(panels, (first, count, _) =>
            {
                if (count > 0)
                    Rows(a, m, depth, packedB, panelStride, depthStride, n, c, transposedResult, first, first + count);
            });
            return;
        }

        threads = Math.Clamp(threads, 1, panels);
        if (threads == 1)
        {
            Rows(a, m, depth, packedB, panelStride, depthStride, n, c, transposedResult, 0, panels);
            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => Rows(a, m, depth, packedB, panelStride, depthStride, n, c, transposedResult, (int)((long)panels * t / threads), (int)((long)panels * (t + 1) / threads)));
    }

    /// <summary>Row panels [first, end) of C, every block of depth and every panel of B.</summary>
    private static void Rows<T>(T[] a, int m, int depth, T[] packedB, int panelStride, int depthStride, int n, T[] c, T[]? transposedResult, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lanes = Vector512<T>.Count;
        var panelRows = VectorsPerPanel * lanes;
        // Blocks of equal depth, none longer than DepthBlock (a last block of a few depths would pay a tile's
        // loads and stores of C for little arithmetic).
        var blocks = (depth + DepthBlock<T>() - 1) / DepthBlock<T>();
        var block = (depth + blocks - 1) / blocks;
        var bPanels = (n + PanelColumns - 1) / PanelColumns;
        if (transposedResult is not null && transposedResult.Length < m * n)
            throw new ArgumentException("the transposed result is shorter than N×M.", nameof(transposedResult));
        var buffer = stackalloc T[PanelColumns * (VectorsPerPanel + 1) * lanes];
        fixed (T* ap = a, bp = packedB, cp = c, tp = transposedResult)
        {
            for (var l0 = 0; l0 < depth; l0 += block)
            {
                var kc = Math.Min(block, depth - l0);
                for (var panel = first; panel < end; panel++)
                {
                    var m0 = panel * panelRows;
                    var rows = Math.Min(panelRows, m - m0);
                    // Vector i starts at row 16i of the panel, or ends at row M where the panel is short; it owns
                    // the rows from 16i on (masks say which lanes those are).
                    int o0 = Math.Min(0, rows - lanes), o1 = Math.Min(lanes, rows - lanes), o2 = Math.Min(2 * lanes, rows - lanes);
                    var full = rows == panelRows;
                    // The rows of A the next tile column will read (the next panel, or the first of the next block).
                    T* next = panel + 1 < end ? ap + m0 + panelRows + (long)l0 * m
                            : l0 + block < depth ? ap + first * panelRows + (long)(l0 + block) * m : null;
                    for (var p = 0; p < bPanels; p++)
                    {
                        // The first three tiles each fetch one of the next panel's vectors per depth, into L1.
                        Tile(p < VectorsPerPanel && next != null ? next + p * lanes : null, ap + m0 + (long)l0 * m, m,
                             bp + (long)p * panelStride + (long)l0 * depthStride, depthStride, kc,
                             cp + m0 + (long)p * PanelColumns * m, m, Math.Min(PanelColumns, n - p * PanelColumns),
                             o0, o1, o2, full, l0 > 0, lanes, l0 + block >= depth && tp != null ? buffer : null);
                        if (l0 + block >= depth && tp != null)
                        {
                            // The buffer holds column j's rows from -lanes on at j·4·lanes; rows [0, rows) are the tile's.
                            var width = Math.Min(PanelColumns, n - p * PanelColumns);
                            for (var r = 0; r < rows; r++)
                            {
                                T* to = tp + (long)(m0 + r) * n + p * PanelColumns;
                                for (var j = 0; j < width; j++)
                                    to[j] = buffer[j * (VectorsPerPanel + 1) * lanes + lanes + r];
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Avx512F.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Avx512F.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    /// <summary>Lanes j of a vector starting at row <paramref name="offset"/> of a panel that vector <paramref name="index"/> owns: offset + j ≥ index·lanes.</summary>
    private static Vector512<T> Owned<T>(int offset, int index, int lanes) where T : unmanaged, INumberBase<T>
    {
        var mask = Vector512<T>.Zero;
        var all = Vector512<T>.AllBitsSet;
        for (var j = 0; j < lanes; j++)
        {
            if (offset + j >= index * lanes)
                mask = mask.WithElement(j, all.GetElement(0));
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(T* c, int o0, int o1, int o2, bool full, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, int lanes)
        where T : unmanaged, INumberBase<T>
    {
        if (full)
        {
            x0.Store(c);
            x1.Store(c + lanes);
            x2.Store(c + 2 * lanes);
            return;
        }

        MaskStore(c + o0, Owned<T>(o0, 0, lanes), x0);
        MaskStore(c + o1, Owned<T>(o1, 1, lanes), x1);
        MaskStore(c + o2, Owned<T>(o2, 2, lanes), x2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lay<T>(T* q, int o0, int o1, int o2, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, int lanes) where T : unmanaged
    {
        x0.Store(q + o0);
        x1.Store(q + o1);
        x2.Store(q + o2);
    }

    private static void MaskStore<T>(T* c, Vector512<T> mask, Vector512<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Avx512F.MaskStore((float*)c, mask.AsSingle(), x.AsSingle());
        else
            Avx512F.MaskStore((double*)c, mask.AsDouble(), x.AsDouble());
    }

    /// <summary>
    /// One micro-tile: C's rows at o0, o1, o2 (one vector each) × <paramref name="width"/> ≤ 8 columns, += (or =)
    /// Σ over kc depths of A's rows times a packed B panel's entries.
    /// </summary>
    private static void Tile<T>(T* next, T* a, int lda, T* b, int ldb, int kc, T* c, int ldc, int width, int o0, int o1, int o2, bool full, bool accumulate, int lanes, T* buffer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> c00 = default, c10 = default, c20 = default, c01 = default, c11 = default, c21 = default,
                     c02 = default, c12 = default, c22 = default, c03 = default, c13 = default, c23 = default,
                     c04 = default, c14 = default, c24 = default, c05 = default, c15 = default, c25 = default,
                     c06 = default, c16 = default, c26 = default, c07 = default, c17 = default, c27 = default;
        if (accumulate)
        {
            // Lanes a vector does not own are loaded too and never stored back.
            T* q = c;
            c00 = Vector512.Load(q + o0); c10 = Vector512.Load(q + o1); c20 = Vector512.Load(q + o2);
            if (width > 1) { q += ldc; c01 = Vector512.Load(q + o0); c11 = Vector512.Load(q + o1); c21 = Vector512.Load(q + o2); }
            if (width > 2) { q += ldc; c02 = Vector512.Load(q + o0); c12 = Vector512.Load(q + o1); c22 = Vector512.Load(q + o2); }
            if (width > 3) { q += ldc; c03 = Vector512.Load(q + o0); c13 = Vector512.Load(q + o1); c23 = Vector512.Load(q + o2); }
            if (width > 4) { q += ldc; c04 = Vector512.Load(q + o0); c14 = Vector512.Load(q + o1); c24 = Vector512.Load(q + o2); }
            if (width > 5) { q += ldc; c05 = Vector512.Load(q + o0); c15 = Vector512.Load(q + o1); c25 = Vector512.Load(q + o2); }
            if (width > 6) { q += ldc; c06 = Vector512.Load(q + o0); c16 = Vector512.Load(q + o1); c26 = Vector512.Load(q + o2); }
            if (width > 7) { q += ldc; c07 = Vector512.Load(q + o0); c17 = Vector512.Load(q + o1); c27 = Vector512.Load(q + o2); }
        }

        T* x = a;
        if (next != null)
        {
            // One vector of the next row panel's slice of A per depth, fetched while this one computes: its columns
            // are lda apart (a page or more), which the hardware prefetcher does not follow (at K = 88, float: 6.2
            // against 5.4 ms for V·Hᵀ; into L2 only, as without).
            for (var l = 0; l < kc; l++)
            {
                var x0 = Vector512.Load(x + o0);
                var x1 = Vector512.Load(x + o1);
                var x2 = Vector512.Load(x + o2);
                Sse.Prefetch0(next);
                var y = Vector512.Create(b[0]);
                c00 = Fma(x0, y, c00); c10 = Fma(x1, y, c10); c20 = Fma(x2, y, c20);
                y = Vector512.Create(b[1]);
                c01 = Fma(x0, y, c01); c11 = Fma(x1, y, c11); c21 = Fma(x2, y, c21);
                y = Vector512.Create(b[2]);
                c02 = Fma(x0, y, c02); c12 = Fma(x1, y, c12); c22 = Fma(x2, y, c22);
                y = Vector512.Create(b[3]);
                c03 = Fma(x0, y, c03); c13 = Fma(x1, y, c13); c23 = Fma(x2, y, c23);
                y = Vector512.Create(b[4]);
                c04 = Fma(x0, y, c04); c14 = Fma(x1, y, c14); c24 = Fma(x2, y, c24);
                y = Vector512.Create(b[5]);
                c05 = Fma(x0, y, c05); c15 = Fma(x1, y, c15); c25 = Fma(x2, y, c25);
                y = Vector512.Create(b[6]);
                c06 = Fma(x0, y, c06); c16 = Fma(x1, y, c16); c26 = Fma(x2, y, c26);
                y = Vector512.Create(b[7]);
                c07 = Fma(x0, y, c07); c17 = Fma(x1, y, c17); c27 = Fma(x2, y, c27);
                x += lda;
                next += lda;
                b += ldb;
            }

            kc = 0;
        }

        for (var l = 0; l < kc; l++)
        {
            var x0 = Vector512.Load(x + o0);
            var x1 = Vector512.Load(x + o1);
            var x2 = Vector512.Load(x + o2);
            var y = Vector512.Create(b[0]);
            c00 = Fma(x0, y, c00); c10 = Fma(x1, y, c10); c20 = Fma(x2, y, c20);
            y = Vector512.Create(b[1]);
            c01 = Fma(x0, y, c01); c11 = Fma(x1, y, c11); c21 = Fma(x2, y, c21);
            y = Vector512.Create(b[2]);
            c02 = Fma(x0, y, c02); c12 = Fma(x1, y, c12); c22 = Fma(x2, y, c22);
            y = Vector512.Create(b[3]);
            c03 = Fma(x0, y, c03); c13 = Fma(x1, y, c13); c23 = Fma(x2, y, c23);
            y = Vector512.Create(b[4]);
            c04 = Fma(x0, y, c04); c14 = Fma(x1, y, c14); c24 = Fma(x2, y, c24);
            y = Vector512.Create(b[5]);
            c05 = Fma(x0, y, c05); c15 = Fma(x1, y, c15); c25 = Fma(x2, y, c25);
            y = Vector512.Create(b[6]);
            c06 = Fma(x0, y, c06); c16 = Fma(x1, y, c16); c26 = Fma(x2, y, c26);
            y = Vector512.Create(b[7]);
            c07 = Fma(x0, y, c07); c17 = Fma(x1, y, c17); c27 = Fma(x2, y, c27);
            x += lda;
            b += ldb;
        }

        if (buffer != null)
        {
            // Every lane holds its row's sum (lanes a vector does not own were summed from the same rows), so the
            // vectors are laid down in order at their rows, lanes rows up, and the caller reads rows [0, panel).
            var stride = (VectorsPerPanel + 1) * lanes;
            T* q = buffer + lanes;
            Lay(q, o0, o1, o2, c00, c10, c20, lanes); q += stride;
            Lay(q, o0, o1, o2, c01, c11, c21, lanes); q += stride;
            Lay(q, o0, o1, o2, c02, c12, c22, lanes); q += stride;
            Lay(q, o0, o1, o2, c03, c13, c23, lanes); q += stride;
            Lay(q, o0, o1, o2, c04, c14, c24, lanes); q += stride;
            Lay(q, o0, o1, o2, c05, c15, c25, lanes); q += stride;
            Lay(q, o0, o1, o2, c06, c16, c26, lanes); q += stride;
            Lay(q, o0, o1, o2, c07, c17, c27, lanes);
            return;
        }

        T* s = c;
        Put(s, o0, o1, o2, full, c00, c10, c20, lanes);
        if (width > 1) { s += ldc; Put(s, o0, o1, o2, full, c01, c11, c21, lanes); }
        if (width > 2) { s += ldc; Put(s, o0, o1, o2, full, c02, c12, c22, lanes); }
        if (width > 3) { s += ldc; Put(s, o0, o1, o2, full, c03, c13, c23, lanes); }
        if (width > 4) { s += ldc; Put(s, o0, o1, o2, full, c04, c14, c24, lanes); }
        if (width > 5) { s += ldc; Put(s, o0, o1, o2, full, c05, c15, c25, lanes); }
        if (width > 6) { s += ldc; Put(s, o0, o1, o2, full, c06, c16, c26, lanes); }
        if (width > 7) { s += ldc; Put(s, o0, o1, o2, full, c07, c17, c27, lanes); }
    }
}
