namespace NmfGrid.Coordinator.Hosting;

/// <summary>A cluster setting (command line or environment) is unusable; the message names the option or variable.</summary>
public sealed class ClusterSettingsException(string message) : Exception(message);
