using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Coordinator.Commands;

/// <summary>One `nmfgrid nmf` run as the command line asked for it, validated.</summary>
internal sealed record NmfRequest(
    string? Input,
    string? W0,
    string? H0,
    bool Demo,
    string Algorithm,
    string Initialisation,
    NmfOptions Options,
    string Backend,
    int Threads,
    string Dtype,
    string OutputDirectory);
