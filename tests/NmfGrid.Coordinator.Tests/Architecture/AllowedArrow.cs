namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// A dependency a <see cref="DependencyRule"/> forbids but lets one type have: <paramref name="From"/> (a type's full name)
/// may use <paramref name="To"/> (a type's or a namespace's full name) and nothing else the rule forbids, for the reason given.
/// </summary>
public sealed record AllowedArrow(string From, string To, string Why);
