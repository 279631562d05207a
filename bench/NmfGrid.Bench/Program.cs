using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/NmfGrid.Bench -- --filter '*'` runs every benchmark;
// bench/run-mu-vs-sklearn.sh runs the MU benchmark beside scikit-learn and prints the ratios.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
