namespace NmfGrid.Coordinator.Web;

/// <summary>A results explorer option that cannot be used, named in the message (never a token's value).</summary>
public sealed class WebSettingsException(string message) : Exception(message);
