using BenchmarkDotNet.Running;
using NmfGrid.Bench;

// `dotnet run -c Release --project bench/NmfGrid.Bench -- --filter '*'` runs every benchmark;
// `… -- roofline --threads 1 --dtype float64` prints the MU roofline per cell (bench/run-nmf-vs-sklearn.sh uses it);
// bench/run-mu-vs-sklearn.sh runs the MU benchmark beside scikit-learn and prints the ratios.
// `… -- results-page [--rows 100000] [--postgres]` times the results explorer's sweep page on a filled results table.
// `… -- live-view [--jobs 100000] [--rounds 5]` measures no-op dispatch with and without an open live page beside the grid.
if (args.Length > 0 && args[0] == "roofline")
    return Roofline.Run(args[1..]);
// `… -- mu-steps --threads 2 --dtype float32 --rank 10`: one β=2 MU iteration's time, step by step.
if (args.Length > 0 && args[0] == "mu-steps")
    return MuStepTimes.Run(args[1..]);
// `… -- thin-products --threads 1 --dtype float32 --rank 88`: β=2's data products, OpenBLAS against ThinProduct.
if (args.Length > 0 && args[0] == "thin-products")
    return ThinProductTimes.Run(args[1..]);
// `… -- split-steps --parts 2 --dtype float64 --rank 88`: β=2's iteration split over threads of our own, phase by phase.
if (args.Length > 0 && args[0] == "split-steps")
    return SplitIterationTimes.Run(args[1..]);
// `… -- long-sweeps --sweeps 20 --jobs 50000`: sweeps one after another, memory, snapshots, recovery (bench/run-long-sweeps.sh).
if (args.Length > 0 && args[0] == "long-sweeps")
    return NmfGrid.Bench.Grid.LongSweeps.Run(args[1..]);
// `… -- killed-sweeps --sweeps 1 --jobs 1000000`: each sweep's process killed with SIGKILL half-way and recovered by a new one (bench/run-killed-sweeps.sh).
if (args.Length > 0 && args[0] == "killed-sweeps")
    return NmfGrid.Bench.Grid.KilledSweeps.Run(args[1..]);
if (args.Length > 0 && args[0] == "killed-sweeps-child")
    return await NmfGrid.Bench.Grid.KilledSweeps.Child(args[1..]);
if (args.Length > 0 && args[0] == "results-page")
    return await NmfGrid.Bench.Grid.ResultsPageTiming.Run(args[1..]);
if (args.Length > 0 && args[0] == "live-view")
    return await NmfGrid.Bench.Grid.LiveViewCost.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
