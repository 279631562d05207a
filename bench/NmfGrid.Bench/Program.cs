using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/NmfGrid.Bench -- --filter '*'` runs every benchmark.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
