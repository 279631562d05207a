namespace NmfGrid.Coordinator.Commands;

/// <summary>A bad input to `nmfgrid nmf`, already worded for the user (it names the option or file at fault).</summary>
internal sealed class NmfCommandException(string message) : Exception(message);
